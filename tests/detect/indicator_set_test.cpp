#include <gtest/gtest.h>

#include <random>
#include <set>

#include "detect/indicator_inspect.h"
#include "detect/indicator_set.h"
#include "detect/range_index.h"
#include "detect/string_index.h"

using namespace vigie;
using namespace vigie::detect;

namespace {

uint32_t v4(const char* s) { return IpAddr::parse(s)->v4_host_order(); }

IndicatorInput in(IndicatorKind k, std::string value, std::string id, int64_t from = 0, int64_t until = 0) {
    IndicatorInput i;
    i.kind = k;
    i.value = std::move(value);
    i.id = std::move(id);
    i.feed = "f";
    i.valid_from = from;
    i.valid_until = until;
    return i;
}

std::vector<uint32_t> found(const RangeIndex<uint32_t>& r, const char* ip) {
    auto s = r.find(v4(ip));
    return {s.begin(), s.end()};
}

}  // namespace

TEST(RangeIndex, NestedBlocksMostSpecificFirst) {
    RangeIndex<uint32_t> r;
    r.add(v4("10.0.0.0"), 8, 0);
    r.add(v4("10.1.0.0"), 16, 1);
    r.add(v4("10.1.2.3"), 32, 2);
    r.add(v4("10.1.0.0"), 16, 3);  // same block from another indicator
    r.add(v4("192.168.0.0"), 24, 4);
    r.add(v4("255.255.255.255"), 32, 5);
    r.add(v4("0.0.0.0"), 32, 6);
    r.build();
    EXPECT_EQ(found(r, "10.0.0.1"), (std::vector<uint32_t>{0}));
    EXPECT_EQ(found(r, "10.1.2.3"), (std::vector<uint32_t>{2, 3, 1, 0}));
    EXPECT_EQ(found(r, "10.1.2.4").size(), 3u);
    EXPECT_EQ(found(r, "10.1.255.255").size(), 3u);
    EXPECT_EQ(found(r, "10.2.0.0"), (std::vector<uint32_t>{0}));
    EXPECT_EQ(found(r, "10.255.255.255"), (std::vector<uint32_t>{0}));
    EXPECT_TRUE(found(r, "11.0.0.0").empty());
    EXPECT_TRUE(found(r, "9.255.255.255").empty());
    EXPECT_EQ(found(r, "192.168.0.77"), (std::vector<uint32_t>{4}));
    EXPECT_TRUE(found(r, "192.168.1.0").empty());
    EXPECT_EQ(found(r, "255.255.255.255"), (std::vector<uint32_t>{5}));
    EXPECT_EQ(found(r, "0.0.0.0"), (std::vector<uint32_t>{6}));
    EXPECT_TRUE(found(r, "0.0.0.1").empty());
}

// Against a brute-force scan, on random nested and disjoint blocks.
TEST(RangeIndex, AgreesWithLinearScan) {
    std::mt19937 rng(7);
    struct B {
        uint32_t net;
        unsigned len;
    };
    std::vector<B> blocks;
    RangeIndex<uint32_t> r;
    for (uint32_t i = 0; i < 3000; ++i) {
        const unsigned len = 8 + rng() % 25;
        const uint32_t net = (rng() & 0x0F0FFFFF) & (len == 32 ? ~0u : ~(~0u >> len));
        blocks.push_back({net, len});
        r.add(net, len, i);
    }
    r.build();
    for (int q = 0; q < 20000; ++q) {
        const uint32_t ip = blocks[rng() % blocks.size()].net + (rng() % 3 == 0 ? rng() % 4096 : 0);
        std::set<uint32_t> expect;
        for (uint32_t i = 0; i < blocks.size(); ++i) {
            const uint32_t mask = blocks[i].len == 0 ? 0 : ~0u << (32 - blocks[i].len);
            if ((ip & mask) == blocks[i].net) expect.insert(i);
        }
        auto s = r.find(ip);
        std::set<uint32_t> got(s.begin(), s.end());
        ASSERT_EQ(got, expect) << ip;
        if (s.size() > 1) {
            ASSERT_GE(blocks[s[0]].len, blocks[s[1]].len);  // most specific first
        }
    }
}

TEST(StringIndex, ExactWithDuplicates) {
    StringIndex idx;
    idx.add("evil.example", 0);
    idx.add("other.example", 1);
    idx.add("evil.example", 2);
    idx.build();
    auto s = idx.find("evil.example");
    EXPECT_EQ(std::vector<uint32_t>(s.begin(), s.end()), (std::vector<uint32_t>{0, 2}));
    EXPECT_TRUE(idx.find("evil.exampl").empty());
    EXPECT_TRUE(idx.find("").empty());
    EXPECT_EQ(idx.keys(), 2u);
}

TEST(IndicatorSet, DomainsMatchThemselvesAndSubdomains) {
    std::vector<std::string> rejected;
    auto set = IndicatorSet::build({in(IndicatorKind::Domain, "evil.example", "d1"),
                                    in(IndicatorKind::Domain, "deep.sub.good.example", "d2")},
                                   &rejected);
    EXPECT_TRUE(rejected.empty());
    ASSERT_TRUE(set->match_domain("evil.example", 0));
    EXPECT_EQ(set->match_domain("a.b.EVIL.example.", 0)->id, "d1");
    EXPECT_FALSE(set->match_domain("notevil.example", 0));
    EXPECT_FALSE(set->match_domain("example", 0));
    EXPECT_FALSE(set->match_domain("sub.good.example", 0));  // a parent of an indicator is not listed
    EXPECT_EQ(set->match_domain("x.deep.sub.good.example", 0)->id, "d2");
    EXPECT_FALSE(set->match_domain("", 0));
    EXPECT_FALSE(set->match_domain(std::string(300, 'a'), 0));
}

TEST(IndicatorSet, ValidityWindowAgainstPacketTime) {
    auto set = IndicatorSet::build({in(IndicatorKind::Ip, "192.0.2.0/24", "old", 100, 200),
                                    in(IndicatorKind::Ip, "192.0.2.7", "new", 300, 0)},
                                   nullptr);
    const IpAddr a = *IpAddr::parse("192.0.2.7");
    EXPECT_FALSE(set->match_ip(a, 99, 1, 2));
    EXPECT_EQ(set->match_ip(a, 100, 1, 2)->id, "old");
    EXPECT_EQ(set->match_ip(a, 199, 1, 2)->id, "old");
    EXPECT_FALSE(set->match_ip(a, 200, 1, 2));  // valid_until is exclusive
    EXPECT_EQ(set->match_ip(a, 300, 1, 2)->id, "new");
    EXPECT_EQ(set->match_ip(*IpAddr::parse("192.0.2.8"), 150, 1, 2)->id, "old");
    EXPECT_FALSE(set->match_ip(*IpAddr::parse("192.0.2.8"), 300, 1, 2));
}

TEST(IndicatorSet, PortsAndIpv6AndRejects) {
    IndicatorInput p = in(IndicatorKind::Ip, "198.51.100.1", "port");
    p.dst_port = 443;
    std::vector<std::string> rejected;
    auto set = IndicatorSet::build({p, in(IndicatorKind::Ip, "2001:db8::/32", "v6"), in(IndicatorKind::Ip, "nonsense", "bad"),
                                    in(IndicatorKind::Ip, "10.0.0.0/33", "bad2"), in(IndicatorKind::Sha256, "", "bad3")},
                                   &rejected);
    EXPECT_EQ(rejected.size(), 3u);
    EXPECT_EQ(set->size(), 2u);
    EXPECT_TRUE(set->match_ip(*IpAddr::parse("198.51.100.1"), 0, 5555, 443));
    EXPECT_FALSE(set->match_ip(*IpAddr::parse("198.51.100.1"), 0, 5555, 80));
    EXPECT_EQ(set->match_ip(*IpAddr::parse("2001:db8:ffff::1"), 0, 1, 2)->id, "v6");
    EXPECT_FALSE(set->match_ip(*IpAddr::parse("2001:db9::1"), 0, 1, 2));
    EXPECT_FALSE(set->match_ip(*IpAddr::parse("32.1.13.184"), 0, 1, 2));  // 2001:0db8 as IPv4 bytes
}

TEST(IndicatorSet, AddressAlertsOnFlowEnds) {
    auto set = IndicatorSet::build({in(IndicatorKind::Ip, "203.0.113.5", "c2")}, nullptr);
    Packet p;
    p.ip_version = 4;
    p.src = *IpAddr::parse("10.0.0.1");
    p.dst = *IpAddr::parse("203.0.113.5");
    p.sp = 40000;
    p.dp = 443;
    p.ts = Timestamp{1000, 0};
    AlertList out;
    inspect_addresses(*set, p, nullptr, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].rule->sid, kIndicatorSidBase + 1);
    EXPECT_EQ(out[0].indicator->id, "c2");
    EXPECT_EQ(out[0].indicator_matched, "203.0.113.5");
    EXPECT_EQ(out[0].indicator_host.to_string(), "10.0.0.1");  // the local end
    EXPECT_TRUE(is_indicator_sid(out[0].rule->sid));
    EXPECT_EQ(set->feeds()[out[0].indicator->feed], "f");
}
