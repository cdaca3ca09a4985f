// Ingest of a hand-written EVE file whose expected counts are worked out in the
// comments of tests/store/fixtures (see the table below), not by the code under test.
#include <unistd.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

#include "store/eve_alert.h"
#include "store/eve_ingest.h"
#include "store_test_util.h"

using namespace vigie;
using namespace vigie::store;
using namespace vigie::store::test;

namespace {

const char* kAssets =
    "- {cidr: 10.0.0.0/8, organisation: Campus, sector: education, criticality: medium}\n"
    "- {cidr: 10.20.0.0/16, organisation: Space Lab, sector: aerospace, criticality: critical}\n"
    "- {cidr: 10.20.30.0/24, organisation: Wind tunnel, sector: research, criticality: high}\n";

std::unique_ptr<intel::Enricher> enricher_without_geo() {
    const std::string assets = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-assets.yaml";
    write_file(assets, kAssets);
    setenv("VIGIE_GEO_DIR", "/nonexistent-vigie-geo", 1);
    intel::IntelOptions o;
    o.assets = assets;
    auto e = intel::Enricher::open(o);
    unsetenv("VIGIE_GEO_DIR");
    EXPECT_TRUE(e);
    return std::move(*e);
}

}  // namespace

// The fixture, line by line: 1 alert A, 2 flow, 3 alert A, 4 not JSON, 5 alert B
// (private source, evidence id), 6 blank, 7 dns, 8 alert B (target in no asset),
// 9 alert without signature_id, 10 alert C (Suricata alert.source = dest side,
// 23:30 at -0100 = April UTC), 11 repeat of line 1.
TEST(Ingest, FixtureCountsExactAndBadLinesReported) {
    auto store = AlertStore::open(fresh_db("fixture"));
    ASSERT_TRUE(store) << store.error();
    auto enr = enricher_without_geo();
    const std::string path = fixture("mixed.eve.json");
    std::FILE* diag = std::tmpfile();
    auto rep = ingest_eve_file(**store, enr.get(), path, CaptureInfo{}, diag);
    ASSERT_TRUE(rep) << rep.error();
    EXPECT_EQ(rep->lines, 11u);
    EXPECT_EQ(rep->alerts, 6u);
    EXPECT_EQ(rep->inserted, 5u);
    EXPECT_EQ(rep->duplicates, 1u);
    EXPECT_EQ(rep->other_events, 2u);
    EXPECT_EQ(rep->bad_lines, 2u);
    EXPECT_EQ(rep->targets_unknown, 1u);  // line 8
    std::rewind(diag);
    char buf[4096] = {};
    std::fread(buf, 1, sizeof buf - 1, diag);
    std::fclose(diag);
    const std::string msgs = buf;
    EXPECT_NE(msgs.find(path + ":4: not JSON"), std::string::npos) << msgs;
    EXPECT_NE(msgs.find(path + ":9: alert without alert.signature_id"), std::string::npos) << msgs;

    Db& db = (*store)->db();
    EXPECT_EQ(counts(db, "month"),
              (std::map<std::string, int64_t>{{"2023-01", 2}, {"2023-02", 1}, {"2023-03", 1}, {"2023-04", 1}}));
    EXPECT_EQ(counts(db, "signature"), (std::map<std::string, int64_t>{{"TEST A", 2}, {"TEST B", 2}, {"TEST C", 1}}));
    EXPECT_EQ(counts(db, "target-sector"),
              (std::map<std::string, int64_t>{{"research", 2}, {"education", 1}, {"aerospace", 1}, {"unknown", 1}}));
    EXPECT_EQ(counts(db, "target-org"), (std::map<std::string, int64_t>{
                                            {"Wind tunnel", 2}, {"Campus", 1}, {"Space Lab", 1}, {"unknown", 1}}));
    EXPECT_EQ(counts(db, "source-country"), (std::map<std::string, int64_t>{{"unknown", 4}, {"private", 1}}));
    EXPECT_EQ(counts(db, "source-asn"), (std::map<std::string, int64_t>{{"unknown", 4}, {"private", 1}}));

    // Line 10: Suricata named the destination as the attacker.
    auto q = db.prepare("SELECT attacker_ip, target_ip, attacker_side, side_reason FROM alerts WHERE sid = 300");
    ASSERT_TRUE(*q->step());
    EXPECT_EQ(q->text(0), "193.0.6.139");
    EXPECT_EQ(q->text(1), "10.20.30.41");
    EXPECT_EQ(q->text(2), "dest");
    EXPECT_NE(q->text(3).find("alert.source"), std::string::npos);
    auto ev = db.prepare("SELECT evidence_id FROM alerts WHERE evidence_id IS NOT NULL");
    ASSERT_TRUE(*ev->step());
    EXPECT_EQ(ev->text(0), "0123456789abcdef.0");

    // Since/until: [2023-02, 2023-04) holds lines 5 and 8.
    auto t = run_stats(db, StatsQuery{"month", parse_time_bound("2023-02"), parse_time_bound("2023-04")});
    ASSERT_TRUE(t);
    ASSERT_EQ(t->rows.size(), 2u);
    EXPECT_EQ(t->rows[0].back().i + t->rows[1].back().i, 2);
}

TEST(Ingest, ReingestDoesNotDoubleCount) {
    auto store = AlertStore::open(fresh_db("twice"));
    ASSERT_TRUE(store);
    for (int round = 0; round < 3; ++round) {
        auto rep = ingest_eve_file(**store, nullptr, fixture("mixed.eve.json"), CaptureInfo{}, nullptr);
        ASSERT_TRUE(rep) << rep.error();
        EXPECT_EQ(rep->inserted, round == 0 ? 5u : 0u);
    }
    auto q = (*store)->db().prepare("SELECT COUNT(*), (SELECT alerts FROM captures), (SELECT COUNT(*) FROM captures) FROM alerts");
    ASSERT_TRUE(*q->step());
    EXPECT_EQ(q->int64(0), 5);
    EXPECT_EQ(q->int64(1), 5);
    EXPECT_EQ(q->int64(2), 1);
    // The same alerts under another capture identity are other alerts.
    CaptureInfo other;
    other.sha256 = std::string(64, 'a');
    auto rep = ingest_eve_file(**store, nullptr, fixture("mixed.eve.json"), other, nullptr);
    ASSERT_TRUE(rep);
    EXPECT_EQ(rep->inserted, 5u);
}

TEST(Ingest, UnknownByIsAnError) {
    auto store = AlertStore::open(fresh_db("by"));
    ASSERT_TRUE(store);
    auto t = run_stats((*store)->db(), StatsQuery{"colour", {}, {}});
    ASSERT_FALSE(t);
    EXPECT_NE(t.error().find("unknown --by 'colour'"), std::string::npos);
}

TEST(Ingest, WithSharedGeoData) {
    const std::string dir = std::string(VIGIE_SHARED_DIR) + "/data/geo";
    if (!std::filesystem::exists(dir + "/geo-whois-asn-country.mmdb")) GTEST_SKIP() << "no " << dir;
    intel::IntelOptions o;
    o.geo = dir + "/geo-whois-asn-country.mmdb";
    o.asn = dir + "/asn-ipv4.csv.gz";
    o.asn6 = dir + "/asn-ipv6.csv.gz";
    auto e = intel::Enricher::open(o);
    ASSERT_TRUE(e) << e.error();
    auto store = AlertStore::open(fresh_db("geo"));
    ASSERT_TRUE(ingest_eve_file(**store, e->get(), fixture("mixed.eve.json"), CaptureInfo{}, nullptr));
    Db& db = (*store)->db();
    EXPECT_EQ(counts(db, "source-country"),
              (std::map<std::string, int64_t>{{"US", 2}, {"AU", 1}, {"NL", 1}, {"private", 1}}));
    EXPECT_EQ(counts(db, "source-asn"),
              (std::map<std::string, int64_t>{{"AS15169", 2}, {"AS13335", 1}, {"AS3333", 1}, {"private", 1}}));
}

// Throughput of parse + enrich + insert, printed for the record (not asserted:
// machines differ). 100k alerts over 40 sources.
TEST(Ingest, BulkThroughput) {
    const std::string eve = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-bulk.eve.json";
    {
        FILE* f = std::fopen(eve.c_str(), "w");
        for (int i = 0; i < 100000; ++i)
            std::fprintf(f,
                         "{\"timestamp\":\"2020-%02d-%02dT10:00:%02d.%06d+0000\",\"flow_id\":%d,\"pcap_cnt\":%d,"
                         "\"event_type\":\"alert\",\"src_ip\":\"198.51.100.%d\",\"src_port\":%d,\"dest_ip\":\"10.20.%d.%d\","
                         "\"dest_port\":443,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,"
                         "\"signature_id\":%d,\"rev\":1,\"signature\":\"BULK %d\",\"category\":\"Misc\",\"severity\":2}}\n",
                         1 + i % 12, 1 + i % 28, i % 60, i, 1000 + i, i + 1, i % 40, 1024 + i % 60000, i % 256,
                         i % 200, 1000 + i % 50, i % 50);
        std::fclose(f);
    }
    auto store = AlertStore::open(fresh_db("bulk"));
    ASSERT_TRUE(store);
    auto enr = enricher_without_geo();
    auto rep = ingest_eve_file(**store, enr.get(), eve, CaptureInfo{}, nullptr);
    ASSERT_TRUE(rep) << rep.error();
    EXPECT_EQ(rep->inserted, 100000u);
    std::printf("ingest: %llu alerts in %.3f s = %.0f rows/s\n", static_cast<unsigned long long>(rep->inserted),
                rep->seconds, rep->inserted / rep->seconds);
    auto again = ingest_eve_file(**store, enr.get(), eve, CaptureInfo{}, nullptr);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->inserted, 0u);
    EXPECT_EQ(again->duplicates, 100000u);
}

// vigie.source / vigie.target written by `vigie run` with intel options are stored
// as written; when they do not name the record's own addresses (the record was
// edited afterwards) they are ignored and the default attacker side applies.
TEST(Ingest, VigieEnrichmentTakenWhenItNamesTheRecordsAddresses) {
    const std::string head =
        R"({"timestamp":"2024-03-01T10:00:00.000000+0000","event_type":"alert","src_ip":"10.0.0.5",)"
        R"("dest_ip":"203.0.113.9","alert":{"signature_id":7,"signature":"X"},"vigie":{"attacker_side":"dest",)"
        R"("side_reason":"rule target: src_ip is the target","source":{"ip":")";
    const std::string tail =
        R"(","country":"FR","country_name":"France","asn":64500,"as_org":"Ex"},)"
        R"("target":{"ip":"10.0.0.5","org":"Lab","sector":"research","criticality":"high","asset_cidr":"10.0.0.0/24"}}})";
    auto ok = parse_eve_alert(head + "203.0.113.9" + tail);
    ASSERT_TRUE(ok && *ok);
    const AlertRow& r = **ok;
    EXPECT_TRUE(r.enriched_in_eve);
    EXPECT_EQ(r.attacker_ip, "203.0.113.9");
    EXPECT_EQ(r.attacker_side, "dest");
    EXPECT_EQ(r.side_reason, "rule target: src_ip is the target");
    EXPECT_EQ(r.attacker_country, "FR");
    EXPECT_EQ(r.attacker_asn, 64500);
    EXPECT_EQ(r.target_sector, "research");
    EXPECT_EQ(r.target_asset_cidr, "10.0.0.0/24");

    auto edited = parse_eve_alert(head + "198.51.100.1" + tail);
    ASSERT_TRUE(edited && *edited);
    EXPECT_FALSE((*edited)->enriched_in_eve);
    EXPECT_EQ((*edited)->attacker_ip, "10.0.0.5");
    EXPECT_EQ((*edited)->side_reason, "default: packet source");
    EXPECT_EQ((*edited)->target_sector, "unknown");
}
