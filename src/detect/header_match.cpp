#include "detect/header_match.h"

#include <algorithm>

namespace vigie::detect {

namespace {

bool ports_ok(const rules::PortSet& s, uint16_t port) { return s.any || s.contains(port); }
bool addr_ok(const rules::AddressSet& s, const IpAddr& a) { return s.any || s.contains(a); }

// The shared modifier logic of flags and fragbits (Suricata): none = exactly these,
// '+' = these and maybe others, '*' = any of these, '!' = not all of these.
bool match_bits(uint8_t have, uint8_t want, char modifier) {
    switch (modifier) {
        case '+': return (have & want) == want;
        case '*': return (have & want) != 0;
        case '!': return (have & want) != want;
        default: return have == want;
    }
}

bool packet_check(const rules::PacketCheck& c, const Packet& p) {
    using F = rules::PacketCheck::Field;
    uint64_t v = 0;
    switch (c.field) {
        case F::Dsize:
            // dsize is always the packet's own payload, even when payload rules read the stream.
            v = p.payload_len;
            break;
        case F::Ttl: if (!p.ip_version) return false; v = p.ttl; break;
        case F::Tos: if (!p.ip_version) return false; v = p.tos; break;
        case F::IpProto: if (!p.ip_version) return false; v = p.ip_proto; break;
        case F::IpId: if (p.ip_version != 4) return false; v = p.ip_id; break;
        case F::FragOffset: if (!p.ip_version) return false; v = p.frag_offset; break;
        case F::IType: if (!p.is_icmp()) return false; v = p.icmp_type; break;
        case F::ICode: if (!p.is_icmp()) return false; v = p.icmp_code; break;
        case F::IcmpId: if (!p.is_icmp() || !p.icmp_has_id_seq) return false; v = p.icmp_id; break;
        case F::IcmpSeq: if (!p.is_icmp() || !p.icmp_has_id_seq) return false; v = p.icmp_seq; break;
        case F::TcpSeq: if (!p.is_tcp()) return false; v = p.tcp_seq; break;
        case F::TcpAck: if (!p.is_tcp()) return false; v = p.tcp_ack; break;
        case F::TcpWindow: if (!p.is_tcp()) return false; v = p.tcp_win; break;
    }
    bool m = c.cmp.matches(v);
    return c.negated ? !m : m;
}

}  // namespace

bool match_addresses_ports(const rules::Header& h, const Packet& p) {
    if (!h.ip_protos.empty() &&
        std::find(h.ip_protos.begin(), h.ip_protos.end(), p.ip_proto) == h.ip_protos.end())
        return false;
    if (addr_ok(h.src, p.src) && addr_ok(h.dst, p.dst) && ports_ok(h.sp, p.sp) && ports_ok(h.dp, p.dp)) return true;
    return h.bidirectional && addr_ok(h.src, p.dst) && addr_ok(h.dst, p.src) && ports_ok(h.sp, p.dp) &&
           ports_ok(h.dp, p.sp);
}

bool match_tcp_flags(const rules::TcpFlagsCheck& c, uint8_t flags) {
    return match_bits(uint8_t(flags & ~c.ignore_mask), c.flags, c.modifier);
}

bool match_header_keywords(const std::vector<rules::HeaderMatch>& hm, const Packet& p) {
    for (const auto& m : hm) {
        if (auto* c = std::get_if<rules::PacketCheck>(&m)) {
            if (!packet_check(*c, p)) return false;
        } else if (auto* f = std::get_if<rules::TcpFlagsCheck>(&m)) {
            if (!p.is_tcp() || !match_tcp_flags(*f, p.tcp_flags)) return false;
        } else if (auto* fb = std::get_if<rules::FragBitsCheck>(&m)) {
            if (p.ip_version != 4) return false;
            uint8_t have = uint8_t((p.frag_mf ? 1 : 0) | (p.frag_df ? 2 : 0) | (p.frag_rb ? 4 : 0));
            if (!match_bits(have, fb->bits, fb->modifier)) return false;
        } else if (auto* o = std::get_if<rules::IpOptsCheck>(&m)) {
            if (p.ip_version != 4) return false;
            bool any = o->bit == ipopt::ANY;
            if (any ? p.ip_opts_seen == 0 : (p.ip_opts_seen & o->bit) == 0) return false;
        } else if (std::holds_alternative<rules::SameIp>(m)) {
            if (!p.ip_version || p.src != p.dst) return false;
        }
    }
    return true;
}

bool match_flow_opts(const rules::FlowOpts& f, const Flow* flow, bool to_server) {
    bool needs_flow = f.to_server || f.to_client || f.established || f.not_established;
    if (!needs_flow) return true;
    if (!flow) return false;
    if (f.to_server && !to_server) return false;
    if (f.to_client && to_server) return false;
    if (f.established && !flow->pkt_established) return false;
    if (f.not_established && flow->pkt_established) return false;
    return true;
}

}  // namespace vigie::detect
