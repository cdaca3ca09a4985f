#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "intel/export_model.h"
#include "intel/export_policy.h"
#include "intel/stix_ids.h"
#include "intel/stix_pattern.h"

using namespace vigie::intel;

TEST(ExportPolicy, DefaultLetsNothingOut) {
    ExportPolicy p;
    EXPECT_FALSE(p.address_may_leave("192.168.1.5"));
    EXPECT_FALSE(p.asset_name_may_leave("Demo Lab"));
}

TEST(ExportPolicy, ListedRangesAndNames) {
    auto p = ExportPolicy::parse("share_addresses: [192.168.1.64/28, '2001:db8::/32']\nshare_asset_names: [Demo Lab]\n", "p.yaml");
    ASSERT_TRUE(p) << p.error();
    EXPECT_TRUE(p->address_may_leave("192.168.1.79"));
    EXPECT_FALSE(p->address_may_leave("192.168.1.80"));
    EXPECT_TRUE(p->address_may_leave("2001:db8:1::1"));
    EXPECT_FALSE(p->address_may_leave("not an ip"));
    EXPECT_TRUE(p->asset_name_may_leave("Demo Lab"));
    EXPECT_FALSE(p->asset_name_may_leave("demo lab"));
}

TEST(ExportPolicy, ErrorsWithLine) {
    auto p = ExportPolicy::parse("share_addresses: [10.0.0.0/8]\nshare_everything: true\n", "p.yaml");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("p.yaml:2: unknown key 'share_everything'"), std::string::npos) << p.error();
    p = ExportPolicy::parse("share_addresses: [10.0.0.0/40]\n", "p.yaml");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("p.yaml:1: bad prefix length"), std::string::npos) << p.error();
    EXPECT_FALSE(ExportPolicy::parse("share_addresses: [\n", "p.yaml"));
    EXPECT_FALSE(ExportPolicy::parse("share_addresses: 10.0.0.1\n", "p.yaml"));
}

TEST(StixIds, DeterministicUuidV5) {
    // Expected value computed independently: Python's
    // uuid.uuid5(UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), '{"value":"198.51.100.3"}').
    EXPECT_EQ(sco_id("ipv4-addr", R"({"value":"198.51.100.3"})"), "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
    const std::string id = stix_id("sighting", "x");
    EXPECT_EQ(id, stix_id("sighting", "x"));
    EXPECT_NE(id, stix_id("sighting", "y"));
    EXPECT_EQ(id[10 + 14], '5');  // version nibble: "sighting--" is 10 characters
}

TEST(StixExport, PatternsReparse) {
    for (const auto& [kind, value] : std::vector<std::pair<std::string, std::string>>{
             {"ip", "192.0.2.0/24"}, {"ip", "2001:db8::1"}, {"domain", "evil.example"}, {"url", "http://x.example/it's"},
             {"md5", std::string(32, 'a')}, {"sha1", std::string(40, 'b')}, {"sha256", std::string(64, 'c')},
             {"x509-sha1", std::string(40, 'd')}}) {
        const std::string p = stix_pattern_for(kind, value);
        auto r = reduce_stix_pattern(p);
        ASSERT_EQ(r.observables.size(), 1u) << p;
        EXPECT_EQ(r.observables[0].value, value) << p;
        EXPECT_STREQ(kind_name(r.observables[0].kind), kind.c_str());
    }
    EXPECT_EQ(stix_pattern_for("ja3", std::string(32, 'a')), "");
}
