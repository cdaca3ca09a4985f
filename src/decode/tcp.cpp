// TCP header and the options later stages need (MSS, window scale,
// SACK-permitted, timestamps).
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint32_t kTcpMinHeader = 20;
constexpr uint8_t kOptEol = 0, kOptNop = 1, kOptMss = 2, kOptWs = 3, kOptSackOk = 4, kOptSack = 5,
                  kOptTs = 8;

void decode_options(Ctx& c, const uint8_t* o, uint32_t n) {
    Packet& p = c.p;
    uint32_t seen = 0;  // bit per option kind < 32, for duplicates
    uint32_t i = 0;
    while (i < n) {
        uint8_t kind = o[i];
        if (kind == kOptEol) break;
        if (kind == kOptNop) {
            ++i;
            continue;
        }
        if (n - i < 2) {
            c.event(DecodeEvent::TCP_OPT_INVALID_LEN);
            return;
        }
        uint8_t len = o[i + 1];
        if (len < 2 || len > n - i) {
            c.event(DecodeEvent::TCP_OPT_INVALID_LEN);
            return;
        }
        if (kind < 32) {
            if (seen & (1u << kind)) c.event(DecodeEvent::TCP_OPT_DUPLICATE);
            seen |= 1u << kind;
        }
        const uint8_t* v = o + i + 2;
        bool ok = true;
        switch (kind) {
        case kOptMss:
            if ((ok = len == 4)) p.tcp_mss = be16(v);
            break;
        case kOptWs:
            if ((ok = len == 3)) {
                p.tcp_wscale = v[0];
                p.tcp_has_wscale = true;
            }
            break;
        case kOptSackOk:
            if ((ok = len == 2)) p.tcp_has_sack = true;
            break;
        case kOptSack:
            ok = len >= 10 && (len - 2) % 8 == 0;
            break;
        case kOptTs:
            if ((ok = len == 10)) {
                p.tcp_has_ts = true;
                p.tcp_tsval = be32(v);
                p.tcp_tsecr = be32(v + 4);
            }
            break;
        default:
            break;
        }
        if (!ok) c.event(DecodeEvent::TCP_OPT_INVALID_LEN);
        i += len;
    }
}

}  // namespace

void decode_tcp(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kTcpMinHeader) {
        c.event(DecodeEvent::TCP_PKT_TOO_SMALL);
        return;
    }
    Packet& p = c.p;
    p.sp = be16(d);
    p.dp = be16(d + 2);
    uint32_t hlen = uint32_t(d[12] >> 4) * 4;
    if (hlen < kTcpMinHeader || hlen > len) {
        c.event(DecodeEvent::TCP_HLEN_TOO_SMALL);
        return;
    }
    p.tcp_seq = be32(d + 4);
    p.tcp_ack = be32(d + 8);
    p.tcp_flags = d[13];
    p.tcp_win = be16(d + 14);
    p.tcp_hlen = uint8_t(hlen);
    if (hlen > kTcpMinHeader) decode_options(c, d + kTcpMinHeader, hlen - kTcpMinHeader);
    p.decoded_l4 = true;
    p.payload = d + hlen;
    p.payload_len = len - hlen;
}

}  // namespace vigie::decode_detail
