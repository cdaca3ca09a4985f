#include "flow/flow_table.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "flow_test_util.h"

namespace vigie {
namespace {

using namespace test;

struct Ended {
    uint64_t flow_id;
    uint16_t client_port;
    FlowEndReason reason;
};

// Records every flow end, as the output stage would log it.
struct EndLog {
    std::vector<Ended> ended;
    void attach(FlowTable& t) {
        t.set_flow_end_callback([this](Flow& f, FlowEndReason r) { ended.push_back({f.flow_id, f.client_port, r}); });
    }
};

TEST(FlowTable, DirectionAndCounters) {
    FlowTable t;
    PacketBuilder pb;
    Endpoint a{"10.0.0.1", 1234}, b{"10.0.0.2", 53};
    FlowLookup r1 = t.process(pb.udp(a, b, "query"));
    ASSERT_NE(r1.flow, nullptr);
    EXPECT_TRUE(r1.new_flow);
    EXPECT_TRUE(r1.to_server);
    EXPECT_FALSE(r1.flow->established());
    FlowLookup r2 = t.process(pb.udp(b, a, "answer!"));
    EXPECT_EQ(r2.flow, r1.flow);
    EXPECT_FALSE(r2.new_flow);
    EXPECT_FALSE(r2.to_server);
    const Flow& f = *r2.flow;
    EXPECT_EQ(f.client.to_string(), "10.0.0.1");
    EXPECT_EQ(f.server.to_string(), "10.0.0.2");
    EXPECT_EQ(f.client_port, 1234);
    EXPECT_EQ(f.server_port, 53);
    EXPECT_EQ(f.pkts_toserver, 1u);
    EXPECT_EQ(f.pkts_toclient, 1u);
    EXPECT_EQ(f.bytes_toserver, 54u + 5);
    EXPECT_EQ(f.bytes_toclient, 54u + 7);
    EXPECT_TRUE(f.seen_toserver && f.seen_toclient);
    EXPECT_TRUE(f.established());
    EXPECT_EQ(t.stats().flows_created, 1u);
    EXPECT_EQ(t.active_flows(), 1u);
}

TEST(FlowTable, FirstPacketSynAckMakesTheReceiverTheClient) {
    FlowTable t;
    PacketBuilder pb;
    Endpoint c{"10.0.0.1", 40000}, s{"10.0.0.2", 80};
    FlowLookup r = t.process(pb.tcp(s, c, kSynAck, 500, 1001));
    EXPECT_FALSE(r.to_server);
    EXPECT_EQ(r.flow->client.to_string(), "10.0.0.1");
    EXPECT_EQ(r.flow->client_port, 40000);
    EXPECT_EQ(r.flow->server_port, 80);
    EXPECT_TRUE(t.process(pb.tcp(c, s, kAck, 1001, 501)).to_server);
}

TEST(FlowTable, NonIpPacketHasNoFlow) {
    FlowTable t;
    Packet p;
    EXPECT_EQ(t.process(p).flow, nullptr);
    EXPECT_EQ(t.stats().no_flow, 1u);
}

struct TimeoutCase {
    const char* name;
    bool reply;           // a reply makes the UDP flow established
    int64_t quiet_sec;    // packet time of the next, unrelated packet
    bool expect_expired;
};

const TimeoutCase kTimeouts[] = {
    {"new_before_30s", false, 29, false},
    {"new_at_30s", false, 30, true},
    {"established_at_31s", true, 31, false},
    {"established_before_300s", true, 299, false},
    {"established_at_300s", true, 300, true},
};

class UdpTimeouts : public testing::TestWithParam<TimeoutCase> {};

TEST_P(UdpTimeouts, DrivenByPacketTime) {
    const TimeoutCase& c = GetParam();
    FlowTable t;
    EndLog log;
    log.attach(t);
    PacketBuilder pb;
    const int64_t t0 = 1500000000;  // old capture time: only packet time matters
    Endpoint a{"10.0.0.1", 1234}, b{"10.0.0.2", 53};
    t.process(pb.udp(a, b, "q", t0));
    if (c.reply) t.process(pb.udp(b, a, "r", t0));
    t.process(pb.udp({"10.9.9.9", 1}, {"10.9.9.8", 2}, "", t0 + c.quiet_sec));
    ASSERT_EQ(log.ended.size(), c.expect_expired ? 1u : 0u);
    if (c.expect_expired) {
        EXPECT_EQ(log.ended[0].reason, FlowEndReason::Timeout);
        EXPECT_EQ(log.ended[0].client_port, 1234);
        EXPECT_EQ(t.stats().flows_timed_out, 1u);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, UdpTimeouts, testing::ValuesIn(kTimeouts),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FlowTable, ExpireWithoutPacketsAndCustomTimeouts) {
    FlowConfig cfg;
    cfg.timeouts_tcp.new_sec = 5;
    cfg.timeouts_tcp.closed_sec = 0;
    FlowTable t(cfg);
    EndLog log;
    log.attach(t);
    PacketBuilder pb;
    Endpoint c{"10.0.0.1", 40000}, s{"10.0.0.2", 80};
    t.process(pb.tcp(c, s, kSyn, 1, 0, {}, 100));
    t.expire(Timestamp{104, 0});
    EXPECT_TRUE(log.ended.empty());
    t.expire(Timestamp{105, 0});
    ASSERT_EQ(log.ended.size(), 1u);
    // A closed TCP flow with closed timeout 0 ends at the next time step.
    TcpConv conv(t, 10, 20, {"10.0.0.3", 1}, {"10.0.0.4", 2});
    conv.handshake(200);
    t.process(conv.builder().tcp(conv.client_ep(), conv.server_ep(), kRst, conv.client_seq(), 0, {}, 200));
    EXPECT_EQ(log.ended.size(), 1u);
    t.expire(Timestamp{200, 1000});
    EXPECT_EQ(log.ended.size(), 2u);
}

TEST(FlowTable, RecentActivityKeepsAFlowAlive) {
    FlowTable t;
    EndLog log;
    log.attach(t);
    PacketBuilder pb;
    Endpoint a{"10.0.0.1", 1234}, b{"10.0.0.2", 53};
    for (int64_t s = 0; s <= 100; s += 20) t.process(pb.udp(a, b, "q", s));
    EXPECT_TRUE(log.ended.empty());
    t.expire(Timestamp{129, 0});
    EXPECT_TRUE(log.ended.empty());
    t.expire(Timestamp{130, 0});
    EXPECT_EQ(log.ended.size(), 1u);
}

TEST(FlowTable, MemcapEvictsLeastRecentlyUsed) {
    FlowConfig cfg;
    cfg.max_flows = 4;
    FlowTable t(cfg);
    EndLog log;
    log.attach(t);
    PacketBuilder pb;
    Endpoint srv{"10.0.0.2", 53};
    for (uint16_t port = 1; port <= 4; ++port) t.process(pb.udp({"10.0.0.1", port}, srv, "q", port));
    t.process(pb.udp({"10.0.0.1", 1}, srv, "again", 5));  // port 1 is now the most recent
    EXPECT_TRUE(log.ended.empty());
    FlowLookup r = t.process(pb.udp({"10.0.0.1", 5}, srv, "q", 6));
    ASSERT_NE(r.flow, nullptr);
    EXPECT_TRUE(r.new_flow);
    ASSERT_EQ(log.ended.size(), 1u);
    EXPECT_EQ(log.ended[0].client_port, 2);
    EXPECT_EQ(log.ended[0].reason, FlowEndReason::Evicted);
    EXPECT_EQ(t.stats().flows_evicted, 1u);
    EXPECT_EQ(t.stats().memcap_hits, 1u);
    EXPECT_EQ(t.stats().emergency_entered, 1u);
    EXPECT_EQ(t.active_flows(), 4u);
    // Emergency timeouts apply (udp emergency-new 10s) until active flows fall under
    // 30% of the table; the last flow then gets the normal 30s again.
    t.expire(Timestamp{16, 0});
    EXPECT_EQ(t.active_flows(), 1u);
    EXPECT_FALSE(t.stats().emergency);
    t.expire(Timestamp{36, 0});
    EXPECT_EQ(t.active_flows(), 0u);
}

struct CountingExt : FlowExtension {
    explicit CountingExt(int& d) : destroyed(d) {}
    ~CountingExt() override { ++destroyed; }
    int& destroyed;
};

TEST(FlowTable, FlushAllEndsEveryFlowAndResetsExtensions) {
    FlowTable t;
    PacketBuilder pb;
    int destroyed = 0;
    int seen_in_callback = 0;
    t.set_flow_end_callback([&](Flow& f, FlowEndReason r) {
        EXPECT_EQ(r, FlowEndReason::Shutdown);
        if (f.ext[Flow::kDetect]) ++seen_in_callback;  // still there during the callback
    });
    for (uint16_t port = 1; port <= 3; ++port) {
        FlowLookup l = t.process(pb.udp({"10.0.0.1", port}, {"10.0.0.2", 53}, "q"));
        l.flow->ext[Flow::kDetect] = std::make_unique<CountingExt>(destroyed);
    }
    t.flush_all();
    EXPECT_EQ(seen_in_callback, 3);
    EXPECT_EQ(destroyed, 3);
    EXPECT_EQ(t.active_flows(), 0u);
    EXPECT_EQ(t.stats().flows_flushed, 3u);
    // Slots are reusable afterwards, with a fresh flow.
    FlowLookup l = t.process(pb.udp({"10.0.0.1", 1}, {"10.0.0.2", 53}, "q"));
    EXPECT_TRUE(l.new_flow);
    EXPECT_EQ(l.flow->pkts_toserver, 1u);
    EXPECT_EQ(l.flow->ext[Flow::kDetect], nullptr);
}

TEST(FlowTable, SynOnClosedSessionStartsANewFlow) {
    FlowTable t;
    EndLog log;
    log.attach(t);
    TcpConv conv(t);
    conv.handshake();
    PacketBuilder& pb = conv.builder();
    FlowLookup r = t.process(pb.tcp(conv.client_ep(), conv.server_ep(), kRst | kAck, conv.client_seq(), 0));
    EXPECT_EQ(r.flow->tcp_state, TcpState::Closed);
    FlowLookup n = t.process(pb.tcp(conv.client_ep(), conv.server_ep(), kSyn, 99999, 0, {}, 1));
    EXPECT_TRUE(n.new_flow);
    EXPECT_EQ(n.flow->tcp_state, TcpState::SynSent);
    ASSERT_EQ(log.ended.size(), 1u);
    EXPECT_EQ(log.ended[0].reason, FlowEndReason::Forced);
}

TEST(FlowTable, ManyFlowsChurnStaysBounded) {
    FlowConfig cfg;
    cfg.max_flows = 64;
    FlowTable t(cfg);
    uint64_t ended = 0;
    t.set_flow_end_callback([&](Flow&, FlowEndReason) { ++ended; });
    PacketBuilder pb;
    for (uint32_t i = 0; i < 1000; ++i) {
        FlowLookup l = t.process(pb.udp({"10.0.0.1", uint16_t(i)}, {"10.0.0.2", 53}, "", i / 100));
        ASSERT_NE(l.flow, nullptr);
        EXPECT_LE(t.active_flows(), 64u);
    }
    EXPECT_EQ(t.stats().flows_created, 1000u);
    EXPECT_EQ(ended + t.active_flows(), 1000u);
}

TEST(FlowConfig, Validation) {
    FlowConfig ok;
    EXPECT_TRUE(validate_flow_config(ok).ok());
    FlowConfig bad = ok;
    bad.max_flows = 0;
    EXPECT_FALSE(validate_flow_config(bad).ok());
    bad = ok;
    bad.stream.max_ooo_bytes = 100;
    EXPECT_FALSE(validate_flow_config(bad).ok());
    bad = ok;
    bad.stream.max_ooo_ranges = 65;
    EXPECT_FALSE(validate_flow_config(bad).ok());
}

}  // namespace
}  // namespace vigie
