// Lookups of well-known addresses against the shared geo data (SOURCE.md lists them,
// checked there against Debian's libloc database). Skipped when the data is absent.
#include <unistd.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "intel/enricher.h"

using namespace vigie::intel;

namespace {
const std::string kGeoDir = std::string(VIGIE_SHARED_DIR) + "/data/geo";
}

TEST(GeoAsn, WellKnownAddresses) {
    if (!std::filesystem::exists(kGeoDir + "/geo-whois-asn-country.mmdb")) GTEST_SKIP() << "no " << kGeoDir;
    IntelOptions o;
    o.geo = kGeoDir + "/geo-whois-asn-country.mmdb";
    o.asn = kGeoDir + "/asn-ipv4.csv.gz";
    o.asn6 = kGeoDir + "/asn-ipv6.csv.gz";
    const auto t0 = std::chrono::steady_clock::now();
    auto e = Enricher::open(o);
    ASSERT_TRUE(e) << e.error();
    std::printf("geo+asn load: %.2f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    EXPECT_TRUE((*e)->warnings().empty());
    const struct {
        const char* ip;
        const char* cc;
        uint32_t asn;
    } cases[] = {
        {"8.8.8.8", "US", 15169},
        {"1.1.1.1", "AU", 13335},
        {"193.0.6.139", "NL", 3333},
        {"2001:4860:4860::8888", "US", 15169},
    };
    for (const auto& c : cases) {
        const IpIntel& i = (*e)->ip(c.ip);
        EXPECT_EQ(i.country, c.cc) << c.ip;
        EXPECT_EQ(i.asn, c.asn) << c.ip;
        EXPECT_FALSE(i.as_org.empty()) << c.ip;
    }
    EXPECT_EQ((*e)->ip("8.8.8.8").country_name.empty(), false);
    EXPECT_EQ((*e)->ip("10.0.0.1").country, "private");
    EXPECT_EQ((*e)->ip("10.0.0.1").asn, 0u);
}

TEST(GeoAsn, ExplicitMissingFileIsAnError) {
    IntelOptions o;
    o.geo = "/nonexistent/x.mmdb";
    auto e = Enricher::open(o);
    ASSERT_FALSE(e);
    EXPECT_NE(e.error().find("/nonexistent/x.mmdb"), std::string::npos);
}

TEST(GeoAsn, BadCsvRowGivesLine) {
    const std::string p = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-bad-asn.csv";
    FILE* f = std::fopen(p.c_str(), "w");
    std::fputs("1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n1.0.1.0,1.0.1.x,1,\"x\"\n", f);
    std::fclose(f);
    AsnTable t;
    auto r = t.load(p);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), p + ":2: bad address range");
    AsnTable ok;
    std::FILE* g = std::fopen(p.c_str(), "w");
    std::fputs("1.0.0.0,1.0.0.255,13335,\"Cloudflare, \"\"Inc.\"\"\"\n", g);
    std::fclose(g);
    ASSERT_TRUE(ok.load(p));
    auto hit = ok.lookup(*parse_ip("1.0.0.7"));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->org, "Cloudflare, \"Inc.\"");
    EXPECT_FALSE(ok.lookup(*parse_ip("1.0.1.0")));
}
