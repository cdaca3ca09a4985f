// Header address/port expressions, variables, and the set membership functions.
#include <gtest/gtest.h>

#include "rules/address.h"
#include "rule_test_util.h"
#include "rules/uint_cmp.h"

namespace vigie::rules {
namespace {
using testing::ip;
using testing::vars;

struct AddrCase {
    const char* expr;
    std::vector<const char*> in, out;
};

TEST(Address, ResolvesExpressions) {
    const AddrCase cases[] = {
        {"any", {"1.2.3.4", "::1"}, {}},
        {"1.2.3.4", {"1.2.3.4"}, {"1.2.3.5", "::102:304"}},
        {"10.0.0.0/8", {"10.0.0.0", "10.255.255.255"}, {"11.0.0.0", "9.255.255.255"}},
        {"10.0.0.0/255.0.0.0", {"10.1.2.3"}, {"11.0.0.0"}},
        {"10.0.0.5-10.0.0.9", {"10.0.0.5", "10.0.0.9"}, {"10.0.0.4", "10.0.0.10"}},
        {"2001:db8::/32", {"2001:db8::1"}, {"2001:db9::", "32.1.13.184"}},
        {"[1.2.3.4,5.6.7.8]", {"1.2.3.4", "5.6.7.8"}, {"1.2.3.5"}},
        {"[1.2.3.4, [5.6.7.0/24, 9.9.9.9]]", {"5.6.7.200", "9.9.9.9"}, {"5.6.8.0"}},
        {"!1.2.3.4", {"1.2.3.5", "::1"}, {"1.2.3.4"}},
        {"[10.0.0.0/8,!10.1.0.0/16]", {"10.0.0.1", "10.2.0.0"}, {"10.1.2.3", "11.0.0.0"}},
        {"[!1.2.3.4,!5.6.7.8]", {"9.9.9.9", "::2"}, {"1.2.3.4", "5.6.7.8"}},
        {"![1.2.3.4,5.6.7.8]", {"9.9.9.9"}, {"1.2.3.4", "5.6.7.8"}},
        {"$HOME_NET", {"192.168.1.1", "10.9.9.9", "172.16.0.1"}, {"8.8.8.8", "172.32.0.0", "::1"}},
        {"$EXTERNAL_NET", {"8.8.8.8", "::1"}, {"192.168.1.1", "10.0.0.1"}},
        {"!$HOME_NET", {"8.8.8.8"}, {"10.0.0.1"}},
        {"[$HOME_NET,!192.168.1.1]", {"192.168.1.2", "10.0.0.1"}, {"192.168.1.1", "8.8.8.8"}},
        {"[$EXTERNAL_NET,!8.8.8.8]", {"8.8.4.4"}, {"8.8.8.8", "10.0.0.1"}},
        {"![$EXTERNAL_NET]", {"10.0.0.1"}, {"8.8.8.8"}},
        {"$HTTP_SERVERS", {"10.0.0.1"}, {"8.8.8.8"}},
    };
    for (const auto& c : cases) {
        auto set = resolve_addresses(c.expr, vars());
        ASSERT_TRUE(set.ok()) << c.expr << ": " << set.error();
        for (auto a : c.in) EXPECT_TRUE(set->contains(ip(a))) << c.expr << " should contain " << a;
        for (auto a : c.out) EXPECT_FALSE(set->contains(ip(a))) << c.expr << " should not contain " << a;
    }
}

TEST(Address, SortedMergedRanges) {
    auto set = resolve_addresses("[10.0.0.0/24, 10.0.1.0/24, ::1, 1.0.0.0-1.0.0.255, 10.0.0.128/25]", vars());
    ASSERT_TRUE(set.ok());
    ASSERT_EQ(set->ranges.size(), 3u);
    EXPECT_EQ(set->ranges[0].lo.to_string(), "1.0.0.0");
    EXPECT_EQ(set->ranges[1].lo.to_string(), "10.0.0.0");
    EXPECT_EQ(set->ranges[1].hi.to_string(), "10.0.1.255");  // adjacent /24s merged
    EXPECT_TRUE(set->ranges[2].lo.is_v6());
    EXPECT_FALSE(set->any);
    auto any = resolve_addresses("[0.0.0.0/0, ::/0]", vars());
    ASSERT_TRUE(any.ok());
    EXPECT_TRUE(any->any);
}

TEST(Address, Errors) {
    const std::pair<const char*, const char*> cases[] = {
        {"$NOPE", "undefined variable $NOPE"},
        {"1.2.3", "invalid address"},
        {"1.2.3.4/33", "invalid prefix"},
        {"[1.2.3.4", "unbalanced"},
        {"!any", "matches nothing"},
        {"[1.2.3.4,!1.2.3.4]", "matches nothing"},
        {"10.0.0.9-10.0.0.1", "ends before it starts"},
        {"[]", "empty"},
    };
    for (auto& [expr, why] : cases) {
        auto set = resolve_addresses(expr, vars());
        ASSERT_FALSE(set.ok()) << expr;
        EXPECT_NE(set.error().find(why), std::string::npos) << expr << ": " << set.error();
    }
}

TEST(Address, VariableLoopIsRejected) {
    Vars v;
    v.address["A"] = "[$B,1.2.3.4]";
    v.address["B"] = "!$A";
    auto set = resolve_addresses("$A", v);
    ASSERT_FALSE(set.ok());
    EXPECT_NE(set.error().find("variable loop"), std::string::npos) << set.error();
}

struct PortCase {
    const char* expr;
    std::vector<int> in, out;
};

TEST(Ports, ResolvesExpressions) {
    const PortCase cases[] = {
        {"any", {0, 80, 65535}, {}},
        {"80", {80}, {81}},
        {"1024:", {1024, 65535}, {1023}},
        {":1023", {0, 1023}, {1024}},
        {"100:200", {100, 200}, {99, 201}},
        {"!80", {79, 81}, {80}},
        {"[80,443,8000:8080]", {80, 443, 8000, 8080}, {81, 8081}},
        {"[1:1000,!80,![100:200]]", {1, 79, 81, 99, 201}, {80, 100, 200, 1001}},
        {"[!80,!443]", {81, 1}, {80, 443}},
        {"$HTTP_PORTS", {80}, {8080}},
        {"$SHELLCODE_PORTS", {81}, {80}},
        {"$FILE_DATA_PORTS", {80, 110, 143}, {25}},
        {"![$HTTP_PORTS,443]", {8080}, {80, 443}},
    };
    for (const auto& c : cases) {
        auto set = resolve_ports(c.expr, vars());
        ASSERT_TRUE(set.ok()) << c.expr << ": " << set.error();
        for (int p : c.in) EXPECT_TRUE(set->contains(uint16_t(p))) << c.expr << " should contain " << p;
        for (int p : c.out) EXPECT_FALSE(set->contains(uint16_t(p))) << c.expr << " should not contain " << p;
    }
    auto merged = resolve_ports("[1:10,5:20,21]", vars());
    ASSERT_TRUE(merged.ok());
    ASSERT_EQ(merged->ranges.size(), 1u);
    EXPECT_EQ(merged->ranges[0].hi, 21);
}

TEST(Ports, Errors) {
    for (const char* bad : {"65536", "80:70", "$NOPE_PORTS", "!any", "http", "[80,]"})
        EXPECT_FALSE(resolve_ports(bad, vars()).ok()) << bad;
}

struct CmpCase {
    const char* text;
    std::vector<uint64_t> yes, no;
};

TEST(UintCmp, GrammarAndMatching) {
    const CmpCase cases[] = {
        {"5", {5}, {4, 6}},
        {"=5", {5}, {4}},
        {"!5", {4, 6}, {5}},
        {"!=5", {4}, {5}},
        {"<5", {4}, {5}},
        {"<=5", {5}, {6}},
        {">5", {6}, {5}},
        {">=5", {5}, {4}},
        {"1<>4", {2, 3}, {1, 4}},
        {"1-4", {2, 3}, {1, 4}},
        {"!1-4", {1, 4, 0, 9}, {2, 3}},
        {"0x10", {16}, {10}},
        {"2kb", {2048}, {2000}},
    };
    for (const auto& c : cases) {
        auto cmp = parse_uint_cmp(c.text, UINT64_MAX);
        ASSERT_TRUE(cmp.ok()) << c.text << ": " << cmp.error();
        for (auto v : c.yes) EXPECT_TRUE(cmp->matches(v)) << c.text << " vs " << v;
        for (auto v : c.no) EXPECT_FALSE(cmp->matches(v)) << c.text << " vs " << v;
    }
    for (const char* bad : {"", "x", "4<>1", "<", "5-5", "300"})
        EXPECT_FALSE(parse_uint_cmp(bad, 255).ok()) << bad;
}

}  // namespace
}  // namespace vigie::rules
