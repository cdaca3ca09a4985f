// AddrIndex: rules found by address, and IP-only rules prefiltered through it.
#include "detect_test_util.h"
#include "detect/addr_index.h"

namespace vigie::detect::testing {
namespace {

rules::AddressSet set_of(std::initializer_list<std::pair<const char*, const char*>> ranges) {
    rules::AddressSet s;
    for (auto [lo, hi] : ranges) s.ranges.push_back(rules::AddrRange{*IpAddr::parse(lo), *IpAddr::parse(hi)});
    return s;
}

std::vector<uint32_t> lookup(const AddrIndex& ix, const char* a) {
    std::vector<uint32_t> out;
    ix.query(*IpAddr::parse(a), [&](uint32_t id) { out.push_back(id); });
    return out;
}

TEST(AddrIndex, OverlappingRangesAndFamilies) {
    AddrIndex ix;
    ix.add(0, set_of({{"10.0.0.0", "10.255.255.255"}}));
    ix.add(1, set_of({{"10.1.2.3", "10.1.2.3"}, {"192.168.0.0", "192.168.0.255"}}));
    ix.add(2, set_of({{"255.255.255.0", "255.255.255.255"}, {"2001:db8::", "2001:db8::ffff"}}));
    ix.add(3, set_of({{"10.1.2.3", "10.1.2.4"}}));
    ASSERT_TRUE(ix.finish(1000));
    EXPECT_EQ(lookup(ix, "10.1.2.3"), (std::vector<uint32_t>{0, 1, 3}));
    EXPECT_EQ(lookup(ix, "10.1.2.4"), (std::vector<uint32_t>{0, 3}));
    EXPECT_EQ(lookup(ix, "10.1.2.5"), (std::vector<uint32_t>{0}));
    EXPECT_EQ(lookup(ix, "9.255.255.255"), std::vector<uint32_t>{});
    EXPECT_EQ(lookup(ix, "192.168.0.255"), (std::vector<uint32_t>{1}));
    EXPECT_EQ(lookup(ix, "192.168.1.0"), std::vector<uint32_t>{});
    EXPECT_EQ(lookup(ix, "255.255.255.255"), (std::vector<uint32_t>{2}));
    EXPECT_EQ(lookup(ix, "2001:db8::1"), (std::vector<uint32_t>{2}));
    EXPECT_EQ(lookup(ix, "2001:db9::"), std::vector<uint32_t>{});
    EXPECT_EQ(lookup(ix, "::a01:203"), std::vector<uint32_t>{});  // v6 bytes of 10.1.2.3 are not v4
}

TEST(AddrIndex, RefusesWhenTooLarge) {
    AddrIndex ix;
    ix.add(0, set_of({{"10.0.0.0", "10.255.255.255"}}));
    for (uint32_t i = 1; i < 100; ++i) {
        std::string a = "10.0.0." + std::to_string(i);
        ix.add(i, set_of({{a.c_str(), a.c_str()}}));
    }
    EXPECT_FALSE(ix.finish(50));
    EXPECT_TRUE(ix.empty());
}

TEST(AddrIndex, IpOnlyRulesPrefiltered) {
    Harness h({"alert ip [198.51.100.7,203.0.113.0/24] any -> $HOME_NET any (msg:\"bad host\"; sid:1;)",
               "alert ip $HOME_NET any <> 198.51.100.9 any (msg:\"bad peer\"; sid:2;)",
               "alert tcp any any -> any any (flags:S; sid:3;)"});
    EXPECT_EQ(h.det->build_stats().rules_without_prefilter, 1u);  // only flags:S
    auto in = TestPacket::make(17, "203.0.113.50", 1, "192.168.1.1", 2, "x");
    EXPECT_EQ(h.run(in.p), std::vector<uint32_t>{1});
    auto other = TestPacket::make(17, "203.0.114.1", 1, "192.168.1.1", 2, "x");
    EXPECT_TRUE(h.run(other.p).empty());
    auto out = TestPacket::make(17, "192.168.1.1", 1, "198.51.100.9", 2, "x");
    EXPECT_EQ(h.run(out.p), std::vector<uint32_t>{2});
    auto back = TestPacket::make(17, "198.51.100.9", 1, "192.168.1.1", 2, "x");
    EXPECT_EQ(h.run(back.p), std::vector<uint32_t>{2});
}

}  // namespace
}  // namespace vigie::detect::testing
