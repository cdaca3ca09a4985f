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

}  // namespace vigie::web::test
