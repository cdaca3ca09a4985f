#include <gtest/gtest.h>

#include "intel/assets.h"

using namespace vigie::intel;

namespace {
const char* kInventory = R"(# campus and its lab
- cidr: 10.0.0.0/8
  organisation: Campus
  sector: education
  criticality: medium
- cidr: 10.20.0.0/16
  organisation: Space Lab
  sector: aerospace
  criticality: critical
- cidr: 10.20.30.0/24
  organisation: Wind tunnel
  sector: research
  criticality: high
- cidr: 2001:db8:100::/48
  organisation: Grid Operator
  sector: oil-and-gas
  criticality: high
)";

std::string org_of(const Assets& a, const char* ip) {
    const Asset* m = a.match(*parse_ip(ip));
    return m ? m->organisation : "unknown";
}
}  // namespace

TEST(Assets, LongestPrefixWins) {
    auto a = Assets::parse(kInventory, "inv.yaml");
    ASSERT_TRUE(a) << a.error();
    EXPECT_EQ(a->size(), 4u);
    EXPECT_EQ(org_of(*a, "10.1.1.1"), "Campus");
    EXPECT_EQ(org_of(*a, "10.20.1.1"), "Space Lab");
    EXPECT_EQ(org_of(*a, "10.20.30.40"), "Wind tunnel");
    EXPECT_EQ(org_of(*a, "10.20.31.40"), "Space Lab");
    EXPECT_EQ(org_of(*a, "11.0.0.1"), "unknown");
    EXPECT_EQ(org_of(*a, "2001:db8:100:5::1"), "Grid Operator");
    EXPECT_EQ(org_of(*a, "2001:db8:101::1"), "unknown");
    EXPECT_EQ(a->match(*parse_ip("2001:db8:100::1"))->sector, "oil and gas");
}

TEST(Assets, MapWithAssetsKeyAccepted) {
    auto a = Assets::parse("assets:\n  - {cidr: 192.0.2.0/24, organisation: X, sector: energy}\n", "m.yaml");
    ASSERT_TRUE(a) << a.error();
    EXPECT_EQ(a->match(*parse_ip("192.0.2.9"))->criticality, "medium");
}

TEST(Assets, MalformedFilesGiveLineNumbers) {
    const struct {
        const char* text;
        const char* expect;
    } cases[] = {
        {"- cidr: 10.0.0.0/8\n  organisation: A\n  sector: space\n", "f.yaml:1: sector 'space'"},
        {"- cidr: 10.0.0.0/8\n  organisation: A\n  sector: energy\n- cidr: 10.0.0.0/33\n  organisation: B\n  sector: energy\n",
         "f.yaml:4: bad prefix length"},
        {"- cidr: 10.0.0.300/8\n  organisation: A\n  sector: energy\n", "f.yaml:1: bad cidr"},
        {"- cidr: 10.0.0.0/8\n  sector: energy\n", "f.yaml:1: missing organisation"},
        {"- cidr: 10.0.0.0/8\n  organisation: A\n  sector: energy\n  owner: bob\n", "f.yaml:4: unknown key 'owner'"},
        {"- cidr: 10.0.0.0/8\n  organisation: A\n  sector: energy\n  criticality: extreme\n", "f.yaml:1: criticality"},
        {"- cidr: [10.0.0.0/8\n  organisation: A\n", "f.yaml:"},
        {"cidr: 10.0.0.0/8\n", "f.yaml:1: expected a list"},
    };
    for (const auto& c : cases) {
        auto a = Assets::parse(c.text, "f.yaml");
        ASSERT_FALSE(a) << c.text;
        EXPECT_EQ(a.error().rfind(c.expect, 0), 0u) << a.error();
    }
}

TEST(Assets, ExampleFileInRepoLoads) {
    auto a = Assets::load(std::string(VIGIE_SOURCE_DIR) + "/data/assets.example.yaml");
    ASSERT_TRUE(a) << a.error();
    EXPECT_GT(a->size(), 3u);
}
