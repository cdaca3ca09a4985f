// Decoder events: every reason a frame can be malformed or odd, with the name
// Suricata uses for it (decoder.<layer>.<event>) so rules and dashboards line up.
#pragma once
#include <cstdint>
#include <string_view>

namespace vigie {

#define VIGIE_DECODE_EVENTS(X)                                   \
    X(ETH_PKT_TOO_SMALL, "decoder.ethernet.pkt_too_small")       \
    X(VLAN_HEADER_TOO_SMALL, "decoder.vlan.header_too_small")    \
    X(VLAN_TOO_MANY_LAYERS, "decoder.vlan.too_many_layers")      \
    X(SLL_PKT_TOO_SMALL, "decoder.sll.pkt_too_small")            \
    X(SLL2_PKT_TOO_SMALL, "decoder.sll2.pkt_too_small")          \
    X(PPP_PKT_TOO_SMALL, "decoder.ppp.pkt_too_small")            \
    X(PPP_UNSUP_PROTO, "decoder.ppp.unsup_proto")                \
    X(PPPOE_PKT_TOO_SMALL, "decoder.pppoe.pkt_too_small")        \
    X(MPLS_HEADER_TOO_SMALL, "decoder.mpls.header_too_small")    \
    X(MPLS_UNKNOWN_PAYLOAD_TYPE, "decoder.mpls.unknown_payload_type") \
    X(ERSPAN_HEADER_TOO_SMALL, "decoder.erspan.header_too_small") \
    X(NULL_PKT_TOO_SMALL, "decoder.null.pkt_too_small")          \
    X(NULL_UNSUPPORTED_TYPE, "decoder.null.unsupported_type")    \
    X(IPRAW_INVALID_IPV, "decoder.ipraw.invalid_ip_version")     \
    X(IPV4_PKT_TOO_SMALL, "decoder.ipv4.pkt_too_small")          \
    X(IPV4_HLEN_TOO_SMALL, "decoder.ipv4.hlen_too_small")        \
    X(IPV4_IPLEN_SMALLER_THAN_HLEN, "decoder.ipv4.iplen_smaller_than_hlen") \
    X(IPV4_TRUNC_PKT, "decoder.ipv4.trunc_pkt")                  \
    X(IPV4_OPT_INVALID, "decoder.ipv4.opt_invalid")              \
    X(IPV4_OPT_INVALID_LEN, "decoder.ipv4.opt_invalid_len")      \
    X(IPV4_OPT_MALFORMED, "decoder.ipv4.opt_malformed")          \
    X(IPV4_OPT_DUPLICATE, "decoder.ipv4.opt_duplicate")          \
    X(IPV4_OPT_UNKNOWN, "decoder.ipv4.opt_unknown")              \
    X(IPV4_WRONG_IP_VER, "decoder.ipv4.wrong_ip_version")        \
    X(IPV4_FRAG_PKT_TOO_LARGE, "decoder.ipv4.frag_pkt_too_large") \
    X(IPV4_FRAG_OVERLAP, "decoder.ipv4.frag_overlap")            \
    X(IPV4_FRAG_IGNORED, "decoder.ipv4.frag_ignored")            \
    X(IPV4_CSUM_BAD, "decoder.ipv4.csum_bad")                    \
    X(IPV6_PKT_TOO_SMALL, "decoder.ipv6.pkt_too_small")          \
    X(IPV6_TRUNC_PKT, "decoder.ipv6.trunc_pkt")                  \
    X(IPV6_TRUNC_EXTHDR, "decoder.ipv6.trunc_exthdr")            \
    X(IPV6_EXTHDR_DUPL_FH, "decoder.ipv6.exthdr_dupl_fh")        \
    X(IPV6_EXTHDR_USELESS_FH, "decoder.ipv6.exthdr_useless_fh")  \
    X(IPV6_EXTHDR_DUPL_RH, "decoder.ipv6.exthdr_dupl_rh")        \
    X(IPV6_EXTHDR_DUPL_HH, "decoder.ipv6.exthdr_dupl_hh")        \
    X(IPV6_EXTHDR_DUPL_DH, "decoder.ipv6.exthdr_dupl_dh")        \
    X(IPV6_EXTHDR_INVALID_OPTLEN, "decoder.ipv6.exthdr_invalid_optlen") \
    X(IPV6_WRONG_IP_VER, "decoder.ipv6.wrong_ip_version")        \
    X(IPV6_HOPOPTS_NOT_FIRST, "decoder.ipv6.hopopts_not_first")  \
    X(IPV6_FRAG_PKT_TOO_LARGE, "decoder.ipv6.frag_pkt_too_large") \
    X(IPV6_FRAG_OVERLAP, "decoder.ipv6.frag_overlap")            \
    X(IPV6_FRAG_INVALID_LENGTH, "decoder.ipv6.frag_invalid_length") \
    X(IPV6_FRAG_IGNORED, "decoder.ipv6.frag_ignored")            \
    X(IPV6_UNKNOWN_NEXT_HEADER, "decoder.ipv6.unknown_next_header") \
    X(TCP_PKT_TOO_SMALL, "decoder.tcp.pkt_too_small")            \
    X(TCP_HLEN_TOO_SMALL, "decoder.tcp.hlen_too_small")          \
    X(TCP_INVALID_OPTLEN, "decoder.tcp.invalid_optlen")          \
    X(TCP_OPT_INVALID_LEN, "decoder.tcp.opt_invalid_len")        \
    X(TCP_OPT_DUPLICATE, "decoder.tcp.opt_duplicate")            \
    X(UDP_PKT_TOO_SMALL, "decoder.udp.pkt_too_small")            \
    X(UDP_HLEN_TOO_SMALL, "decoder.udp.hlen_too_small")          \
    X(UDP_HLEN_INVALID, "decoder.udp.hlen_invalid")              \
    X(ICMPV4_PKT_TOO_SMALL, "decoder.icmpv4.pkt_too_small")      \
    X(ICMPV4_UNKNOWN_TYPE, "decoder.icmpv4.unknown_type")        \
    X(ICMPV4_UNKNOWN_CODE, "decoder.icmpv4.unknown_code")        \
    X(ICMPV6_PKT_TOO_SMALL, "decoder.icmpv6.pkt_too_small")      \
    X(ICMPV6_UNKNOWN_TYPE, "decoder.icmpv6.unknown_type")        \
    X(ICMPV6_UNKNOWN_CODE, "decoder.icmpv6.unknown_code")        \
    X(GRE_PKT_TOO_SMALL, "decoder.gre.pkt_too_small")            \
    X(GRE_VERSION_UNKNOWN, "decoder.gre.version_unknown")        \
    X(GRE_VERSION0_RECUR, "decoder.gre.version0_recur")          \
    X(GRE_VERSION0_FLAGS, "decoder.gre.version0_flags")          \
    X(GRE_VERSION0_HDR_TOO_BIG, "decoder.gre.version0_hdr_too_big") \
    X(GRE_VERSION0_MALFORMED_SRE_HDR, "decoder.gre.version0_malformed_sre_hdr") \
    X(GRE_VERSION1_HDR_TOO_BIG, "decoder.gre.version1_hdr_too_big") \
    X(IPIP_PKT_TOO_SMALL, "decoder.ipv4.ipip_pkt_too_small")     \
    X(TOO_MANY_LAYERS, "decoder.too_many_layers")                \
    X(UNKNOWN_LINKTYPE, "decoder.unknown_linktype")              \
    X(DEFRAG_MEMCAP, "defrag.memcap_hit")                        \
    X(DEFRAG_TIMEOUT, "defrag.timeout")

enum class DecodeEvent : uint8_t {
#define X(id, name) id,
    VIGIE_DECODE_EVENTS(X)
#undef X
    COUNT
};

constexpr std::string_view decode_event_name(DecodeEvent e) {
    constexpr std::string_view names[] = {
#define X(id, name) name,
        VIGIE_DECODE_EVENTS(X)
#undef X
    };
    return names[static_cast<unsigned>(e)];
}

constexpr unsigned kDecodeEventCount = static_cast<unsigned>(DecodeEvent::COUNT);

// A packet records up to a few events without allocating; the first kMax are kept.
struct DecodeEvents {
    static constexpr unsigned kMax = 4;
    DecodeEvent list[kMax]{};
    uint8_t count = 0;
    void add(DecodeEvent e) {
        if (count < kMax) list[count++] = e;
    }
    bool has(DecodeEvent e) const {
        for (unsigned i = 0; i < count; ++i)
            if (list[i] == e) return true;
        return false;
    }
    void clear() { count = 0; }
};

}  // namespace vigie
