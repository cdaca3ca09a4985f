// Campaign views on both schemas: a store without the campaigns tables (version 1)
// gives empty views and a note, never an error; a store with them (the tables as
// agreed with the campaign stage, filled here by hand) gives the campaigns, their
// timeline and their alerts, filters included.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/sqlite_db.h"
#include "web/api.h"
#include "web_test_util.h"

using namespace vigie;
using namespace vigie::web;
using namespace vigie::web::test;
using nlohmann::json;

namespace {

json get(store::Db& db, const std::string& path, const Params& p) {
    ApiResponse r = handle_api(db, path, p);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
}

void exec(const std::string& path, const std::string& sql) {
    auto db = store::Db::open(path, false);
    ASSERT_TRUE(db) << db.error();
    auto r = (*db)->exec(sql);
    ASSERT_TRUE(r) << r.error();
}

// The agreed schema (docs/prompts: migration 2), created only when the store does
// not have it yet (a Vigie whose migrations already add it).
void add_campaign_tables(const std::string& path) {
    auto db = store::Db::open(path, false);
    ASSERT_TRUE(db);
    if (store::has_campaigns(**db)) return;
    auto r = (*db)->exec(R"(
ALTER TABLE alerts ADD COLUMN incident_id INTEGER;
CREATE TABLE campaigns (id INTEGER PRIMARY KEY, label TEXT NOT NULL, first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL, alerts INTEGER NOT NULL, incidents INTEGER NOT NULL);
CREATE TABLE incidents (id INTEGER PRIMARY KEY, campaign_id INTEGER REFERENCES campaigns(id),
  attacker_ip TEXT NOT NULL, target_org TEXT NOT NULL, target_sector TEXT NOT NULL, target_ip TEXT,
  signature_family TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, alerts INTEGER NOT NULL);
CREATE TABLE campaign_links (campaign_id INTEGER NOT NULL, incident_id INTEGER NOT NULL,
  linked_to_incident INTEGER, reason TEXT NOT NULL);
INSERT INTO schema_migrations VALUES (2, 'incidents and campaigns', '2026-01-01T00:00:00Z');
)");
    ASSERT_TRUE(r) << r.error();
}

// 2024-01-20T11:00:00Z and 2024-02-15T12:00:00Z, 2024-01-10T10:00:00Z and 2024-03-01T00:00:00Z in us.
constexpr int64_t kC1First = 1705748400000000, kC1Last = 1707998400000000;
constexpr int64_t kC2First = 1704880800000000, kC2Last = 1709251200000000;

}  // namespace

TEST(Campaigns, SchemaOneStoreGivesEmptyViewsWithANote) {
    VIGIE_NEED_GEO();
    const std::string path = make_store("v1");
    // A Vigie whose migrations already create the campaign tables: back to version 1.
    exec(path, "DROP TABLE IF EXISTS campaign_links; DROP TABLE IF EXISTS incidents; DROP TABLE IF EXISTS campaigns;");
    auto db = open_ro(path);
    ASSERT_TRUE(db);
    json c = get(*db, "/api/campaigns", {});
    EXPECT_FALSE(c["available"]);
    EXPECT_TRUE(c["campaigns"].empty());
    EXPECT_NE(c["note"].get<std::string>().find("no campaigns yet"), std::string::npos) << c["note"];
    json s = get(*db, "/api/summary", {});
    EXPECT_FALSE(s["campaigns_available"]);
    EXPECT_EQ(s["alerts"], 9);
    // A campaign filter on a store without campaigns matches nothing, without error.
    EXPECT_EQ(get(*db, "/api/alerts", {{"campaign", "1"}})["total"], 0);
    EXPECT_TRUE(get(*db, "/api/stats", {{"by", "source-country"}, {"campaign", "1"}})["rows"].empty());
}

TEST(Campaigns, SchemaTwoStoreListsCampaignsAndFiltersByThem) {
    VIGIE_NEED_GEO();
    const std::string path = make_store("v2");
    add_campaign_tables(path);
    exec(path, "INSERT INTO campaigns VALUES (1, 'AS2200 / <b>MAL</b>', " + std::to_string(kC1First) + ", " +
                   std::to_string(kC1Last) + ", 3, 1);"
               "INSERT INTO campaigns VALUES (2, 'AS15169 / ET SCAN', " + std::to_string(kC2First) + ", " +
                   std::to_string(kC2Last) + ", 2, 1);"
               "INSERT INTO incidents VALUES (10, 1, '193.51.224.1', 'Orbital Lab', 'aerospace', NULL, 'MAL', " +
                   std::to_string(kC1First) + ", " + std::to_string(kC1Last) + ", 3);"
               "INSERT INTO incidents VALUES (20, 2, '8.8.8.8', 'Grid Co', 'energy', NULL, 'ET SCAN', " +
                   std::to_string(kC2First) + ", " + std::to_string(kC2Last) + ", 2);"
               "UPDATE alerts SET incident_id = 10 WHERE attacker_ip = '193.51.224.1' AND target_sector = 'aerospace';"
               "UPDATE alerts SET incident_id = 20 WHERE attacker_ip = '8.8.8.8';");
    auto db = open_ro(path);
    ASSERT_TRUE(db);
    json c = get(*db, "/api/campaigns", {});
    EXPECT_TRUE(c["available"]);
    ASSERT_EQ(c["campaigns"].size(), 2u);
    EXPECT_EQ(c["campaigns"][0]["id"], 1);  // most alerts first
    EXPECT_EQ(c["campaigns"][0]["label"], "AS2200 / <b>MAL</b>");
    EXPECT_EQ(c["campaigns"][0]["alerts"], 3);
    EXPECT_EQ(c["campaigns"][0]["first_seen"], "2024-01-20T11:00:00Z");
    EXPECT_EQ(c["campaigns"][0]["last_seen"], "2024-02-15T12:00:00Z");
    EXPECT_EQ(c["campaigns"][1]["id"], 2);
    EXPECT_EQ(c["campaigns"][1]["alerts"], 2);

    // From February: campaign 1 keeps 2 alerts (Feb 2, Feb 15), campaign 2 one (Mar 1).
    json f = get(*db, "/api/campaigns", {{"since", "2024-02"}});
    ASSERT_EQ(f["campaigns"].size(), 2u);
    EXPECT_EQ(f["campaigns"][0]["alerts"], 2);
    EXPECT_EQ(f["campaigns"][1]["alerts"], 1);
    EXPECT_EQ(f["campaigns"][1]["first_match_us"], kC2Last);

    json a = get(*db, "/api/alerts", {{"campaign", "2"}});
    EXPECT_EQ(a["total"], 2);
    EXPECT_EQ(a["alerts"][0]["campaign_id"], 2);
    EXPECT_EQ(a["alerts"][0]["attacker_ip"], "8.8.8.8");
    json st = get(*db, "/api/stats", {{"by", "target-sector"}, {"campaign", "1"}});
    ASSERT_EQ(st["rows"].size(), 1u);
    EXPECT_EQ(st["rows"][0]["target_sector"], "aerospace");
    EXPECT_EQ(st["rows"][0]["alerts"], 3);
    json s = get(*db, "/api/summary", {});
    EXPECT_TRUE(s["campaigns_available"]);
    EXPECT_EQ(s["campaigns"], 2);
}
