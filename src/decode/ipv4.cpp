// IPv4: header checks, options, checksum, fragments. Length is clipped to the
// IP total length so Ethernet padding never becomes payload.
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint32_t kIpv4MinHeader = 20;

uint16_t option_bit(uint8_t type) {
    switch (type) {
    case 7: return ipopt::RR;
    case 68: return ipopt::TS;
    case 130: return ipopt::SEC;
    case 131: return ipopt::LSRR;
    case 133: return ipopt::ESEC;
    case 136: return ipopt::SATID;
    case 137: return ipopt::SSRR;
    default: return 0;
    }
}

// Structural checks of the options Suricata validates; `o` is the whole option.
bool option_well_formed(uint8_t type, const uint8_t* o, uint8_t len) {
    switch (type) {
    case 7: case 131: case 137:  // route options: pointer >= 4, addresses of 4 bytes
        return len >= 3 && (len - 3) % 4 == 0 && o[2] >= 4;
    case 68:  // timestamp: pointer >= 5
        return len >= 4 && o[2] >= 5;
    case 136:  // stream id
        return len == 4;
    case 130: case 133:
        return len >= 3;
    default:
        return true;
    }
}

void decode_options(Ctx& c, const uint8_t* o, uint32_t n) {
    uint16_t seen = 0;
    uint32_t i = 0;
    while (i < n) {
        uint8_t type = o[i];
        if (type == 0) {  // end of list: the rest is padding
            seen |= ipopt::EOL;
            break;
        }
        if (type == 1) {
            seen |= ipopt::NOP;
            ++i;
            continue;
        }
        if (n - i < 2) {
            c.event(DecodeEvent::IPV4_OPT_INVALID_LEN);
            break;
        }
        uint8_t len = o[i + 1];
        if (len < 2 || len > n - i) {
            c.event(DecodeEvent::IPV4_OPT_INVALID_LEN);
            break;
        }
        uint16_t bit = option_bit(type);
        if (bit) {
            if (seen & bit) c.event(DecodeEvent::IPV4_OPT_DUPLICATE);
            seen |= bit;
        } else if (type != 134 && type != 148) {  // CIPSO and router alert: known, no keyword bit
            c.event(DecodeEvent::IPV4_OPT_UNKNOWN);
        }
        if (!option_well_formed(type, o + i, len)) c.event(DecodeEvent::IPV4_OPT_MALFORMED);
        i += len;
    }
    if (n > 0) seen |= ipopt::ANY;
    c.p.ip_opts_seen = seen;
}

bool checksum_ok(const uint8_t* h, uint32_t hlen) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < hlen; i += 2) sum += be16(h + i);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return sum == 0xffff;
}

}  // namespace

void decode_ipv4(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kIpv4MinHeader) {
        c.event(DecodeEvent::IPV4_PKT_TOO_SMALL);
        return;
    }
    if ((d[0] >> 4) != 4) {
        c.event(DecodeEvent::IPV4_WRONG_IP_VER);
        return;
    }
    uint32_t hlen = uint32_t(d[0] & 0x0f) * 4;
    if (hlen < kIpv4MinHeader) {
        c.event(DecodeEvent::IPV4_HLEN_TOO_SMALL);
        return;
    }
    uint32_t total = be16(d + 2);
    if (total < hlen) {
        c.event(DecodeEvent::IPV4_IPLEN_SMALLER_THAN_HLEN);
        return;
    }
    if (len < hlen) {  // options cut by the snaplen
        c.event(DecodeEvent::IPV4_TRUNC_PKT);
        return;
    }
    Packet& p = c.p;
    if (len < total) {
        c.event(DecodeEvent::IPV4_TRUNC_PKT);
        p.ip_truncated = true;
    } else {
        len = total;
    }
    if (p.ip_version != 0) ++p.tunnel_depth;  // an outer IP layer was already decoded
    p.ip_version = 4;
    p.src = IpAddr::v4(d + 12);
    p.dst = IpAddr::v4(d + 16);
    p.l3 = d;
    p.l3_len = len;
    p.ip_hlen = uint16_t(hlen);
    p.tos = d[1];
    p.ttl = d[8];
    p.ip_proto = d[9];
    p.ip_id = be16(d + 4);
    uint16_t frag = be16(d + 6);
    p.frag_rb = frag & 0x8000;
    p.frag_df = frag & 0x4000;
    p.frag_mf = frag & 0x2000;
    p.frag_offset = frag & 0x1fff;
    p.ip_opts_seen = 0;
    p.is_fragment = p.frag_mf || p.frag_offset != 0;
    p.ip6_frag_hdr_off = p.ip6_frag_nh_off = 0;
    if (c.cfg.ipv4_checksum && !checksum_ok(d, hlen)) {
        p.ipv4_csum_bad = true;
        c.event(DecodeEvent::IPV4_CSUM_BAD);
    }
    if (hlen > kIpv4MinHeader) decode_options(c, d + kIpv4MinHeader, hlen - kIpv4MinHeader);

    p.payload = d + hlen;
    p.payload_len = len - hlen;
    // A fragment's payload is a slice of some transport header + data: the
    // defragmenter rebuilds the datagram and decoding continues from there.
    if (p.is_fragment) return;
    decode_ip_payload(c, p.ip_proto, d + hlen, len - hlen);
}

}  // namespace vigie::decode_detail
