// The web tests' store: tests/web/fixtures/attacks.eve.json loaded by the real
// ingest, enriched with the geo data of ../shared (tests skip when it is absent)
// and fixtures/assets.yaml. Expected counts are in fixtures/README.md, worked out
// by hand from the fixture.
#pragma once
#include <unistd.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "intel/enricher.h"
#include "store/alert_store.h"
#include "store/eve_ingest.h"
#include "store/schema_info.h"
#include "store/sqlite_db.h"

namespace vigie::web::test {

inline std::string fixture(const std::string& name) {
    return std::string(VIGIE_SOURCE_DIR) + "/tests/web/fixtures/" + name;
}

inline std::string geo_dir() { return std::string(VIGIE_SHARED_DIR) + "/data/geo"; }

inline bool have_geo() { return std::filesystem::exists(geo_dir() + "/geo-whois-asn-country.mmdb"); }

#define VIGIE_NEED_GEO()                                                                            \
    if (!::vigie::web::test::have_geo()) {                                                          \
        GTEST_SKIP() << "needs ../shared/data/geo (the geo data the fixture's countries come from)"; \
    }

// A fresh store at a per-process path, filled from the fixture; the path is returned.
inline std::string make_store(const std::string& name) {
    const std::string path = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-web-" + name + ".db";
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(path + suf);
    intel::IntelOptions o;
    o.geo = geo_dir() + "/geo-whois-asn-country.mmdb";
    o.asn = geo_dir() + "/asn-ipv4.csv.gz";
    o.asn6 = geo_dir() + "/asn-ipv6.csv.gz";
    o.assets = fixture("assets.yaml");
    auto enr = intel::Enricher::open(o);
    EXPECT_TRUE(enr) << (enr ? "" : enr.error());
    auto st = store::AlertStore::open(path);
    EXPECT_TRUE(st) << (st ? "" : st.error());
    if (!enr || !st) return path;
    auto rep = store::ingest_eve_file(**st, enr->get(), fixture("attacks.eve.json"), store::CaptureInfo{}, nullptr);
    EXPECT_TRUE(rep) << (rep ? "" : rep.error());
    if (rep) {
        EXPECT_EQ(rep->inserted, 9u);
    }
    return path;
}

inline std::unique_ptr<store::Db> open_ro(const std::string& path) {
    auto db = store::open_store_readonly(path);
    EXPECT_TRUE(db) << (db ? "" : db.error());
    return db ? std::move(*db) : nullptr;
}

inline void exec(const std::string& path, const std::string& sql) {
    auto db = store::Db::open(path, false);
    ASSERT_TRUE(db) << db.error();
    auto r = (*db)->exec(sql);
    ASSERT_TRUE(r) << r.error();
}

// The schema agreed with the campaign stage (store migration 2), created only when the store does
// not have it yet (a Vigie whose migrations already add it).
inline void add_campaign_tables(const std::string& path) {
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

// The fixture store with two campaigns, filled by hand as the campaign stage would:
// 1 "AS2200 / <b>MAL</b>" = the 3 FR alerts on aerospace, 2 "AS15169 / ET SCAN" = the
// 2 US alerts.
inline std::string make_campaign_store(const std::string& name) {
    const std::string path = make_store(name);
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
    return path;
}

}  // namespace vigie::web::test
