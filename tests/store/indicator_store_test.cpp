#include <gtest/gtest.h>

#include <map>

#include "store/alert_store.h"
#include "store/eve_ingest.h"
#include "store/indicator_store.h"
#include "store_test_util.h"

using namespace vigie;
using namespace vigie::store;
using namespace vigie::store::test;

namespace {

intel::Indicator ind(std::string ref, intel::ObservableKind k, std::string value, std::string modified = "") {
    intel::Indicator i;
    i.ref = std::move(ref);
    i.pattern = value;
    i.modified = std::move(modified);
    i.observables.push_back(intel::Observable{k, std::move(value)});
    return i;
}

// ref -> "kind value" of the active observables
std::multimap<std::string, std::string> active(Db& db) {
    std::multimap<std::string, std::string> out;
    auto n = for_each_active_observable(db, [&](const ActiveObservable& o) {
        out.emplace(std::string(o.ref), std::string(o.kind) + " " + std::string(o.value));
    });
    EXPECT_TRUE(n) << n.error();
    return out;
}

}  // namespace

TEST(IndicatorStore, ReimportIsIdempotentAndVersioned) {
    const std::string path = fresh_db("indicators");
    auto st = AlertStore::open(path);
    ASSERT_TRUE(st) << st.error();
    Db& db = (*st)->db();
    const FeedImport feed{"partner", "stix", "x.json"};
    std::vector<intel::Indicator> v = {ind("indicator--1", intel::ObservableKind::Ip, "192.0.2.1", "2024-01-01T00:00:00.000Z"),
                                       ind("indicator--2", intel::ObservableKind::Domain, "bad.example", "2024-01-01T00:00:00.000Z")};
    auto n = import_indicators(db, feed, v);
    ASSERT_TRUE(n) << n.error();
    EXPECT_EQ(n->added, 2u);
    n = import_indicators(db, feed, v);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->added, 0u);
    EXPECT_EQ(n->unchanged, 2u);
    EXPECT_EQ(active(db).size(), 2u);

    // A newer version replaces the value; an older one is ignored.
    auto newer = ind("indicator--1", intel::ObservableKind::Ip, "192.0.2.9", "2024-02-01T00:00:00.000Z");
    auto older = ind("indicator--2", intel::ObservableKind::Domain, "old.example", "2023-01-01T00:00:00.000Z");
    n = import_indicators(db, feed, {newer, older});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->updated, 1u);
    EXPECT_EQ(n->older, 1u);
    auto a = active(db);
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a.find("indicator--1")->second, "ip 192.0.2.9");
    EXPECT_EQ(a.find("indicator--2")->second, "domain bad.example");

    // Revoked: kept in the store, not loaded for detection.
    auto rev = newer;
    rev.modified = "2024-03-01T00:00:00.000Z";
    rev.revoked = true;
    n = import_indicators(db, feed, {rev});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->updated, 1u);
    a = active(db);
    EXPECT_EQ(a.count("indicator--1"), 0u);
    EXPECT_EQ(a.size(), 1u);

    // The same ref in another feed is another indicator.
    n = import_indicators(db, FeedImport{"other", "plain", "y.txt"}, {ind("indicator--2", intel::ObservableKind::Domain, "bad.example")});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->added, 1u);
    EXPECT_EQ(active(db).size(), 2u);
}

TEST(IndicatorStore, DatabaseWithoutIndicatorTablesYieldsNone) {
    const std::string path = fresh_db("noindicators");
    auto db = Db::open(path, true);
    ASSERT_TRUE(db);
    auto n = for_each_active_observable(**db, [](const ActiveObservable&) {});
    ASSERT_TRUE(n) << n.error();
    EXPECT_EQ(*n, 0u);
}

TEST(IndicatorStore, SightingStoredWithItsAlert) {
    const std::string path = fresh_db("sightings");
    const std::string eve = path + ".eve.json";
    write_file(eve,
               R"({"timestamp":"2024-03-01T10:00:00.000000+0000","flow_id":7,"pcap_cnt":3,"event_type":"alert","src_ip":"10.0.0.1","src_port":1234,"dest_ip":"192.0.2.1","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":2100000001,"rev":1,"signature":"VIGIE INTEL address","category":"","severity":2},"vigie":{"indicator":{"id":"indicator--1","feed":"partner","confidence":80,"kind":"ip","value":"192.0.2.0/24","matched":"192.0.2.1"},"evidence":{"id":"abcd.0","record_sha256":"00ff","log_index":0}}}
{"timestamp":"2024-03-01T10:00:01.000000+0000","flow_id":7,"pcap_cnt":4,"event_type":"alert","src_ip":"10.0.0.1","src_port":1234,"dest_ip":"192.0.2.1","dest_port":80,"proto":"TCP","alert":{"action":"allowed","gid":1,"signature_id":5,"rev":1,"signature":"rule","category":"","severity":2}}
{"timestamp":"2024-03-01T10:00:02.000000+0000","event_type":"alert","src_ip":"10.0.0.1","dest_ip":"192.0.2.1","proto":"TCP","alert":{"signature_id":2100000001},"vigie":{"indicator":{"feed":"x"}}}
)");
    for (int pass = 0; pass < 2; ++pass) {
        auto st = AlertStore::open(path);
        ASSERT_TRUE(st);
        CaptureInfo cap;
        auto rep = ingest_eve_file(**st, nullptr, eve, cap, nullptr);
        ASSERT_TRUE(rep) << rep.error();
        EXPECT_EQ(rep->bad_lines, 1u);  // an indicator without an id
    }
    auto db = Db::open(path, false);
    auto q = (*db)->prepare(
        "SELECT COUNT(*), s.indicator_ref, s.feed, s.confidence, s.matched, a.evidence_id FROM intel_sightings s "
        "JOIN alerts a ON a.id = s.alert_id");
    ASSERT_TRUE(q);
    ASSERT_TRUE(*q->step());
    EXPECT_EQ(q->int64(0), 1);
    EXPECT_EQ(q->text(1), "indicator--1");
    EXPECT_EQ(q->text(2), "partner");
    EXPECT_EQ(q->int64(3), 80);
    EXPECT_EQ(q->text(4), "192.0.2.1");
    EXPECT_EQ(q->text(5), "abcd.0");
}
