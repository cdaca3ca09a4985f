// Migration to schema 2, the app-layer fields read from EVE alerts, and regrouping
// a store: incidents, campaigns and their reasons land in the agreed tables, and a
// second regroup or a later capture leaves what did not change alone.
#include <unistd.h>
#include <gtest/gtest.h>

#include "store/alert_store.h"
#include "store/campaign_store.h"
#include "store/eve_alert.h"
#include "store/eve_ingest.h"
#include "store/schema.h"
#include "store_test_util.h"

using namespace vigie::store;
using namespace vigie::store::test;

namespace {

constexpr int64_t kHour = 3600LL * 1000000;

int64_t scalar(Db& db, const std::string& sql) {
    auto q = db.prepare(sql);
    EXPECT_TRUE(q) << (q ? "" : q.error());
    if (!q) return -1;
    auto r = q->step();
    EXPECT_TRUE(r && *r) << sql;
    return q->int64(0);
}

std::vector<std::string> column(Db& db, const std::string& sql) {
    std::vector<std::string> out;
    auto q = db.prepare(sql);
    EXPECT_TRUE(q) << (q ? "" : q.error());
    while (q && *q->step()) out.push_back(q->text(0));
    return out;
}

std::string eve_alert(const std::string& ts, const std::string& src, const std::string& dst, int sid,
                      const std::string& sig, const std::string& app = "") {
    return "{\"timestamp\":\"" + ts + "\",\"event_type\":\"alert\",\"src_ip\":\"" + src +
           "\",\"src_port\":40000,\"dest_ip\":\"" + dst + "\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{"
           "\"gid\":1,\"signature_id\":" + std::to_string(sid) + ",\"signature\":\"" + sig +
           "\",\"category\":\"Web Application Attack\"}" + app + "}\n";
}

}  // namespace

TEST(CampaignStore, VersionOneStoreMigratesAndKeepsItsRows) {
    const std::string path = fresh_db("v1");
    {
        auto db = Db::open(path, true);
        ASSERT_TRUE(db);
        auto v = migrate(**db, 1);
        ASSERT_TRUE(v) << v.error();
        ASSERT_EQ(*v, 1);
        ASSERT_TRUE((*db)->exec(
            "INSERT INTO captures (id, sha256, kind, ingested_at) VALUES (1, 'x', 'eve', 'then');"
            "INSERT INTO alerts (capture_id, ts, timestamp, month, gid, sid, signature, attacker_ip, target_ip, "
            "attacker_side, side_reason, attacker_country, target_org, target_sector, target_criticality) VALUES "
            "(1, 0, 't', '1970-01', 1, 5, 'ET SCAN old one', '203.0.113.1', '192.0.2.1', 'src', 'd', 'unknown', "
            "'unknown', 'unknown', 'unknown'),"
            "(1, 1000000, 't', '1970-01', 1, 5, 'ET SCAN old one', '203.0.113.2', '192.0.2.2', 'src', 'd', "
            "'unknown', 'unknown', 'unknown', 'unknown');"));
    }
    auto store = AlertStore::open(path);
    ASSERT_TRUE(store) << store.error();
    Db& db = (*store)->db();
    EXPECT_EQ(scalar(db, "SELECT MAX(version) FROM schema_migrations"), kSchemaVersion);  // every migration after 1 ran
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM alerts WHERE signature = 'ET SCAN old one'"), 2);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM alerts WHERE incident_id IS NULL AND ja3 IS NULL"), 2);
    auto rep = regroup(db, kHour);
    ASSERT_TRUE(rep) << rep.error();
    // Two attackers (one incident each) in one /24: one campaign.
    EXPECT_EQ(rep->incidents, 2);
    EXPECT_EQ(rep->campaigns, 1);
    EXPECT_EQ(column(db, "SELECT reason FROM campaign_links WHERE incident_id = 2"),
              (std::vector<std::string>{"same /24 203.0.113.0/24"}));
}

TEST(CampaignStore, AppLayerFieldsFromSuricataAlert) {
    const std::string line =
        "{\"timestamp\":\"2024-05-01T10:00:00.000000+0000\",\"event_type\":\"alert\",\"src_ip\":\"1.2.3.4\","
        "\"dest_ip\":\"10.0.0.1\",\"alert\":{\"signature_id\":1,\"signature\":\"ET X y\"},"
        "\"http\":{\"hostname\":\"evil.example\",\"url\":\"/gate.php?id=1\",\"http_user_agent\":\"Bot/1.0 (x)\"},"
        "\"tls\":{\"sni\":\"c2.example\",\"ja3\":{\"hash\":\"e7d705a3286e19ea42f587b344ee6865\",\"string\":\"771,\"},"
        "\"ja4\":\"t13d1516h2_8daaf6152771_02713d6af862\"},"
        "\"dns\":{\"query\":[{\"type\":\"query\",\"rrname\":\"c2.example\",\"rrtype\":\"A\"}]},"
        "\"files\":[{\"filename\":\"/a.exe\"},{\"filename\":\"/b.exe\",\"sha256\":\"ab12\"}]}";
    auto r = parse_eve_alert(line);
    ASSERT_TRUE(r && *r) << (r ? "not an alert" : r.error());
    const AlertRow& a = **r;
    EXPECT_EQ(a.http_hostname, "evil.example");
    EXPECT_EQ(a.http_url, "/gate.php?id=1");
    EXPECT_EQ(a.http_user_agent, "Bot/1.0 (x)");
    EXPECT_EQ(a.tls_sni, "c2.example");
    EXPECT_EQ(a.ja3, "e7d705a3286e19ea42f587b344ee6865");
    EXPECT_EQ(a.ja4, "t13d1516h2_8daaf6152771_02713d6af862");
    EXPECT_EQ(a.dns_rrname, "c2.example");
    EXPECT_EQ(a.file_sha256, "ab12");
    // EVE v3 (Vigie's alerts): dns.queries[]; fileinfo for a file record; wrong types are ignored.
    auto v3 = parse_eve_alert(
        "{\"timestamp\":\"2024-05-01T10:00:00Z\",\"event_type\":\"alert\",\"alert\":{\"signature_id\":1},"
        "\"dns\":{\"version\":3,\"queries\":[{\"rrname\":\"x.example\"}]},\"fileinfo\":{\"sha256\":\"cd34\"},"
        "\"tls\":{\"ja3\":\"not-an-object\"},\"http\":[1]}");
    ASSERT_TRUE(v3 && *v3);
    EXPECT_EQ((*v3)->dns_rrname, "x.example");
    EXPECT_EQ((*v3)->file_sha256, "cd34");
    EXPECT_FALSE((*v3)->ja3);
    EXPECT_FALSE((*v3)->http_url);
}

// Fixture, worked out by hand: actor 1 probes 10.0.0.5 from 45.1.1.10 in 2021 and
// from 91.2.2.20 in 2023 with the same tool (user agent and URL): one campaign
// linked by those two. 77.7.7.7 in 2023 uses another tool: no campaign. 45.1.1.10
// comes back 3 hours after its first visit: a second incident, same /24.
TEST(CampaignStore, RegroupFillsTablesAndKeepsStableIds) {
    const std::string tool = ",\"http\":{\"url\":\"/cgi-bin/luci/;stok=12/admin\",\"http_user_agent\":\"Gh0stProbe/1.3\"}";
    const std::string eve1 = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-c1.eve.json";
    write_file(eve1, eve_alert("2021-03-01T10:00:00Z", "45.1.1.10", "10.0.0.5", 1, "ET EXPLOIT luci", tool) +
                         eve_alert("2021-03-01T10:20:00Z", "45.1.1.10", "10.0.0.5", 2, "ET EXPLOIT luci 2", tool) +
                         eve_alert("2021-03-01T13:20:01Z", "45.1.1.10", "10.0.0.5", 1, "ET EXPLOIT luci", tool) +
                         eve_alert("2023-01-10T08:00:00Z", "91.2.2.20", "10.0.0.6", 1, "ET EXPLOIT luci", tool) +
                         eve_alert("2023-01-10T09:00:00Z", "77.7.7.7", "10.0.0.6", 1, "ET EXPLOIT luci"));
    auto store = AlertStore::open(fresh_db("regroup"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(ingest_eve_file(**store, nullptr, eve1, CaptureInfo{}, nullptr));
    Db& db = (*store)->db();
    auto rep = regroup(db, kHour);
    ASSERT_TRUE(rep) << rep.error();
    EXPECT_EQ(rep->alerts, 5);
    EXPECT_EQ(rep->incidents, 4);
    EXPECT_EQ(rep->campaigns, 1);
    EXPECT_EQ(rep->incidents_in_campaigns, 3);
    EXPECT_EQ(rep->alerts_updated, 5);
    EXPECT_EQ(column(db, "SELECT id || ' ' || attacker_ip || ' ' || alerts || ' ' || COALESCE(campaign_id, '-') || ' ' "
                         "|| signature_family FROM incidents ORDER BY id"),
              (std::vector<std::string>{"1 45.1.1.10 2 1 ET EXPLOIT", "2 45.1.1.10 1 1 ET EXPLOIT",
                                        "3 91.2.2.20 1 1 ET EXPLOIT", "4 77.7.7.7 1 - ET EXPLOIT"}));
    EXPECT_EQ(column(db, "SELECT incident_id || '<' || COALESCE(linked_to_incident, '-') || ': ' || reason "
                         "FROM campaign_links ORDER BY incident_id"),
              (std::vector<std::string>{
                  "1<-: founder: earliest incident of the campaign",
                  "2<1: same /24 45.1.1.0/24; same user agent Gh0stProbe/1.3; same URI pattern /cgi-bin/luci/;stok=N/admin",
                  "3<1: same user agent Gh0stProbe/1.3; same URI pattern /cgi-bin/luci/;stok=N/admin"}));
    EXPECT_EQ(column(db, "SELECT alerts || ' ' || incidents || ' ' || first_seen || ' ' || last_seen FROM campaigns"),
              (std::vector<std::string>{"4 3 " + std::to_string(*parse_time_bound("2021-03-01T10:00:00Z")) + " " +
                                        std::to_string(*parse_time_bound("2023-01-10T08:00:00Z"))}));
    EXPECT_EQ(counts(db, "campaign"), (std::map<std::string, int64_t>{
                                          {"#1 45.1.1.0/24 / ET EXPLOIT / ua Gh0stProbe/1.3", 4}, {"none", 1}}));

    // Nothing new: nothing rewritten, same tables.
    const auto links = column(db, "SELECT reason FROM campaign_links ORDER BY incident_id");
    auto again = regroup(db, kHour);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->alerts_updated, 0);
    EXPECT_EQ(column(db, "SELECT reason FROM campaign_links ORDER BY incident_id"), links);

    // A later capture: 91.2.2.77 in 2024 (same /24 as 91.2.2.20) joins the campaign;
    // only its alert gets an incident id written, older incidents keep theirs.
    const std::string eve2 = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-c2.eve.json";
    write_file(eve2, eve_alert("2024-06-01T00:00:00Z", "91.2.2.77", "10.0.0.9", 9, "ET SCAN telnet"));
    ASSERT_TRUE(ingest_eve_file(**store, nullptr, eve2, CaptureInfo{}, nullptr));
    auto grown = regroup(db, kHour);
    ASSERT_TRUE(grown);
    EXPECT_EQ(grown->alerts_updated, 1);
    EXPECT_EQ(grown->campaigns, 1);
    EXPECT_EQ(column(db, "SELECT linked_to_incident || ': ' || reason FROM campaign_links WHERE incident_id = 5"),
              (std::vector<std::string>{"3: same /24 91.2.2.0/24"}));
    EXPECT_EQ(scalar(db, "SELECT incidents FROM campaigns WHERE id = 1"), 4);
    EXPECT_EQ(scalar(db, "SELECT COUNT(*) FROM alerts WHERE incident_id IS NULL"), 0);
}
