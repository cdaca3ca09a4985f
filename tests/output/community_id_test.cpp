// Community ID v1, checked against the values Suricata wrote for the same flows in
// the suricata-verify community-id tests (seed 7), so our hashing agrees with theirs.
#include <gtest/gtest.h>

#include "common/ip_addr.h"
#include "output/community_id.h"

using namespace vigie;

namespace {
IpAddr ip(const char* s) { return *IpAddr::parse(s); }
}  // namespace

TEST(CommunityId, MatchesSuricataForIpv4AndIpv6) {
    EXPECT_EQ(output::community_id(ip("172.26.0.39"), 35958, ip("172.217.14.206"), 443, 6, 7),
              "1:IwiTNfuO7aCaamMijl+7/X9uLx0=");
    EXPECT_EQ(output::community_id(ip("2600:1f13:f8:d400:3a6:303c:e011:18eb"), 60202, ip("2607:f8b0:400a:800::200e"),
                                   443, 6, 7),
              "1:ptJhMvufAbB5nLDNW77cB800wFM=");
}

TEST(CommunityId, SameForBothDirectionsAndSensitiveToEveryField) {
    const auto a = ip("10.0.0.1"), b = ip("10.0.0.2");
    const std::string id = output::community_id(a, 1234, b, 80, 6, 0);
    EXPECT_EQ(output::community_id(b, 80, a, 1234, 6, 0), id);
    EXPECT_NE(output::community_id(a, 1234, b, 80, 17, 0), id);  // protocol
    EXPECT_NE(output::community_id(a, 1234, b, 80, 6, 1), id);   // seed
    EXPECT_NE(output::community_id(a, 1235, b, 80, 6, 0), id);   // port
    // Same address both sides: the lower port goes first.
    EXPECT_EQ(output::community_id(a, 80, a, 1234, 6, 0), output::community_id(a, 1234, a, 80, 6, 0));
}

TEST(CommunityId, NoIdWithoutPorts) {
    EXPECT_EQ(output::community_id(ip("10.0.0.1"), 0, ip("10.0.0.2"), 0, 1, 0), "");
}
