// ICMPv4 and ICMPv6: type, code, and id/seq for the query types that carry them.
// Unknown types/codes follow the IANA registries Suricata checks against.
#include "decode/decode_internal.h"

namespace vigie::decode_detail {

namespace {

constexpr uint32_t kIcmpHeader = 8;

// Highest valid code per ICMPv4 type, -1 for unassigned types.
int icmpv4_max_code(uint8_t type) {
    switch (type) {
    case 0: case 8: case 13: case 14: case 15: case 16: case 17: case 18: return 0;
    case 3: return 15;   // destination unreachable
    case 4: return 0;    // source quench
    case 5: return 3;    // redirect
    case 9: return 16;   // router advertisement (0 or 16)
    case 10: return 0;
    case 11: return 1;   // time exceeded
    case 12: return 2;   // parameter problem
    default: return -1;
    }
}

bool icmpv4_has_id_seq(uint8_t type) {
    return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

int icmpv6_max_code(uint8_t type) {
    switch (type) {
    case 1: return 7;    // destination unreachable
    case 2: return 0;    // packet too big
    case 3: return 1;    // time exceeded
    case 4: return 10;   // parameter problem
    case 100: case 101: case 127: case 200: case 201: case 255: return 255;  // private/expansion
    default:
        if (type >= 128 && type <= 161) return 255;  // informational: codes vary, not checked
        return -1;
    }
}

}  // namespace

void decode_icmpv4(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kIcmpHeader) {
        c.event(DecodeEvent::ICMPV4_PKT_TOO_SMALL);
        return;
    }
    Packet& p = c.p;
    p.icmp_type = d[0];
    p.icmp_code = d[1];
    int max = icmpv4_max_code(d[0]);
    if (max < 0) c.event(DecodeEvent::ICMPV4_UNKNOWN_TYPE);
    else if (d[1] > max) c.event(DecodeEvent::ICMPV4_UNKNOWN_CODE);
    if (icmpv4_has_id_seq(d[0])) {
        p.icmp_id = be16(d + 4);
        p.icmp_seq = be16(d + 6);
        p.icmp_has_id_seq = true;
    }
    p.decoded_l4 = true;
    p.payload = d + kIcmpHeader;
    p.payload_len = len - kIcmpHeader;
}

void decode_icmpv6(Ctx& c, const uint8_t* d, uint32_t len) {
    if (len < kIcmpHeader) {
        c.event(DecodeEvent::ICMPV6_PKT_TOO_SMALL);
        return;
    }
    Packet& p = c.p;
    p.icmp_type = d[0];
    p.icmp_code = d[1];
    int max = icmpv6_max_code(d[0]);
    if (max < 0) c.event(DecodeEvent::ICMPV6_UNKNOWN_TYPE);
    else if (d[1] > max) c.event(DecodeEvent::ICMPV6_UNKNOWN_CODE);
    if (d[0] == 128 || d[0] == 129) {  // echo request / reply
        if (d[1] != 0) c.event(DecodeEvent::ICMPV6_UNKNOWN_CODE);
        p.icmp_id = be16(d + 4);
        p.icmp_seq = be16(d + 6);
        p.icmp_has_id_seq = true;
    }
    p.decoded_l4 = true;
    p.payload = d + kIcmpHeader;
    p.payload_len = len - kIcmpHeader;
}

}  // namespace vigie::decode_detail
