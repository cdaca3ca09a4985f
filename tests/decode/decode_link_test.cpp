#include "decode_case.h"

namespace vigie {
namespace {

using namespace test;
using E = DecodeEvent;

// IPv4/UDP 1000 -> 53 with 4 payload bytes, the network part most cases share.
Bytes ip_udp() { return cat({ipv4(17, 12), udp(1000, 53, 4), filler(4)}); }
const Expect kUdp{4, 17, 1000, 53, 4, true};

std::vector<DecodeCase> link_cases() {
    Expect vlan1 = kUdp;
    vlan1.vlan_count = 1;
    vlan1.vlan0 = 100;
    Expect qinq = kUdp;
    qinq.vlan_count = 2;
    qinq.vlan0 = 200;
    qinq.vlan1 = 100;
    Expect v6udp{6, 17, 1000, 53, 4, true};
    return {
        {"ethernet_ipv4_udp", kLinkEthernet, cat({eth(0x0800), ip_udp()}), kUdp},
        // 18 bytes of Ethernet padding after a short IPv4 packet are not payload
        {"ethernet_padding_clipped", kLinkEthernet, cat({eth(0x0800), ip_udp(), filler(18, 0)}), kUdp},
        {"ethernet_too_small", kLinkEthernet, {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99},
         {0, 0, 0, 0, -1, false, {E::ETH_PKT_TOO_SMALL}}},
        // ARP: not IP, not an anomaly
        {"arp", kLinkEthernet, cat({eth(0x0806), filler(28, 0)}), {}},
        {"vlan_8021q", kLinkEthernet, cat({eth(0x8100), vlan(100, 0x0800), ip_udp()}), vlan1},
        {"qinq_88a8", kLinkEthernet, cat({eth(0x88a8), vlan(200, 0x8100), vlan(100, 0x0800), ip_udp()}), qinq},
        {"qinq_9100", kLinkEthernet, cat({eth(0x9100), vlan(200, 0x8100), vlan(100, 0x0800), ip_udp()}), qinq},
        // PCP/DEI bits (0xe000) are not part of the id
        {"vlan_priority_bits", kLinkEthernet, cat({eth(0x8100), vlan(0xe000 | 100, 0x0800), ip_udp()}), vlan1},
        {"vlan_three_layers", kLinkEthernet,
         cat({eth(0x8100), vlan(1, 0x8100), vlan(2, 0x8100), vlan(3, 0x0800), ip_udp()}),
         {0, 0, 0, 0, -1, false, {E::VLAN_TOO_MANY_LAYERS}, 2, 1, 2}},
        {"vlan_header_cut", kLinkEthernet, cat({eth(0x8100), {0x00, 0x64}}),
         {0, 0, 0, 0, -1, false, {E::VLAN_HEADER_TOO_SMALL}}},
        // Linux cooked v1: pkttype, arphrd, addrlen, 8 addr bytes, protocol 0x0800
        {"sll", kLinkSll, cat({{0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00}, ip_udp()}), kUdp},
        {"sll_too_small", kLinkSll, {0, 0, 0, 1, 0, 6}, {0, 0, 0, 0, -1, false, {E::SLL_PKT_TOO_SMALL}}},
        // Linux cooked v2: protocol 0x86dd, reserved, ifindex, arphrd, pkttype, addrlen, addr
        {"sll2_ipv6", kLinkSll2,
         cat({{0x86, 0xdd, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0}, ipv6(17, 12), udp(1000, 53, 4),
              filler(4)}),
         v6udp},
        {"sll2_too_small", kLinkSll2, {0x08, 0x00, 0, 0}, {0, 0, 0, 0, -1, false, {E::SLL2_PKT_TOO_SMALL}}},
        // DLT_NULL: AF_INET=2 written little-endian, AF_INET6 24/28/30 in either order
        {"null_le_ipv4", kLinkNull, cat({{2, 0, 0, 0}, ip_udp()}), kUdp},
        {"null_be_ipv4", kLinkNull, cat({{0, 0, 0, 2}, ip_udp()}), kUdp},
        {"null_le_ipv6_30", kLinkNull, cat({{30, 0, 0, 0}, ipv6(17, 12), udp(1000, 53, 4), filler(4)}), v6udp},
        {"null_be_ipv6_24", kLinkNull, cat({{0, 0, 0, 24}, ipv6(17, 12), udp(1000, 53, 4), filler(4)}), v6udp},
        {"null_unsupported_af", kLinkNull, cat({{7, 0, 0, 0}, ip_udp()}),
         {0, 0, 0, 0, -1, false, {E::NULL_UNSUPPORTED_TYPE}}},
        {"null_too_small", kLinkNull, {2, 0}, {0, 0, 0, 0, -1, false, {E::NULL_PKT_TOO_SMALL}}},
        {"loop_ipv4", kLinkLoop, cat({{0, 0, 0, 2}, ip_udp()}), kUdp},
        {"raw_ipv4", kLinkRaw, ip_udp(), kUdp},
        {"raw_ipv6", kLinkRaw, cat({ipv6(17, 12), udp(1000, 53, 4), filler(4)}), v6udp},
        {"raw_12", kLinkRawAlt12, ip_udp(), kUdp},
        {"raw_14", kLinkRawAlt14, ip_udp(), kUdp},
        {"linktype_ipv4", kLinkIpv4, ip_udp(), kUdp},
        {"linktype_ipv6", kLinkIpv6, cat({ipv6(17, 12), udp(1000, 53, 4), filler(4)}), v6udp},
        {"raw_bad_version", kLinkRaw, {0x55, 0, 0, 20}, {0, 0, 0, 0, -1, false, {E::IPRAW_INVALID_IPV}}},
        {"raw_empty", kLinkRaw, {}, {0, 0, 0, 0, -1, false, {E::IPV4_PKT_TOO_SMALL}}},
        {"unknown_linktype", 147, ip_udp(), {0, 0, 0, 0, -1, false, {E::UNKNOWN_LINKTYPE}}},
        // PPP with HDLC address/control, protocol 0x0021
        {"ppp_ipv4", kLinkPpp, cat({{0xff, 0x03, 0x00, 0x21}, ip_udp()}), kUdp},
        {"ppp_compressed_proto", kLinkPpp, cat({{0x21}, ip_udp()}), kUdp},
        {"ppp_lcp_not_an_anomaly", kLinkPpp, {0xff, 0x03, 0xc0, 0x21, 1, 1, 0, 4}, {}},
        // MPLS: label 16, bottom of stack, TTL 64
        {"mpls_ipv4", kLinkEthernet, cat({eth(0x8847), {0x00, 0x01, 0x01, 0x40}, ip_udp()}), kUdp},
        {"mpls_two_labels", kLinkEthernet,
         cat({eth(0x8847), {0x00, 0x01, 0x00, 0x40}, {0x00, 0x02, 0x01, 0x40}, ip_udp()}), kUdp},
        {"mpls_cut", kLinkEthernet, cat({eth(0x8847), {0x00, 0x01, 0x00, 0x40}}),
         {0, 0, 0, 0, -1, false, {E::MPLS_HEADER_TOO_SMALL}}},
        // PPPoE session: ver/type 0x11, code 0, session 1, length 2+32, PPP proto 0x0021
        {"pppoe_ipv4", kLinkEthernet, cat({eth(0x8864), {0x11, 0x00, 0x00, 0x01, 0x00, 34, 0x00, 0x21}, ip_udp()}),
         kUdp},
        {"pppoe_too_small", kLinkEthernet, cat({eth(0x8864), {0x11, 0x00}}),
         {0, 0, 0, 0, -1, false, {E::PPPOE_PKT_TOO_SMALL}}},
    };
}

TEST(DecodeLink, Table) {
    for (const auto& c : link_cases()) check_case(c);
}

TEST(DecodeLink, PrefixesNeverOverread) {
    for (const auto& c : link_cases()) check_all_prefixes(c.frame, c.linktype);
}

TEST(DecodeLink, ResetsFieldsOfPreviousPacket) {
    Bytes vlan_udp = cat({eth(0x8100), vlan(7, 0x0800), ip_udp()});
    Bytes arp = cat({eth(0x0806), filler(28, 0)});
    Packet p;
    Decoder d;
    p.data = vlan_udp.data();
    p.caplen = uint32_t(vlan_udp.size());
    d.decode_packet(p);
    ASSERT_EQ(p.vlan_count, 1);
    p.data = arp.data();
    p.caplen = uint32_t(arp.size());
    EXPECT_TRUE(d.decode_packet(p));
    EXPECT_EQ(p.vlan_count, 0);
    EXPECT_EQ(p.ip_version, 0);
    EXPECT_EQ(p.payload, nullptr);
    EXPECT_FALSE(p.decoded_l4);
    EXPECT_EQ(p.caplen, arp.size());  // capture fields stay
}

}  // namespace
}  // namespace vigie
