// Link layers: Ethernet (+ 802.1Q/QinQ, MPLS, PPPoE), Linux cooked v1/v2,
// BSD null/loop, PPP. Each strips its header and dispatches on the carried type.
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint32_t kEthHeader = 14, kVlanHeader = 4, kSllHeader = 16, kSll2Header = 20;
constexpr uint16_t kPppIpv4 = 0x0021, kPppIpv6 = 0x0057;

void decode_vlan(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kVlanHeader) {
        c.event(DecodeEvent::VLAN_HEADER_TOO_SMALL);
        return;
    }
    Packet& p = c.p;
    if (p.vlan_count >= 2) {  // as Suricata: a third tag is an anomaly, stop there
        c.event(DecodeEvent::VLAN_TOO_MANY_LAYERS);
        return;
    }
    p.vlan_id[p.vlan_count++] = be16(d) & 0x0fff;
    decode_ethertype(c, be16(d + 2), d + kVlanHeader, len - kVlanHeader);
}

void decode_mpls(Ctx& c, const uint8_t* d, uint32_t len) {
    c.p.tunnel_kinds |= tunnel::MPLS;
    uint32_t label = 0;
    for (;;) {  // every label costs 4 bytes, so len bounds the loop
        if (len < 4) {
            c.event(DecodeEvent::MPLS_HEADER_TOO_SMALL);
            return;
        }
        uint32_t entry = be32(d);
        label = entry >> 12;
        d += 4;
        len -= 4;
        if (entry & 0x100) break;  // bottom of stack
    }
    if (len == 0) return;
    // No type field: explicit-null labels say it, otherwise guess by version nibble.
    uint8_t nibble = d[0] >> 4;
    if (label == 0 || (label > 3 && nibble == 4)) {
        decode_ipv4(c, d, len);
    } else if (label == 2 || (label > 3 && nibble == 6)) {
        decode_ipv6(c, d, len);
    } else if (nibble == 0 && len >= 4) {
        decode_ethernet(c, d + 4, len - 4);  // pseudowire: control word, then Ethernet
    } else {
        c.event(DecodeEvent::MPLS_UNKNOWN_PAYLOAD_TYPE);
    }
}

void decode_pppoe_session(Ctx& c, const uint8_t* d, uint32_t len) {
    // ver/type(1) code(1) session(2) length(2) then a PPP protocol field
    if (len < 8) {
        c.event(DecodeEvent::PPPOE_PKT_TOO_SMALL);
        return;
    }
    c.p.tunnel_kinds |= tunnel::PPPOE;
    uint32_t plen = be16(d + 4);
    uint32_t avail = len - 6;
    if (plen < avail) avail = plen;  // PPPoE length clips Ethernet padding
    if (avail < 2) return;
    uint16_t proto = be16(d + 6);
    if (proto == kPppIpv4) decode_ipv4(c, d + 8, avail - 2);
    else if (proto == kPppIpv6) decode_ipv6(c, d + 8, avail - 2);
}

}  // namespace

void decode_ethernet(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kEthHeader) {
        c.event(DecodeEvent::ETH_PKT_TOO_SMALL);
        return;
    }
    if (!c.p.eth) c.p.eth = d;  // tunnels (TEB, pseudowire) carry inner ones: keep the outer
    decode_ethertype(c, be16(d + 12), d + kEthHeader, len - kEthHeader);
}

void decode_ethertype(Ctx& c, uint16_t type, const uint8_t* d, uint32_t len) {
    if (++c.layers > kMaxLayers) {
        c.event(DecodeEvent::TOO_MANY_LAYERS);
        return;
    }
    switch (type) {
    case ethertype::IPV4: decode_ipv4(c, d, len); break;
    case ethertype::IPV6: decode_ipv6(c, d, len); break;
    case ethertype::VLAN:
    case ethertype::QINQ:
    case ethertype::QINQ_OLD: decode_vlan(c, d, len); break;
    case ethertype::MPLS_UC:
    case ethertype::MPLS_MC: decode_mpls(c, d, len); break;
    case ethertype::PPPOE_SESSION: decode_pppoe_session(c, d, len); break;
    case ethertype::TEB: decode_ethernet(c, d, len); break;
    default: break;  // ARP, LLDP, 802.3 length field...: not IP, nothing to report
    }
}

void decode_sll(Ctx& c, const uint8_t* d, uint32_t len) {
    // pkttype(2) arphrd(2) addrlen(2) addr(8) protocol(2)
    if (len < kSllHeader) {
        c.event(DecodeEvent::SLL_PKT_TOO_SMALL);
        return;
    }
    decode_ethertype(c, be16(d + 14), d + kSllHeader, len - kSllHeader);
}

void decode_sll2(Ctx& c, const uint8_t* d, uint32_t len) {
    // protocol(2) reserved(2) ifindex(4) arphrd(2) pkttype(1) addrlen(1) addr(8)
    if (len < kSll2Header) {
        c.event(DecodeEvent::SLL2_PKT_TOO_SMALL);
        return;
    }
    decode_ethertype(c, be16(d), d + kSll2Header, len - kSll2Header);
}

void decode_null(Ctx& c, const uint8_t* d, uint32_t len, bool network_order) {
    if (len < 4) {
        c.event(DecodeEvent::NULL_PKT_TOO_SMALL);
        return;
    }
    // DLT_NULL stores the address family in the writer's byte order, which the
    // file does not record: accept whichever order gives a known family.
    auto known = [](uint32_t af) { return af == 2 || af == 24 || af == 28 || af == 30; };
    uint32_t af = be32(d);
    if (!network_order && !known(af)) af = __builtin_bswap32(af);
    if (af == 2) decode_ipv4(c, d + 4, len - 4);
    else if (known(af)) decode_ipv6(c, d + 4, len - 4);
    else c.event(DecodeEvent::NULL_UNSUPPORTED_TYPE);
}

void decode_ppp(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len >= 2 && d[0] == 0xff && d[1] == 0x03) {  // HDLC address/control, often elided
        d += 2;
        len -= 2;
    }
    if (len < 1) {
        c.event(DecodeEvent::PPP_PKT_TOO_SMALL);
        return;
    }
    // Protocol-field compression: an odd first byte is a one-byte protocol.
    uint16_t proto;
    uint32_t hl;
    if (d[0] & 1) {
        proto = d[0];
        hl = 1;
    } else {
        if (len < 2) {
            c.event(DecodeEvent::PPP_PKT_TOO_SMALL);
            return;
        }
        proto = be16(d);
        hl = 2;
    }
    if (proto == kPppIpv4) decode_ipv4(c, d + hl, len - hl);
    else if (proto == kPppIpv6) decode_ipv6(c, d + hl, len - hl);
    else if (proto < 0x4000) c.event(DecodeEvent::PPP_UNSUP_PROTO);  // a network protocol we lack
    // 0x4000 and up are link/network control (LCP, IPCP...): nothing to decode
}

}  // namespace vigie::decode_detail
