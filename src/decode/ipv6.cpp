// IPv6: fixed header, then the extension-header chain up to the transport.
// Each extension header advances by at least 8 bytes, so the chain walk is
// bounded by the packet length.
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint32_t kIpv6Header = 40;
constexpr uint8_t kHopByHop = 0, kRouting = 43, kFragment = 44, kEsp = 50, kAh = 51, kNoNext = 59,
                  kDstOpts = 60, kMobility = 135, kHip = 139, kShim6 = 140;

// Next-header values we do not treat as unknown (transports and tunnels we
// decode or knowingly leave alone).
bool known_upper(uint8_t nh) {
    switch (nh) {
    case 1: case 4: case 6: case 17: case 41: case 47: case 58: case 103: case 132: case 136:
    case kMobility: case kHip: case kShim6: case 253: case 254:
        return true;
    default:
        return false;
    }
}

// TLV options of hop-by-hop / destination headers; `o` excludes the 2-byte prefix.
void check_tlv_options(Ctx& c, const uint8_t* o, uint32_t n) {
    uint32_t i = 0;
    while (i < n) {
        if (o[i] == 0) {  // Pad1
            ++i;
            continue;
        }
        if (n - i < 2 || uint32_t(o[i + 1]) + 2 > n - i) {
            c.event(DecodeEvent::IPV6_EXTHDR_INVALID_OPTLEN);
            return;
        }
        i += 2u + o[i + 1];
    }
}

}  // namespace

void decode_ipv6(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kIpv6Header) {
        c.event(DecodeEvent::IPV6_PKT_TOO_SMALL);
        return;
    }
    if ((d[0] >> 4) != 6) {
        c.event(DecodeEvent::IPV6_WRONG_IP_VER);
        return;
    }
    Packet& p = c.p;
    uint32_t total = kIpv6Header + be16(d + 4);
    if (len < total) {
        c.event(DecodeEvent::IPV6_TRUNC_PKT);
        p.ip_truncated = true;
    } else {
        len = total;
    }
    if (p.ip_version != 0) ++p.tunnel_depth;
    p.ip_version = 6;
    p.src = IpAddr::v6(d + 8);
    p.dst = IpAddr::v6(d + 24);
    p.l3 = d;
    p.l3_len = len;
    p.tos = uint8_t((be16(d) >> 4) & 0xff);
    p.ttl = d[7];
    p.ip_id = 0;
    p.frag_offset = 0;
    p.frag_mf = p.frag_df = p.frag_rb = false;
    p.is_fragment = false;
    p.ip_opts_seen = 0;
    p.ip6_frag_hdr_off = p.ip6_frag_nh_off = 0;

    uint8_t nh = d[6];
    uint32_t nh_pos = 6;  // where the current `nh` value was read (patched by defrag)
    uint32_t off = kIpv6Header;
    bool first = true, seen_hh = false, seen_rh = false, seen_fh = false;
    unsigned dst_opts = 0;
    for (;;) {
        uint32_t hl = 0;
        bool tlv = false;
        switch (nh) {
        case kHopByHop:
            if (!first) c.event(DecodeEvent::IPV6_HOPOPTS_NOT_FIRST);
            if (seen_hh) c.event(DecodeEvent::IPV6_EXTHDR_DUPL_HH);
            seen_hh = tlv = true;
            break;
        case kDstOpts:
            // Allowed twice: before a routing header and before the transport.
            if (++dst_opts > 2) c.event(DecodeEvent::IPV6_EXTHDR_DUPL_DH);
            tlv = true;
            break;
        case kRouting:
            if (seen_rh) c.event(DecodeEvent::IPV6_EXTHDR_DUPL_RH);
            seen_rh = true;
            break;
        case kMobility:
        case kHip:
        case kShim6:
        case kFragment:
        case kAh:
            break;
        case kEsp:
        case kNoNext:
        default:
            goto upper;
        }
        if (len - off < 8) {  // every extension header is at least 8 bytes
            c.event(DecodeEvent::IPV6_TRUNC_EXTHDR);
            p.ip_proto = nh;
            p.ip_hlen = uint16_t(off);
            return;
        }
        const uint8_t* h = d + off;
        if (nh == kFragment) {
            if (seen_fh) c.event(DecodeEvent::IPV6_EXTHDR_DUPL_FH);
            seen_fh = true;
            uint16_t fo = be16(h + 2);
            uint16_t offset = fo >> 3;
            bool more = fo & 1;
            if (offset == 0 && !more) {
                // Atomic fragment: no fragmentation really, keep decoding.
                c.event(DecodeEvent::IPV6_EXTHDR_USELESS_FH);
                hl = 8;
            } else {
                p.is_fragment = true;
                p.frag_offset = offset;
                p.frag_mf = more;
                p.ip_id = be32(h + 4);
                p.ip_proto = h[0];
                p.ip6_frag_hdr_off = uint16_t(off);
                p.ip6_frag_nh_off = uint16_t(nh_pos);
                p.ip_hlen = uint16_t(off + 8);
                p.payload = h + 8;
                p.payload_len = len - off - 8;
                // Every fragment but the last carries a multiple of 8 bytes.
                if (more && !p.ip_truncated && p.payload_len % 8 != 0)
                    c.event(DecodeEvent::IPV6_FRAG_INVALID_LENGTH);
                return;
            }
        } else if (nh == kAh) {
            hl = (uint32_t(h[1]) + 2) * 4;
        } else {
            hl = (uint32_t(h[1]) + 1) * 8;
        }
        if (hl > len - off) {
            c.event(DecodeEvent::IPV6_TRUNC_EXTHDR);
            p.ip_proto = nh;
            p.ip_hlen = uint16_t(off);
            return;
        }
        if (tlv) check_tlv_options(c, h + 2, hl - 2);
        nh_pos = off;
        nh = h[0];
        off += hl;
        first = false;
    }
upper:
    if (nh != kEsp && nh != kNoNext && !known_upper(nh)) c.event(DecodeEvent::IPV6_UNKNOWN_NEXT_HEADER);
    p.ip_hlen = uint16_t(off);
    p.ip_proto = nh;
    p.payload = d + off;
    p.payload_len = len - off;
    if (nh == kEsp || nh == kNoNext) return;
    decode_ip_payload(c, nh, d + off, len - off);
}

}  // namespace vigie::decode_detail
