// Packet or stream: payload rules on reassembled TCP flows read the stream chunk and
// accept only matches reaching into its new bytes.
#include "detect_test_util.h"

namespace vigie::detect::testing {
namespace {

struct Chunk {
    std::string bytes;
    StreamChunk c;
    Chunk(std::string b, uint32_t new_from) : bytes(std::move(b)) {
        c.data = reinterpret_cast<const uint8_t*>(bytes.data());
        c.len = uint32_t(bytes.size());
        c.new_from = new_from;
    }
};

const char* kRule = "alert tcp any any -> any any (msg:\"split\"; flow:to_server,established; content:\"attack\"; sid:1;)";

TEST(Stream, SplitPatternMatchesOnce) {
    Harness h({kRule});
    Flow f = established_tcp_flow();
    auto p1 = TestPacket::tcp("xxatt");
    Chunk c1("xxatt", 0);
    EXPECT_TRUE(h.run(p1.p, &f, true, &c1.c).empty());
    auto p2 = TestPacket::tcp("ackyy");
    Chunk c2("xxattackyy", 5);  // look-back "xxatt", new "ackyy"
    EXPECT_EQ(h.run(p2.p, &f, true, &c2.c), std::vector<uint32_t>{1});
    EXPECT_TRUE(h.alerts.front().from_stream);
    auto p3 = TestPacket::tcp("zz");
    Chunk c3("xxattackyyzz", 10);  // the match lies wholly in the look-back
    EXPECT_TRUE(h.run(p3.p, &f, true, &c3.c).empty());
}

TEST(Stream, RetransmissionMatchesNothing) {
    Harness h({kRule});
    Flow f = established_tcp_flow();
    auto p = TestPacket::tcp("attack");
    Chunk first("attack", 0);
    EXPECT_EQ(h.run(p.p, &f, true, &first.c).size(), 1u);
    Chunk retrans("attack", 6);  // no new bytes
    EXPECT_TRUE(h.run(p.p, &f, true, &retrans.c).empty());
    EXPECT_TRUE(h.run(p.p, &f, true, nullptr).empty());  // nor the packet itself: it is streamed
}

TEST(Stream, PacketPayloadWhenNotStreamed) {
    Harness h({"alert tcp any any -> any any (content:\"attack\"; sid:1;)",
               "alert udp any any -> any any (content:\"attack\"; sid:2;)"});
    auto tcp = TestPacket::tcp("attack");
    EXPECT_EQ(h.run(tcp.p, nullptr, true, nullptr), std::vector<uint32_t>{1});  // no flow: packet
    EXPECT_FALSE(h.alerts.front().from_stream);
    auto udp = TestPacket::udp("attack");
    Flow f;
    f.ip_proto = 17;
    EXPECT_EQ(h.run(udp.p, &f, true, nullptr), std::vector<uint32_t>{2});
}

TEST(Stream, NoStreamOnlyStreamAndAnchored) {
    Harness h({"alert tcp any any -> any any (flow:no_stream; content:\"attack\"; sid:1;)",
               "alert tcp any any -> any any (flow:only_stream; content:\"attack\"; sid:2;)",
               "alert tcp any any -> any any (content:\"attack\"; depth:6; sid:3;)",
               "alert tcp any any -> any any (content:\"attack\"; sid:4;)"});
    Flow f = established_tcp_flow();
    auto p = TestPacket::tcp("attack");
    Chunk c("attack", 0);
    // no_stream and anchored rules read the packet, the others the chunk: each once
    EXPECT_EQ(h.run(p.p, &f, true, &c.c), (std::vector<uint32_t>{1, 2, 3, 4}));
    EXPECT_EQ(h.run(p.p, &f, true, nullptr), (std::vector<uint32_t>{1, 3}));
    auto udp = TestPacket::udp("attack", 1, 2);
    EXPECT_EQ(h.run(udp.p, nullptr, true, nullptr), std::vector<uint32_t>{});  // tcp rules
}

TEST(Stream, PacketPayloadBeforeTheSessionIsEstablished) {
    // A SYN carrying data, or data on a midstream flow that is not picked up: nothing
    // is reassembled, so stream rules read the packet (Suricata).
    Harness h({"alert tcp any any -> any any (content:\"attack\"; sid:1;)",
               "alert tcp-stream any any -> any any (content:\"attack\"; sid:2;)"});
    Flow f = established_tcp_flow();
    f.tcp_state = TcpState::SynSent;
    f.pkt_established = false;
    auto p = TestPacket::tcp("attack");
    EXPECT_EQ(h.run(p.p, &f, true, nullptr), std::vector<uint32_t>{1});
    EXPECT_FALSE(h.alerts.front().from_stream);
}

TEST(Stream, TcpPktAndTcpStreamHeaders) {
    Harness h({"alert tcp-pkt any any -> any any (content:\"attack\"; sid:1;)",
               "alert tcp-stream any any -> any any (content:\"attack\"; sid:2;)"});
    Flow f = established_tcp_flow();
    auto p = TestPacket::tcp("attack");
    Chunk c("attack", 0);
    EXPECT_EQ(h.run(p.p, &f, true, &c.c), (std::vector<uint32_t>{1, 2}));
    EXPECT_FALSE(h.alerts[0].from_stream);
    EXPECT_TRUE(h.alerts[1].from_stream);
    EXPECT_EQ(h.run(p.p, &f, true, nullptr), std::vector<uint32_t>{1});
}

TEST(Stream, DsizeIsThePacketsOwn) {
    Harness h({"alert tcp any any -> any any (dsize:2; content:\"attack\"; sid:1;)"});
    Flow f = established_tcp_flow();
    auto p = TestPacket::tcp("ck");
    Chunk c("attack", 4);
    EXPECT_EQ(h.run(p.p, &f, true, &c.c), std::vector<uint32_t>{1});
}

}  // namespace
}  // namespace vigie::detect::testing
