#include "flow/flow_key.h"

#include <gtest/gtest.h>

#include "flow_test_util.h"

namespace vigie {
namespace {

using test::Endpoint;
using test::PacketBuilder;

struct TupleCase {
    const char* name;
    uint8_t proto;
    Endpoint a, b;
    uint16_t vlan;
};

const TupleCase kTuples[] = {
    {"tcp_v4", 6, {"10.0.0.1", 40000}, {"10.0.0.2", 80}, 0},
    {"tcp_v4_reversed_order", 6, {"192.168.1.9", 80}, {"10.0.0.2", 5555}, 0},
    {"udp_v4_same_addr", 17, {"10.0.0.1", 53}, {"10.0.0.1", 1053}, 0},
    {"udp_v4_vlan", 17, {"10.0.0.1", 53}, {"10.0.0.7", 1053}, 42},
    {"tcp_v6", 6, {"2001:db8::1", 443}, {"2001:db8::2", 51000}, 0},
    {"sctp_v6", 132, {"fe80::1", 9}, {"::1", 9}, 3},
};

class KeySymmetry : public testing::TestWithParam<TupleCase> {};

TEST_P(KeySymmetry, BothDirectionsGiveTheSameKeyAndHash) {
    const TupleCase& c = GetParam();
    PacketBuilder pb;
    Packet fwd = pb.make(c.proto, c.a, c.b, "x");
    Packet rev = pb.make(c.proto, c.b, c.a, "y");
    for (Packet* p : {&fwd, &rev}) {
        p->vlan_id[0] = c.vlan;
        p->vlan_count = c.vlan ? 1 : 0;
    }
    FlowKey kf, kr;
    bool lo_f, lo_r;
    ASSERT_TRUE(make_flow_key(fwd, kf, lo_f));
    ASSERT_TRUE(make_flow_key(rev, kr, lo_r));
    EXPECT_EQ(kf, kr);
    EXPECT_NE(lo_f, lo_r);
    EXPECT_EQ(hash_flow_key(kf, kDefaultFlowHashSeed), hash_flow_key(kr, kDefaultFlowHashSeed));
    EXPECT_EQ(symmetric_hash(fwd), symmetric_hash(rev));
    EXPECT_EQ(kf.vlan[0], c.vlan);
}

INSTANTIATE_TEST_SUITE_P(Tuples, KeySymmetry, testing::ValuesIn(kTuples),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(FlowKey, FieldsThatSeparateFlows) {
    PacketBuilder pb;
    Packet base = pb.make(17, {"10.0.0.1", 1000}, {"10.0.0.2", 53}, "");
    uint64_t h0 = symmetric_hash(base);
    Packet other_port = pb.make(17, {"10.0.0.1", 1001}, {"10.0.0.2", 53}, "");
    Packet other_proto = pb.make(6, {"10.0.0.1", 1000}, {"10.0.0.2", 53}, "");
    Packet other_vlan = base;
    other_vlan.vlan_id[0] = 7;
    other_vlan.vlan_count = 1;
    Packet inner_vlan = other_vlan;
    inner_vlan.vlan_id[1] = 8;
    inner_vlan.vlan_count = 2;
    // IPv6 address whose first bytes equal the IPv4 ones: the family keeps them apart.
    Packet v6 = pb.make(17, {"a00:1::", 1000}, {"a00:2::", 53}, "");
    for (const Packet* p : {&other_port, &other_proto, &other_vlan, &inner_vlan, &v6})
        EXPECT_NE(symmetric_hash(*p), h0);
    EXPECT_NE(symmetric_hash(other_vlan), symmetric_hash(inner_vlan));
}

TEST(FlowKey, SeedChangesTheHash) {
    PacketBuilder pb;
    Packet p = pb.make(6, {"10.0.0.1", 1000}, {"10.0.0.2", 80}, "");
    EXPECT_NE(symmetric_hash(p, 1), symmetric_hash(p, 2));
    EXPECT_EQ(symmetric_hash(p, 1), symmetric_hash(p, 1));
}

TEST(FlowKey, IcmpEchoRequestAndReplyShareAFlowPerId) {
    PacketBuilder pb;
    auto icmp = [&](const char* s, const char* d, uint8_t type, uint16_t id) {
        Packet p = pb.make(1, {s, 0}, {d, 0}, "");
        p.icmp_type = type;
        p.icmp_id = id;
        p.icmp_has_id_seq = true;
        return p;
    };
    Packet req = icmp("10.0.0.1", "10.0.0.2", 8, 77);
    Packet rep = icmp("10.0.0.2", "10.0.0.1", 0, 77);
    Packet other = icmp("10.0.0.1", "10.0.0.2", 8, 78);
    EXPECT_EQ(symmetric_hash(req), symmetric_hash(rep));
    EXPECT_NE(symmetric_hash(req), symmetric_hash(other));
    // Non-echo ICMP: one flow per address pair.
    Packet unreach = pb.make(1, {"10.0.0.2", 0}, {"10.0.0.1", 0}, "");
    Packet unreach2 = unreach;
    unreach2.icmp_type = 3;
    EXPECT_EQ(symmetric_hash(unreach), symmetric_hash(unreach2));
}

TEST(FlowKey, NonIpHasNoFlow) {
    Packet p;
    FlowKey k;
    bool lo;
    EXPECT_FALSE(make_flow_key(p, k, lo));
    EXPECT_EQ(symmetric_hash(p), 0u);
}

TEST(FlowId, StableNonZeroAndBelow2To51) {
    PacketBuilder pb;
    Packet p = pb.make(6, {"10.0.0.1", 1000}, {"10.0.0.2", 80}, "");
    uint64_t h = symmetric_hash(p);
    Timestamp t{1700000000, 123456000};
    uint64_t id = make_flow_id(h, t);
    EXPECT_EQ(id, make_flow_id(h, t));
    EXPECT_NE(id, 0u);
    EXPECT_LT(id, uint64_t(1) << 51);
    EXPECT_NE(id, make_flow_id(h, Timestamp{1700000000, 123457000}));
    EXPECT_NE(id, make_flow_id(h + 1, t));
    for (uint64_t k = 0; k < 1000; ++k) {
        uint64_t v = make_flow_id(k * 0x9e3779b97f4a7c15ULL, Timestamp{int64_t(k), 0});
        EXPECT_NE(v, 0u);
        EXPECT_LT(v, uint64_t(1) << 51);
    }
}

TEST(FlowId, ReproducibleAcrossTables) {
    test::PacketBuilder pb;
    Packet p = pb.udp({"10.0.0.1", 1000}, {"10.0.0.2", 53}, "q", 1700000000);
    FlowTable a, b;
    uint64_t ida = a.process(p).flow->flow_id;
    EXPECT_EQ(ida, b.process(p).flow->flow_id);
    EXPECT_EQ(ida, make_flow_id(symmetric_hash(p), p.ts));
}

}  // namespace
}  // namespace vigie
