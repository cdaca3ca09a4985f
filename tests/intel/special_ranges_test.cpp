#include <gtest/gtest.h>

#include "intel/enricher.h"
#include "intel/special_ranges.h"

using namespace vigie::intel;

TEST(SpecialRanges, PrivateAndReservedAreLabelledNeverACountry) {
    const struct {
        const char* ip;
        const char* kind;
    } cases[] = {
        {"10.1.2.3", "private"},     {"172.16.0.1", "private"},  {"172.31.255.255", "private"},
        {"192.168.1.71", "private"}, {"100.64.0.1", "private"},  {"127.0.0.1", "private"},
        {"169.254.1.1", "private"},  {"fd00::1", "private"},     {"fe80::1", "private"},
        {"::1", "private"},          {"192.0.2.1", "reserved"},  {"198.51.100.7", "reserved"},
        {"203.0.113.9", "reserved"}, {"224.0.0.251", "reserved"}, {"255.255.255.255", "reserved"},
        {"2001:db8::1", "reserved"}, {"ff02::1", "reserved"},    {"::ffff:10.0.0.1", "private"},
    };
    for (const auto& c : cases) {
        auto a = parse_ip(c.ip);
        ASSERT_TRUE(a) << c.ip;
        auto s = classify_special(*a);
        ASSERT_TRUE(s) << c.ip;
        EXPECT_EQ(s->kind, c.kind) << c.ip;
    }
    for (const char* pub : {"8.8.8.8", "172.32.0.1", "172.15.255.255", "1.1.1.1", "2001:4860:4860::8888", "11.0.0.1"}) {
        auto a = parse_ip(pub);
        ASSERT_TRUE(a) << pub;
        EXPECT_FALSE(classify_special(*a)) << pub;
    }
}

TEST(SpecialRanges, EnricherKeepsPrivateOutOfGeoEvenWithoutData) {
    IntelOptions o;
    o.geo = o.asn = o.asn6 = "";
    setenv("VIGIE_GEO_DIR", "/nonexistent-vigie-geo", 1);
    auto e = Enricher::open(o);
    unsetenv("VIGIE_GEO_DIR");
    ASSERT_TRUE(e) << e.error();
    EXPECT_FALSE((*e)->warnings().empty());
    EXPECT_NE((*e)->warnings()[0].find("geo database not installed"), std::string::npos);
    EXPECT_EQ((*e)->ip("192.168.1.1").country, "private");
    EXPECT_EQ((*e)->ip("8.8.8.8").country, "unknown");
    EXPECT_EQ((*e)->ip("not-an-ip").country, "unknown");
}
