// Packet: one captured frame and what the decoders learned about it.
// Decoders fill it in place; later stages read it. No field owns memory: `data`
// points into the capture buffer (or the defragmenter's buffer) and is valid until
// the next packet is read, so nothing is allocated per packet.
#pragma once
#include <cstdint>

#include "common/ip_addr.h"
#include "common/timestamp.h"
#include "decode/decode_events.h"

namespace vigie {

// DLT / LINKTYPE values we decode (libpcap numbering).
enum LinkType : uint16_t {
    kLinkNull = 0,       // BSD loopback, 4-byte address family in host order of the writer
    kLinkEthernet = 1,
    kLinkPpp = 9,
    kLinkRawAlt12 = 12, // DLT_RAW on some BSDs
    kLinkRawAlt14 = 14, // DLT_RAW on OpenBSD
    kLinkRaw = 101,      // raw IPv4 or IPv6
    kLinkLoop = 108,     // OpenBSD loopback, address family in network order
    kLinkSll = 113,
    kLinkSll2 = 276,
    kLinkIpv4 = 228,
    kLinkIpv6 = 229,
};

namespace tcpflag {
constexpr uint8_t FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;
}

namespace tunnel {  // bits of Packet::tunnel_kinds: which encapsulations were crossed
constexpr uint8_t GRE = 1 << 0, IPIP = 1 << 1, ERSPAN = 1 << 2, MPLS = 1 << 3, PPPOE = 1 << 4;
}

namespace ipopt {  // bits of Packet::ip_opts_seen, named after Suricata's ipopts keyword values
constexpr uint16_t RR = 1 << 0, EOL = 1 << 1, NOP = 1 << 2, TS = 1 << 3, SEC = 1 << 4, ESEC = 1 << 5,
                   LSRR = 1 << 6, SSRR = 1 << 7, SATID = 1 << 8, ANY = 1 << 15;
}

struct Packet {
    // --- capture ---
    uint64_t pcap_cnt = 0;       // 1-based position in the input, as Suricata's pcap_cnt
    Timestamp ts;
    const uint8_t* data = nullptr;
    uint32_t caplen = 0;
    uint32_t wirelen = 0;
    uint16_t linktype = kLinkEthernet;

    // --- link ---
    uint16_t vlan_id[2] = {0, 0};
    // The outermost Ethernet header (destination MAC, then source MAC), when the
    // frame has one; points into `data`, so valid only while the packet is processed.
    const uint8_t* eth = nullptr;
    uint8_t vlan_count = 0;

    // --- network ---
    uint8_t ip_version = 0;      // 0 = not IP (ARP, ...), 4 or 6
    IpAddr src, dst;
    const uint8_t* l3 = nullptr; // start of the (innermost) IP header
    uint32_t l3_len = 0;         // bytes from l3 to end of IP payload (IP total length, clipped to caplen)
    uint16_t ip_hlen = 0;        // IPv4 header length incl. options; IPv6: 40 + extension headers
                                 // (through the fragment header for a fragment)
    uint8_t ip_proto = 0;        // transport protocol after IPv6 extension headers
    uint8_t ttl = 0;             // IPv4 TTL or IPv6 hop limit
    uint8_t tos = 0;             // IPv4 TOS or IPv6 traffic class
    uint32_t ip_id = 0;          // IPv4 identification; IPv6 fragment identification
    uint16_t frag_offset = 0;    // in 8-byte units
    bool frag_mf = false, frag_df = false, frag_rb = false;
    bool is_fragment = false;    // a fragment not (yet) reassembled
    bool reassembled = false;    // this packet is the result of fragment reassembly
    uint16_t ip_opts_seen = 0;   // ipopt:: bits
    bool ipv4_csum_bad = false;
    bool ip_truncated = false;   // fewer bytes captured than the IP length says (snaplen)
    uint16_t ip6_frag_hdr_off = 0; // IPv6 fragment: offset of the fragment header from l3
    uint16_t ip6_frag_nh_off = 0;  // IPv6 fragment: offset from l3 of the next-header byte naming it
    uint8_t tunnel_depth = 0;    // IP layers crossed before the innermost one
    uint8_t tunnel_kinds = 0;    // tunnel:: bits

    // --- transport ---
    uint16_t sp = 0, dp = 0;
    uint32_t tcp_seq = 0, tcp_ack = 0;
    uint16_t tcp_win = 0;
    uint8_t tcp_flags = 0;
    uint8_t tcp_hlen = 0;
    bool tcp_has_ts = false;
    uint32_t tcp_tsval = 0, tcp_tsecr = 0;
    uint8_t tcp_wscale = 0;
    bool tcp_has_wscale = false;
    bool tcp_has_sack = false;
    uint16_t tcp_mss = 0;
    uint8_t icmp_type = 0, icmp_code = 0;
    uint16_t icmp_id = 0, icmp_seq = 0;
    bool icmp_has_id_seq = false; // echo and similar types carry id/seq

    // --- payload (application bytes of this packet) ---
    const uint8_t* payload = nullptr;
    uint32_t payload_len = 0;

    // --- decoder verdict ---
    DecodeEvents events;          // every anomaly seen, counted by the caller
    bool decoded_l4 = false;      // transport header decoded (TCP/UDP/ICMP)

    bool is_tcp() const { return decoded_l4 && ip_proto == 6; }
    bool is_udp() const { return decoded_l4 && ip_proto == 17; }
    bool is_icmp() const { return decoded_l4 && (ip_proto == 1 || ip_proto == 58); }
};

}  // namespace vigie
