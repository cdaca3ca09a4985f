// IpAddr text forms: what people read (compressed IPv6) and what EVE writes
// (Suricata's expanded IPv6, the form the conformance suite and EVE tools expect).
#include <gtest/gtest.h>

#include "common/ip_addr.h"

using vigie::IpAddr;

TEST(IpAddrText, EveFormExpandsIpv6AndKeepsIpv4) {
    EXPECT_EQ(IpAddr::parse("2607:f8b0:400a:800::200e")->to_eve_string(), "2607:f8b0:400a:0800:0000:0000:0000:200e");
    EXPECT_EQ(IpAddr::parse("::1")->to_eve_string(), "0000:0000:0000:0000:0000:0000:0000:0001");
    EXPECT_EQ(IpAddr::parse("192.0.2.7")->to_eve_string(), "192.0.2.7");
    EXPECT_EQ(IpAddr::parse("2607:f8b0:400a:800::200e")->to_string(), "2607:f8b0:400a:800::200e");
}

TEST(IpAddrText, EveFormParsesBackToTheSameAddress) {
    for (const char* s : {"2001:db8::1", "fe80::1:2:3:4", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
        const auto a = IpAddr::parse(s);
        ASSERT_TRUE(a);
        const auto b = IpAddr::parse(a->to_eve_string());
        ASSERT_TRUE(b) << s;
        EXPECT_EQ(a->bytes, b->bytes) << s;
    }
}
