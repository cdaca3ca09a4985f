// flowbits and flowint across the packets of one flow.
#include "detect_test_util.h"

namespace vigie::detect::testing {
namespace {

TEST(Flowbits, SetThenIsSetAcrossPackets) {
    Harness h({"alert udp any any -> any any (msg:\"login\"; content:\"USER\"; flowbits:set,logged_in; flowbits:noalert; sid:1;)",
               "alert udp any any -> any any (msg:\"cmd\"; content:\"RETR\"; flowbits:isset,logged_in; sid:2;)",
               "alert udp any any -> any any (msg:\"anon\"; content:\"RETR\"; flowbits:isnotset,logged_in; sid:3;)"});
    Flow f;
    f.ip_proto = 17;
    auto retr = TestPacket::udp("RETR x");
    EXPECT_EQ(h.run(retr.p, &f), std::vector<uint32_t>{3});
    auto user = TestPacket::udp("USER bob");
    EXPECT_TRUE(h.run(user.p, &f).empty());  // noalert: the bit is set silently
    EXPECT_EQ(h.run(retr.p, &f), std::vector<uint32_t>{2});
    Flow other;
    other.ip_proto = 17;
    EXPECT_EQ(h.run(retr.p, &other), std::vector<uint32_t>{3});  // bits are per flow
    EXPECT_TRUE(h.run(retr.p, nullptr).empty());  // flowbits need a flow, isnotset too
}

TEST(Flowbits, SetOnlyWhenTheRuleMatches) {
    Harness h({"alert udp any any -> any any (content:\"A\"; content:\"B\"; flowbits:set,x; sid:1;)",
               "alert udp any any -> any any (content:\"C\"; flowbits:isset,x; sid:2;)"});
    Flow f;
    auto a = TestPacket::udp("A only");
    h.run(a.p, &f);
    auto c = TestPacket::udp("C");
    EXPECT_TRUE(h.run(c.p, &f).empty());
}

TEST(Flowbits, SameLastPacketOrderAnyOfUnsetToggle) {
    Harness h({"alert udp any any -> any any (content:\"go\"; flowbits:isset,a|b; sid:10;)",
               "alert udp any any -> any any (content:\"set-b\"; flowbits:set,b; sid:11;)",
               "alert udp any any -> any any (content:\"unset-b\"; flowbits:unset,b; sid:12;)",
               "alert udp any any -> any any (content:\"toggle-a\"; flowbits:toggle,a; sid:13;)"});
    Flow f;
    auto go = TestPacket::udp("go");
    EXPECT_TRUE(h.run(go.p, &f).empty());
    // the setter runs before the checker on the same packet
    auto both = TestPacket::udp("set-b go");
    EXPECT_EQ(h.run(both.p, &f), (std::vector<uint32_t>{11, 10}));
    auto unset = TestPacket::udp("unset-b");
    h.run(unset.p, &f);
    EXPECT_TRUE(h.run(go.p, &f).empty());
    auto toggle = TestPacket::udp("toggle-a");
    h.run(toggle.p, &f);
    EXPECT_EQ(h.run(go.p, &f), std::vector<uint32_t>{10});
    h.run(toggle.p, &f);
    EXPECT_TRUE(h.run(go.p, &f).empty());
}

TEST(Flowint, CountAndCompare) {
    Harness h({"alert udp any any -> any any (content:\"fail\"; flowint:fails,+,1; flowbits:noalert; sid:1;)",
               "alert udp any any -> any any (content:\"fail\"; flowint:fails,>=,3; sid:2;)",
               "alert udp any any -> any any (content:\"reset\"; flowint:fails,=,0; sid:3;)",
               "alert udp any any -> any any (content:\"check\"; flowint:fails,notset; sid:4;)"});
    Flow f;
    auto check = TestPacket::udp("check");
    EXPECT_EQ(h.run(check.p, &f), std::vector<uint32_t>{4});
    auto fail = TestPacket::udp("fail");
    EXPECT_TRUE(h.run(fail.p, &f).empty());   // fails = 1 after this packet
    EXPECT_TRUE(h.run(fail.p, &f).empty());   // 2
    EXPECT_EQ(h.run(fail.p, &f), std::vector<uint32_t>{2});  // the counting rule (lower sid) runs first: 3 >= 3
    EXPECT_TRUE(h.run(check.p, &f).empty());
}

}  // namespace
}  // namespace vigie::detect::testing
