#include "decode_case.h"

namespace vigie {
namespace {

using namespace test;
using E = DecodeEvent;

// Inner packet: 10.0.0.1 -> 10.0.0.2 UDP 1000 -> 53, 4 bytes.
Bytes inner_v4() { return cat({ipv4(17, 12), udp(1000, 53, 4), filler(4)}); }
Bytes inner_v6() { return cat({ipv6(17, 12), udp(1000, 53, 4), filler(4)}); }
// Outer IPv4 from 192.168.0.1-ish addresses (src_last/dst_last 100/200) around `inner`.
Bytes outer_v4(uint8_t proto, const Bytes& inner) {
    return cat({ipv4(proto, inner.size(), {.src_last = 100, .dst_last = 200}), inner});
}
// GRE v0 header: flags/version, protocol.
Bytes gre(uint16_t flags, uint16_t proto) {
    return {uint8_t(flags >> 8), uint8_t(flags), uint8_t(proto >> 8), uint8_t(proto)};
}

struct TunnelCase {
    const char* name;
    Bytes frame;
    Expect e;
    uint8_t tunnel_kinds;
    uint8_t tunnel_depth;
};

std::vector<TunnelCase> tunnel_cases() {
    const Expect udp4{4, 17, 1000, 53, 4, true};
    const Expect udp6{6, 17, 1000, 53, 4, true};
    Bytes deep = inner_v4();
    for (int i = 0; i < 6; ++i) deep = outer_v4(4, deep);
    return {
        {"ipip", outer_v4(4, inner_v4()), udp4, tunnel::IPIP, 1},
        {"6in4", outer_v4(41, inner_v6()), udp6, tunnel::IPIP, 1},
        {"4in6", cat({ipv6(4, inner_v4().size()), inner_v4()}), udp4, tunnel::IPIP, 1},
        {"6in6", cat({ipv6(41, inner_v6().size()), inner_v6()}), udp6, tunnel::IPIP, 1},
        {"ipip_two_levels", outer_v4(4, outer_v4(4, inner_v4())), udp4, tunnel::IPIP, 2},
        // innermost 4 layers followed (DecoderConfig::max_tunnel_depth), then an event
        {"ipip_too_deep", deep, {4, 4, 0, 0, -1, false, {E::TOO_MANY_LAYERS}}, tunnel::IPIP, 4},
        {"ipip_inner_too_small", outer_v4(4, filler(10, 0x45)), {4, 4, 0, 0, 10, false, {E::IPIP_PKT_TOO_SMALL}},
         tunnel::IPIP, 0},
        {"gre_ipv4", outer_v4(47, cat({gre(0, 0x0800), inner_v4()})), udp4, tunnel::GRE, 1},
        {"gre_ipv6", outer_v4(47, cat({gre(0, 0x86dd), inner_v6()})), udp6, tunnel::GRE, 1},
        // checksum (4) + key (4) + sequence (4)
        {"gre_csum_key_seq", outer_v4(47, cat({gre(0xb000, 0x0800), filler(12, 0), inner_v4()})), udp4, tunnel::GRE, 1},
        {"gre_ethernet", outer_v4(47, cat({gre(0, 0x6558), eth(0x0800), inner_v4()})), udp4, tunnel::GRE, 1},
        // ERSPAN type II (sequence flag set): 8-byte header, version 1, VLAN 5
        {"gre_erspan2", outer_v4(47, cat({gre(0x1000, 0x88be), filler(4, 0), {0x10, 0x05, 0, 0, 0, 0, 0, 0}, eth(0x0800),
                                          inner_v4()})),
         [] { Expect e{4, 17, 1000, 53, 4, true}; e.vlan_count = 1; e.vlan0 = 5; return e; }(),
         tunnel::GRE | tunnel::ERSPAN, 1},
        // PPTP: version 1, key flag, protocol 0x880b, key (4), then PPP 0x0021
        {"gre_pptp", outer_v4(47, cat({gre(0x2001, 0x880b), filler(4, 0), {0x00, 0x21}, inner_v4()})), udp4, tunnel::GRE, 1},
        {"gre_too_small", outer_v4(47, {0, 0}), {4, 47, 0, 0, 2, false, {E::GRE_PKT_TOO_SMALL}}, tunnel::GRE, 0},
        {"gre_version_2", outer_v4(47, gre(0x0002, 0x0800)), {4, 47, 0, 0, 4, false, {E::GRE_VERSION_UNKNOWN}},
         tunnel::GRE, 0},
        {"gre_hdr_too_big", outer_v4(47, gre(0xb000, 0x0800)), {4, 47, 0, 0, 4, false, {E::GRE_VERSION0_HDR_TOO_BIG}},
         tunnel::GRE, 0},
        {"gre_recursion", outer_v4(47, cat({gre(0x0100, 0x0800), inner_v4()})),
         [] { Expect e{4, 17, 1000, 53, 4, true}; e.events = {E::GRE_VERSION0_RECUR}; return e; }(), tunnel::GRE, 1},
        // routing flag: offset field, then one SRE claiming 9 bytes with 2 present
        {"gre_bad_sre", outer_v4(47, cat({gre(0x4000, 0x0800), {0, 0, 0, 0}, {0, 1, 0, 9}, {1, 2}})),
         {4, 47, 0, 0, 14, false, {E::GRE_VERSION0_MALFORMED_SRE_HDR}}, tunnel::GRE, 0},
    };
}

TEST(DecodeTunnel, Table) {
    for (const auto& c : tunnel_cases()) {
        check_case({c.name, kLinkRaw, c.frame, c.e});
        Packet p = decode(c.frame, kLinkRaw);
        EXPECT_EQ(p.tunnel_kinds, c.tunnel_kinds) << c.name;
        EXPECT_EQ(p.tunnel_depth, c.tunnel_depth) << c.name;
    }
}

TEST(DecodeTunnel, PrefixesNeverOverread) {
    for (const auto& c : tunnel_cases()) check_all_prefixes(c.frame, kLinkRaw);
}

TEST(DecodeTunnel, InnermostAddressesWin) {
    Packet p = decode(outer_v4(47, cat({gre(0, 0x0800), inner_v4()})), kLinkRaw);
    EXPECT_EQ(p.src.to_string(), "10.0.0.1");
    EXPECT_EQ(p.dst.to_string(), "10.0.0.2");
}

}  // namespace
}  // namespace vigie
