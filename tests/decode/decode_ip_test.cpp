#include "decode_case.h"

namespace vigie {
namespace {

using namespace test;
using E = DecodeEvent;
namespace tf = tcpflag;

Bytes tcp_frame(const Bytes& options, size_t payload = 3) {
    return cat({ipv4(6, 20 + options.size() + payload), tcp(40000, 443, tf::SYN, options), filler(payload)});
}
Bytes with_options(const Bytes& options, uint8_t proto = 17) {
    return cat({ipv4(proto, 8, {.options = options}), udp(1, 2, 0)});
}
Bytes ipv6_ext(const Bytes& ext, uint8_t first_nh, size_t tail_len, const Bytes& tail) {
    return cat({ipv6(first_nh, ext.size() + tail_len), ext, tail});
}

// Hop-by-hop / destination options header: next header, length 0 (8 bytes), PadN of 4.
Bytes opts_hdr(uint8_t nh) { return {nh, 0, 1, 4, 0, 0, 0, 0}; }
// Routing header type 0 segments-left 0, 8 bytes.
Bytes routing_hdr(uint8_t nh) { return {nh, 0, 0, 0, 0, 0, 0, 0}; }
// Fragment header: offset in 8-byte units, more flag, id 0x11223344.
Bytes frag_hdr(uint8_t nh, uint16_t offset, bool more) {
    uint16_t v = uint16_t(offset << 3 | (more ? 1 : 0));
    return {nh, 0, uint8_t(v >> 8), uint8_t(v), 0x11, 0x22, 0x33, 0x44};
}

std::vector<DecodeCase> ip_cases() {
    const Expect udp12{4, 17, 1, 2, 0, true};
    Bytes bad_csum = cat({ipv4(17, 8), udp(1, 2, 0)});
    bad_csum[11] ^= 0xff;
    Bytes trunc = cat({ipv4(6, 20 + 100), tcp(1, 2, tf::ACK), filler(20)});  // 80 bytes missing
    Bytes v6u = cat({udp(7, 8, 0)});
    return {
        // --- IPv4 header ---
        {"ipv4_too_small", kLinkRaw, {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 6}, {0, 0, 0, 0, -1, false, {E::IPV4_PKT_TOO_SMALL}}},
        {"ipv4_hlen_too_small", kLinkIpv4, cat({{0x44}, filler(19, 0)}), {0, 0, 0, 0, -1, false, {E::IPV4_HLEN_TOO_SMALL}}},
        {"ipv4_wrong_version", kLinkIpv4, cat({{0x65}, filler(19, 0)}), {0, 0, 0, 0, -1, false, {E::IPV4_WRONG_IP_VER}}},
        // total length 10 < header length 20
        {"ipv4_iplen_lt_hlen", kLinkIpv4, cat({{0x45, 0, 0, 10}, filler(16, 0)}),
         {0, 0, 0, 0, -1, false, {E::IPV4_IPLEN_SMALLER_THAN_HLEN}}},
        // IP says 140 bytes, 60 captured: decoded as far as possible
        {"ipv4_truncated", kLinkIpv4, trunc, {4, 6, 1, 2, 20, true, {E::IPV4_TRUNC_PKT}}},
        {"ipv4_bad_checksum", kLinkIpv4, bad_csum, {4, 17, 1, 2, 0, true, {E::IPV4_CSUM_BAD}}},
        // options: RR (len 7, ptr 4, one address) + NOP
        {"ipv4_opt_rr", kLinkIpv4, with_options({0x07, 0x07, 0x04, 0, 0, 0, 0, 0x01}), udp12},
        {"ipv4_opt_duplicate", kLinkIpv4, with_options({0x88, 0x04, 0, 1, 0x88, 0x04, 0, 2}),
         {4, 17, 1, 2, 0, true, {E::IPV4_OPT_DUPLICATE}}},
        {"ipv4_opt_len_1", kLinkIpv4, with_options({0x07, 0x01, 0, 0}), {4, 17, 1, 2, 0, true, {E::IPV4_OPT_INVALID_LEN}}},
        {"ipv4_opt_len_past_header", kLinkIpv4, with_options({0x44, 0x10, 5, 0}),
         {4, 17, 1, 2, 0, true, {E::IPV4_OPT_INVALID_LEN}}},
        {"ipv4_opt_unknown", kLinkIpv4, with_options({0x55, 0x04, 0, 0}), {4, 17, 1, 2, 0, true, {E::IPV4_OPT_UNKNOWN}}},
        // RR with length 4: (4-3) is not a whole number of addresses
        {"ipv4_opt_rr_malformed", kLinkIpv4, with_options({0x07, 0x04, 0x04, 0x00}),
         {4, 17, 1, 2, 0, true, {E::IPV4_OPT_MALFORMED}}},
        // MF set: a fragment, transport not decoded, payload = IP payload
        {"ipv4_first_fragment", kLinkIpv4, cat({ipv4(6, 24, {.frag = 0x2000}), tcp(1, 2, tf::ACK), filler(4)}),
         {4, 6, 0, 0, 24, false}},
        {"ipv4_other_proto", kLinkIpv4, cat({ipv4(132, 12), filler(12)}), {4, 132, 0, 0, 12, false}},
        // --- TCP ---
        // MSS 1460, NOP, WS 7, SACK-permitted, TS 1/2, NOP NOP
        {"tcp_options", kLinkIpv4,
         tcp_frame({2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 0, 0}),
         {4, 6, 40000, 443, 3, true}},
        {"tcp_mss_bad_len", kLinkIpv4, tcp_frame({2, 3, 0x05, 0}), {4, 6, 40000, 443, 3, true, {E::TCP_OPT_INVALID_LEN}}},
        {"tcp_mss_twice", kLinkIpv4, tcp_frame({2, 4, 0x05, 0xb4, 2, 4, 0x05, 0xb4}),
         {4, 6, 40000, 443, 3, true, {E::TCP_OPT_DUPLICATE}}},
        {"tcp_opt_past_header", kLinkIpv4, tcp_frame({8, 12, 0, 0}), {4, 6, 40000, 443, 3, true, {E::TCP_OPT_INVALID_LEN}}},
        {"tcp_opt_zero_len", kLinkIpv4, tcp_frame({5, 0, 0, 0}), {4, 6, 40000, 443, 3, true, {E::TCP_OPT_INVALID_LEN}}},
        {"tcp_too_small", kLinkIpv4, cat({ipv4(6, 10), filler(10)}), {4, 6, 0, 0, 10, false, {E::TCP_PKT_TOO_SMALL}}},
        // data offset 4 (16 bytes)
        {"tcp_hlen_too_small", kLinkIpv4,
         [] { auto b = cat({ipv4(6, 20), tcp(5, 6, tf::ACK)}); b[20 + 12] = 0x40; return b; }(),
         {4, 6, 5, 6, 20, false, {E::TCP_HLEN_TOO_SMALL}}},
        // data offset 15 (60 bytes) in a 20-byte segment
        {"tcp_hlen_past_segment", kLinkIpv4,
         [] { auto b = cat({ipv4(6, 20), tcp(5, 6, tf::ACK)}); b[20 + 12] = 0xf0; return b; }(),
         {4, 6, 5, 6, 20, false, {E::TCP_HLEN_TOO_SMALL}}},
        // --- UDP ---
        {"udp_too_small", kLinkIpv4, cat({ipv4(17, 4), filler(4)}), {4, 17, 0, 0, 4, false, {E::UDP_HLEN_TOO_SMALL}}},
        // UDP length 8+20 but only 8+4 in the IP packet
        {"udp_len_past_ip", kLinkIpv4, cat({ipv4(17, 12), udp(1, 2, 20), filler(4)}),
         {4, 17, 1, 2, 4, true, {E::UDP_PKT_TOO_SMALL}}},
        // UDP length 8+2 inside 8+6 of IP payload: trust UDP
        {"udp_len_short", kLinkIpv4, cat({ipv4(17, 14), udp(1, 2, 2), filler(6)}),
         {4, 17, 1, 2, 2, true, {E::UDP_HLEN_INVALID}}},
        {"udp_len_below_8", kLinkIpv4, cat({ipv4(17, 8), {0, 1, 0, 2, 0, 4, 0, 0}}),
         {4, 17, 1, 2, 8, false, {E::UDP_HLEN_INVALID}}},
        // --- ICMPv4 ---
        // echo request id 0x0102 seq 0x0304
        {"icmp_echo", kLinkIpv4, cat({ipv4(1, 12), {8, 0, 0, 0, 1, 2, 3, 4}, filler(4)}), {4, 1, 0, 0, 4, true}},
        {"icmp_unknown_type", kLinkIpv4, cat({ipv4(1, 8), {99, 0, 0, 0, 0, 0, 0, 0}}),
         {4, 1, 0, 0, 0, true, {E::ICMPV4_UNKNOWN_TYPE}}},
        {"icmp_unknown_code", kLinkIpv4, cat({ipv4(1, 8), {3, 20, 0, 0, 0, 0, 0, 0}}),
         {4, 1, 0, 0, 0, true, {E::ICMPV4_UNKNOWN_CODE}}},
        {"icmp_too_small", kLinkIpv4, cat({ipv4(1, 4), {8, 0, 0, 0}}), {4, 1, 0, 0, 4, false, {E::ICMPV4_PKT_TOO_SMALL}}},
        // --- IPv6 ---
        {"ipv6_udp", kLinkIpv6, cat({ipv6(17, 8), v6u}), {6, 17, 7, 8, 0, true}},
        {"ipv6_too_small", kLinkIpv6, cat({{0x60}, filler(30, 0)}), {0, 0, 0, 0, -1, false, {E::IPV6_PKT_TOO_SMALL}}},
        {"ipv6_wrong_version", kLinkIpv6, cat({{0x40}, filler(39, 0)}), {0, 0, 0, 0, -1, false, {E::IPV6_WRONG_IP_VER}}},
        {"ipv6_truncated", kLinkIpv6, cat({ipv6(17, 100), v6u}), {6, 17, 7, 8, 0, true, {E::IPV6_TRUNC_PKT}}},
        {"ipv6_hop_dst_udp", kLinkIpv6, ipv6_ext(cat({opts_hdr(60), opts_hdr(17)}), 0, 8, v6u), {6, 17, 7, 8, 0, true}},
        {"ipv6_hop_not_first", kLinkIpv6, ipv6_ext(cat({opts_hdr(0), opts_hdr(17)}), 60, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_HOPOPTS_NOT_FIRST}}},
        {"ipv6_two_hop", kLinkIpv6, ipv6_ext(cat({opts_hdr(0), opts_hdr(17)}), 0, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_HOPOPTS_NOT_FIRST, E::IPV6_EXTHDR_DUPL_HH}}},
        {"ipv6_two_routing", kLinkIpv6, ipv6_ext(cat({routing_hdr(43), routing_hdr(17)}), 43, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_EXTHDR_DUPL_RH}}},
        {"ipv6_three_dstopts", kLinkIpv6, ipv6_ext(cat({opts_hdr(60), opts_hdr(60), opts_hdr(17)}), 60, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_EXTHDR_DUPL_DH}}},
        // option type 5 with length 9 in a 6-byte area
        {"ipv6_bad_optlen", kLinkIpv6, ipv6_ext({17, 0, 5, 9, 0, 0, 0, 0}, 0, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_EXTHDR_INVALID_OPTLEN}}},
        // hop-by-hop header claims 16 bytes, 8 present
        {"ipv6_exthdr_cut", kLinkIpv6, cat({ipv6(0, 8), {17, 1, 1, 4, 0, 0, 0, 0}}),
         {6, 0, 0, 0, -1, false, {E::IPV6_TRUNC_EXTHDR}}},
        {"ipv6_fragment", kLinkIpv6, ipv6_ext(frag_hdr(17, 0, true), 44, 16, cat({v6u, filler(8)})),
         {6, 17, 0, 0, 16, false}},
        {"ipv6_fragment_bad_len", kLinkIpv6, ipv6_ext(frag_hdr(17, 0, true), 44, 12, cat({v6u, filler(4)})),
         {6, 17, 0, 0, 12, false, {E::IPV6_FRAG_INVALID_LENGTH}}},
        {"ipv6_atomic_fragment", kLinkIpv6, ipv6_ext(frag_hdr(17, 0, false), 44, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_EXTHDR_USELESS_FH}}},
        {"ipv6_two_frag_hdrs", kLinkIpv6, ipv6_ext(cat({frag_hdr(44, 0, false), frag_hdr(17, 0, false)}), 44, 8, v6u),
         {6, 17, 7, 8, 0, true, {E::IPV6_EXTHDR_USELESS_FH, E::IPV6_EXTHDR_DUPL_FH, E::IPV6_EXTHDR_USELESS_FH}}},
        {"ipv6_unknown_nh", kLinkIpv6, cat({ipv6(200, 4), filler(4)}), {6, 200, 0, 0, 4, false, {E::IPV6_UNKNOWN_NEXT_HEADER}}},
        {"ipv6_no_next", kLinkIpv6, ipv6(59, 0), {6, 59, 0, 0, 0, false}},
        // --- ICMPv6 ---
        {"icmpv6_echo", kLinkIpv6, cat({ipv6(58, 8), {128, 0, 0, 0, 0, 9, 0, 1}}), {6, 58, 0, 0, 0, true}},
        {"icmpv6_unknown_type", kLinkIpv6, cat({ipv6(58, 8), {99, 0, 0, 0, 0, 0, 0, 0}}),
         {6, 58, 0, 0, 0, true, {E::ICMPV6_UNKNOWN_TYPE}}},
        {"icmpv6_unknown_code", kLinkIpv6, cat({ipv6(58, 8), {1, 9, 0, 0, 0, 0, 0, 0}}),
         {6, 58, 0, 0, 0, true, {E::ICMPV6_UNKNOWN_CODE}}},
        {"icmpv6_too_small", kLinkIpv6, cat({ipv6(58, 4), {128, 0, 0, 0}}), {6, 58, 0, 0, 4, false, {E::ICMPV6_PKT_TOO_SMALL}}},
    };
}

TEST(DecodeIp, Table) {
    for (const auto& c : ip_cases()) check_case(c);
}

TEST(DecodeIp, PrefixesNeverOverread) {
    for (const auto& c : ip_cases()) check_all_prefixes(c.frame, c.linktype);
}

TEST(DecodeIp, Ipv4Fields) {
    Bytes f = cat({ipv4(6, 24, {.id = 0xbeef, .frag = 0x4000, .options = {0x07, 0x07, 0x04, 0, 0, 0, 0, 0x01},
                               .src_last = 9, .dst_last = 8}),
                   tcp(1, 2, tf::ACK), filler(4)});
    Packet p = decode(f, kLinkIpv4);
    EXPECT_EQ(p.src.to_string(), "10.0.0.9");
    EXPECT_EQ(p.dst.to_string(), "10.0.0.8");
    EXPECT_EQ(p.ip_id, 0xbeefu);
    EXPECT_TRUE(p.frag_df);
    EXPECT_FALSE(p.is_fragment);
    EXPECT_EQ(p.ttl, 64);
    EXPECT_EQ(p.ip_hlen, 28);
    EXPECT_EQ(p.l3, f.data());
    EXPECT_EQ(p.l3_len, f.size());
    EXPECT_EQ(p.ip_opts_seen, ipopt::RR | ipopt::NOP | ipopt::ANY);
    EXPECT_FALSE(p.ipv4_csum_bad);
}

TEST(DecodeIp, ChecksumValidationCanBeTurnedOff) {
    Bytes f = cat({ipv4(17, 8), udp(1, 2, 0)});
    f[10] ^= 0x55;
    EXPECT_TRUE(decode(f, kLinkIpv4).ipv4_csum_bad);
    Packet p = decode(f, kLinkIpv4, DecoderConfig{.ipv4_checksum = false});
    EXPECT_FALSE(p.ipv4_csum_bad);
    EXPECT_EQ(p.events.count, 0);
}

TEST(DecodeIp, TcpFields) {
    Packet p = decode(tcp_frame({2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 0, 0}),
                      kLinkIpv4);
    EXPECT_TRUE(p.is_tcp());
    EXPECT_EQ(p.tcp_flags, tf::SYN);
    EXPECT_EQ(p.tcp_seq, 100u);
    EXPECT_EQ(p.tcp_win, 0xffff);
    EXPECT_EQ(p.tcp_hlen, 44);
    EXPECT_EQ(p.tcp_mss, 1460);
    EXPECT_TRUE(p.tcp_has_wscale);
    EXPECT_EQ(p.tcp_wscale, 7);
    EXPECT_TRUE(p.tcp_has_sack);
    EXPECT_TRUE(p.tcp_has_ts);
    EXPECT_EQ(p.tcp_tsval, 1u);
    EXPECT_EQ(p.tcp_tsecr, 2u);
}

TEST(DecodeIp, IcmpIdSeq) {
    Packet p = decode(cat({ipv4(1, 8), {0, 0, 0, 0, 1, 2, 3, 4}}), kLinkIpv4);
    EXPECT_TRUE(p.is_icmp());
    EXPECT_TRUE(p.icmp_has_id_seq);
    EXPECT_EQ(p.icmp_id, 0x0102);
    EXPECT_EQ(p.icmp_seq, 0x0304);
    Packet u = decode(cat({ipv4(1, 8), {3, 3, 0, 0, 0, 0, 0, 0}}), kLinkIpv4);  // port unreachable
    EXPECT_FALSE(u.icmp_has_id_seq);
    EXPECT_EQ(u.icmp_type, 3);
    EXPECT_EQ(u.icmp_code, 3);
    Packet v6 = decode(cat({ipv6(58, 8), {129, 0, 0, 0, 0, 9, 0, 1}}), kLinkIpv6);
    EXPECT_TRUE(v6.icmp_has_id_seq);
    EXPECT_EQ(v6.icmp_id, 9);
    EXPECT_EQ(v6.icmp_seq, 1);
}

TEST(DecodeIp, Ipv6FragmentFields) {
    Bytes f = ipv6_ext(cat({opts_hdr(44), frag_hdr(6, 3, true)}), 0, 16, filler(16));
    Packet p = decode(f, kLinkIpv6);
    EXPECT_TRUE(p.is_fragment);
    EXPECT_EQ(p.frag_offset, 3);
    EXPECT_TRUE(p.frag_mf);
    EXPECT_EQ(p.ip_id, 0x11223344u);
    EXPECT_EQ(p.ip_proto, 6);
    EXPECT_EQ(p.ip6_frag_hdr_off, 48);
    EXPECT_EQ(p.ip6_frag_nh_off, 40);  // the hop-by-hop header's next-header byte
    EXPECT_EQ(p.ip_hlen, 56);
    EXPECT_EQ(p.src.to_string(), "2001:db8::1");
}

}  // namespace
}  // namespace vigie
