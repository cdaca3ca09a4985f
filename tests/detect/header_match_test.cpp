// Header checks: protocol, addresses, ports (negation, "<>"), per-packet keywords.
#include "detect_test_util.h"
#include "detect/header_match.h"

namespace vigie::detect::testing {
namespace {

struct Row {
    const char* rule;   // full rule text
    TestPacket pkt;
    bool fires;
    const char* what;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.what; }

class HeaderTable : public ::testing::TestWithParam<Row> {};

TEST_P(HeaderTable, Fires) {
    const Row& row = GetParam();
    Harness h({row.rule});
    ASSERT_TRUE(h.det);
    ASSERT_TRUE(h.rejected.empty()) << h.rejected.front().reason;
    TestPacket pkt = row.pkt;
    EXPECT_EQ(h.fires(pkt.p), row.fires) << row.rule;
}

TestPacket with_ttl(uint8_t ttl) {
    auto t = TestPacket::tcp("x");
    t.p.ttl = ttl;
    return t;
}
TestPacket with_flags(uint8_t f) {
    auto t = TestPacket::tcp("");
    t.p.tcp_flags = f;
    return t;
}
TestPacket icmp(uint8_t type, uint8_t code) {
    auto t = TestPacket::make(1, "10.0.0.1", 0, "10.0.0.2", 0, "ping");
    t.p.icmp_type = type;
    t.p.icmp_code = code;
    t.p.icmp_has_id_seq = true;
    t.p.icmp_id = 7;
    return t;
}

using namespace tcpflag;

INSTANTIATE_TEST_SUITE_P(Addresses, HeaderTable, ::testing::Values(
    Row{"alert tcp 10.0.0.0/8 any -> 192.168.1.1 80 (sid:1;)", TestPacket::tcp("x"), true, "cidr and port"},
    Row{"alert tcp !10.0.0.0/8 any -> any any (sid:1;)", TestPacket::tcp("x"), false, "negated src"},
    Row{"alert tcp any any -> any !80 (sid:1;)", TestPacket::tcp("x"), false, "negated port"},
    Row{"alert tcp any any -> any [443,8000:9000] (sid:1;)", TestPacket::tcp("x", 1234, 8080), true, "port list and range"},
    Row{"alert tcp any any -> any [443,8000:9000] (sid:1;)", TestPacket::tcp("x", 1234, 80), false, "port not in list"},
    Row{"alert tcp 192.168.1.1 80 -> 10.0.0.1 any (sid:1;)", TestPacket::tcp("x"), false, "one-way, wrong direction"},
    Row{"alert tcp 192.168.1.1 80 <> 10.0.0.1 any (sid:1;)", TestPacket::tcp("x"), true, "bidirectional, swapped"},
    Row{"alert udp any any -> any any (sid:1;)", TestPacket::tcp("x"), false, "udp rule, tcp packet"},
    Row{"alert ip any any -> any any (sid:1;)", TestPacket::udp("x"), true, "ip rule, udp packet"},
    Row{"alert icmp any any -> any any (sid:1;)", icmp(8, 0), true, "icmp rule"}
));

INSTANTIATE_TEST_SUITE_P(Keywords, HeaderTable, ::testing::Values(
    Row{"alert tcp any any -> any any (ttl:64; sid:1;)", with_ttl(64), true, "ttl eq"},
    Row{"alert tcp any any -> any any (ttl:<10; sid:1;)", with_ttl(64), false, "ttl lt"},
    Row{"alert tcp any any -> any any (ttl:>10; sid:1;)", with_ttl(64), true, "ttl gt"},
    Row{"alert tcp any any -> any any (ttl:60<>70; sid:1;)", with_ttl(64), true, "ttl range"},
    Row{"alert tcp any any -> any any (ttl:64<>70; sid:1;)", with_ttl(64), false, "ttl range exclusive"},
    Row{"alert tcp any any -> any any (dsize:1; sid:1;)", TestPacket::tcp("x"), true, "dsize eq"},
    Row{"alert tcp any any -> any any (dsize:>1; sid:1;)", TestPacket::tcp("x"), false, "dsize gt"},
    Row{"alert tcp any any -> any any (dsize:0<>5; sid:1;)", TestPacket::tcp("abc"), true, "dsize range"},
    Row{"alert tcp any any -> any any (dsize:3<>5; sid:1;)", TestPacket::tcp("abc"), false, "dsize range exclusive"},
    Row{"alert tcp any any -> any any (flags:S; sid:1;)", with_flags(SYN), true, "flags exact"},
    Row{"alert tcp any any -> any any (flags:S; sid:1;)", with_flags(SYN | ACK), false, "flags exact, extra"},
    Row{"alert tcp any any -> any any (flags:S+; sid:1;)", with_flags(SYN | ACK), true, "flags plus"},
    Row{"alert tcp any any -> any any (flags:*SF; sid:1;)", with_flags(FIN | ACK), true, "flags any"},
    Row{"alert tcp any any -> any any (flags:*SF; sid:1;)", with_flags(ACK), false, "flags any, none"},
    Row{"alert tcp any any -> any any (flags:!S; sid:1;)", with_flags(ACK), true, "flags not"},
    Row{"alert tcp any any -> any any (flags:!S; sid:1;)", with_flags(SYN), false, "flags not, set"},
    Row{"alert tcp any any -> any any (flags:S,12; sid:1;)", with_flags(SYN | ECE | CWR), true, "flags mask ignores CWR/ECE"},
    Row{"alert tcp any any -> any any (flags:0; sid:1;)", with_flags(0), true, "flags none"},
    Row{"alert icmp any any -> any any (itype:8; sid:1;)", icmp(8, 0), true, "itype"},
    Row{"alert icmp any any -> any any (itype:>8; sid:1;)", icmp(8, 0), false, "itype gt"},
    Row{"alert icmp any any -> any any (icode:0; itype:8; icmp_id:7; sid:1;)", icmp(8, 0), true, "icode and icmp_id"},
    Row{"alert ip any any -> any any (itype:8; sid:1;)", TestPacket::tcp("x"), false, "itype on tcp"},
    Row{"alert ip any any -> any any (ip_proto:6; sid:1;)", TestPacket::tcp("x"), true, "ip_proto"},
    Row{"alert ip any any -> any any (ip_proto:!6; sid:1;)", TestPacket::tcp("x"), false, "ip_proto negated"},
    Row{"alert ip any any -> any any (sameip; sid:1;)", TestPacket::make(6, "1.1.1.1", 1, "1.1.1.1", 2, "x"), true, "sameip"},
    Row{"alert ip any any -> any any (sameip; sid:1;)", TestPacket::tcp("x"), false, "sameip differs"}
));

TEST(HeaderMatch, FlowDirectionAndState) {
    Harness h({"alert tcp any any -> any any (flow:to_server,established; sid:1;)",
               "alert tcp any any -> any any (flow:to_client; sid:2;)",
               "alert tcp any any -> any any (flow:not_established; sid:3;)",
               "alert tcp any any -> any any (flow:stateless; sid:4;)"});
    auto pkt = TestPacket::tcp("x");
    Flow f = established_tcp_flow();
    EXPECT_EQ(h.run(pkt.p, &f, true), (std::vector<uint32_t>{1, 4}));
    EXPECT_EQ(h.run(pkt.p, &f, false), (std::vector<uint32_t>{2, 4}));
    f.tcp_state = TcpState::SynSent;
    f.pkt_established = false;  // the flow stage decides it per packet (Flow::pkt_established)
    EXPECT_EQ(h.run(pkt.p, &f, true), (std::vector<uint32_t>{3, 4}));
    EXPECT_EQ(h.run(pkt.p, nullptr, true), (std::vector<uint32_t>{4}));  // direction needs a flow
}

TEST(HeaderMatch, TcpFlagsModifiers) {
    rules::TcpFlagsCheck c;
    c.flags = tcpflag::SYN | tcpflag::ACK;
    c.modifier = '!';
    EXPECT_TRUE(match_tcp_flags(c, tcpflag::SYN));    // not both set
    EXPECT_FALSE(match_tcp_flags(c, tcpflag::SYN | tcpflag::ACK));
    c.modifier = 0;
    EXPECT_TRUE(match_tcp_flags(c, tcpflag::SYN | tcpflag::ACK));
    EXPECT_FALSE(match_tcp_flags(c, tcpflag::SYN | tcpflag::ACK | tcpflag::PSH));
}

}  // namespace
}  // namespace vigie::detect::testing
