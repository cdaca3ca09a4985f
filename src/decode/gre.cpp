// GRE: version 0 (RFC 2784/2890, with the RFC 1701 routing field) carrying
// IPv4, IPv6, Ethernet (transparent bridging) or ERSPAN; version 1 (PPTP)
// carrying PPP.
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint16_t kFlagChecksum = 0x8000, kFlagRouting = 0x4000, kFlagKey = 0x2000, kFlagSeq = 0x1000,
                   kFlagAck = 0x0080;
constexpr uint16_t kPppProto = 0x880b;

void decode_gre_payload(Ctx& c, uint16_t proto, bool has_seq, const uint8_t* d, uint32_t len) {
    switch (proto) {
    case ethertype::IPV4: decode_ipv4(c, d, len); break;
    case ethertype::IPV6: decode_ipv6(c, d, len); break;
    case ethertype::TEB: decode_ethernet(c, d, len); break;
    case ethertype::ERSPAN_2:
        c.p.tunnel_kinds |= tunnel::ERSPAN;
        // Type I has no header of its own (and no GRE sequence number); type II
        // has 8 bytes: version/vlan, session id, index.
        if (!has_seq) {
            decode_ethernet(c, d, len);
        } else if (len < 8) {
            c.event(DecodeEvent::ERSPAN_HEADER_TOO_SMALL);
        } else {
            if ((d[0] >> 4) == 1) {  // type II: its VLAN field describes the mirrored frame
                uint16_t vlan = be16(d) & 0x0fff;
                if (vlan != 0 && c.p.vlan_count < 2) c.p.vlan_id[c.p.vlan_count++] = vlan;
            }
            decode_ethernet(c, d + 8, len - 8);
        }
        break;
    default:
        break;
    }
}

}  // namespace

void decode_gre(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < 4) {
        c.event(DecodeEvent::GRE_PKT_TOO_SMALL);
        return;
    }
    uint16_t flags = be16(d);
    uint16_t proto = be16(d + 2);
    uint8_t version = flags & 0x7;
    uint32_t hl = 4;
    if (version == 0) {
        if (flags & 0x0700) c.event(DecodeEvent::GRE_VERSION0_RECUR);
        if (flags & 0x00f8) c.event(DecodeEvent::GRE_VERSION0_FLAGS);
        if (flags & (kFlagChecksum | kFlagRouting)) hl += 4;  // checksum + offset
        if (flags & kFlagKey) hl += 4;
        if (flags & kFlagSeq) hl += 4;
        if (hl > len) {
            c.event(DecodeEvent::GRE_VERSION0_HDR_TOO_BIG);
            return;
        }
        if (flags & kFlagRouting) {
            // Source route entries: family(2) offset(1) length(1) data, ended by
            // an entry with family 0 and length 0.
            for (;;) {
                if (len - hl < 4) {
                    c.event(DecodeEvent::GRE_VERSION0_MALFORMED_SRE_HDR);
                    return;
                }
                uint16_t af = be16(d + hl);
                uint8_t sre_len = d[hl + 3];
                hl += 4;
                if (af == 0 && sre_len == 0) break;
                if (len - hl < sre_len) {
                    c.event(DecodeEvent::GRE_VERSION0_MALFORMED_SRE_HDR);
                    return;
                }
                hl += sre_len;
            }
        }
        decode_gre_payload(c, proto, flags & kFlagSeq, d + hl, len - hl);
        return;
    }
    if (version == 1) {
        // PPTP: key (payload length + call id) always present, then optional
        // sequence and acknowledgment numbers.
        hl = 8;
        if (flags & kFlagSeq) hl += 4;
        if (flags & kFlagAck) hl += 4;
        if (hl > len) {
            c.event(DecodeEvent::GRE_VERSION1_HDR_TOO_BIG);
            return;
        }
        if (proto == kPppProto && len > hl) decode_ppp(c, d + hl, len - hl);
        return;
    }
    c.event(DecodeEvent::GRE_VERSION_UNKNOWN);
}

}  // namespace vigie::decode_detail
