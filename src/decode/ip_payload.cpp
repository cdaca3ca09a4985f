// What follows an IP header: a transport we decode, or a tunnel whose inner IP
// layer replaces the outer one in the Packet (innermost wins, bounded depth).
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

void decode_ip_any(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < 1) {
        c.event(DecodeEvent::IPV4_PKT_TOO_SMALL);
        return;
    }
    switch (d[0] >> 4) {
    case 4: decode_ipv4(c, d, len); break;
    case 6: decode_ipv6(c, d, len); break;
    default: c.event(DecodeEvent::IPRAW_INVALID_IPV); break;
    }
}

void decode_ip_payload(Ctx& c, uint8_t proto, const uint8_t* d, uint32_t len) {
    switch (proto) {
    case 6: decode_tcp(c, d, len); return;
    case 17: decode_udp(c, d, len); return;
    case 1: decode_icmpv4(c, d, len); return;
    case 58: decode_icmpv6(c, d, len); return;
    default: break;
    }
    if (proto != 4 && proto != 41 && proto != 47) return;  // payload already points at the IP payload
    if (++c.layers > kMaxLayers || c.p.tunnel_depth >= c.cfg.max_tunnel_depth) {
        c.event(DecodeEvent::TOO_MANY_LAYERS);
        return;
    }
    if (proto == 47) {
        c.p.tunnel_kinds |= tunnel::GRE;
        decode_gre(c, d, len);
        return;
    }
    c.p.tunnel_kinds |= tunnel::IPIP;
    if (proto == 4) {
        if (len < 20) {
            c.event(DecodeEvent::IPIP_PKT_TOO_SMALL);
            return;
        }
        decode_ipv4(c, d, len);
    } else {
        decode_ipv6(c, d, len);
    }
}

}  // namespace vigie::decode_detail
