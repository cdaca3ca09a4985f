#include "decode/decode_internal.h"

namespace vigie::decode_detail {

void decode_udp(Ctx& c, const uint8_t* d, uint32_t len) {
    constexpr uint32_t kUdpHeader = 8;
    if (len < kUdpHeader) {
        c.event(DecodeEvent::UDP_HLEN_TOO_SMALL);
        return;
    }
    Packet& p = c.p;
    p.sp = be16(d);
    p.dp = be16(d + 2);
    uint32_t ulen = be16(d + 4);
    if (ulen < kUdpHeader) {
        c.event(DecodeEvent::UDP_HLEN_INVALID);
        return;
    }
    uint32_t plen = len - kUdpHeader;
    if (ulen > len) {
        // Cut by the snaplen is already reported at the IP layer.
        if (!p.ip_truncated) c.event(DecodeEvent::UDP_PKT_TOO_SMALL);
    } else if (ulen < len) {
        c.event(DecodeEvent::UDP_HLEN_INVALID);  // IP says more than UDP: trust the smaller
        plen = ulen - kUdpHeader;
    }
    p.decoded_l4 = true;
    p.payload = d + kUdpHeader;
    p.payload_len = plen;
}

}  // namespace vigie::decode_detail
