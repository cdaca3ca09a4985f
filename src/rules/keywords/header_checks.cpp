// Per-packet header keywords: IP (ttl, tos, id, ip_proto, fragbits, fragoffset, ipopts,
// sameip), TCP (flags, seq, ack, window), ICMP (itype, icode, icmp_id, icmp_seq), dsize.
#include <array>
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"
#include "rules/uint_cmp.h"

namespace vigie::rules::kwfn {
namespace {

using F = PacketCheck::Field;

Result<void> add_cmp(RuleBuilder& b, F field, std::string_view arg, uint64_t max) {
    auto c = parse_uint_cmp(arg, max);
    if (!c) return make_error(c.error());
    b.rule.header_matches.push_back(PacketCheck{field, *c, false});
    return {};
}

// "[!]<n>": equality with an optional negation (tos, window, seq, ack, icmp_id, icmp_seq, id).
Result<void> add_eq(RuleBuilder& b, F field, std::string_view arg, uint64_t max, bool allow_neg) {
    arg = trim(arg);
    bool neg = false;
    if (!arg.empty() && arg[0] == '!') {
        if (!allow_neg) return make_error("negation not allowed");
        neg = true;
        arg = trim(arg.substr(1));
    }
    auto v = parse_u64(arg);
    if (!v || *v > max) return make_error("expected a number 0.." + std::to_string(max));
    PacketCheck pc{field, UintCmp{}, neg};
    pc.cmp.a = *v;
    b.rule.header_matches.push_back(pc);
    return {};
}

}  // namespace

Result<void> dsize(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_cmp(b, F::Dsize, a, 65535); }
Result<void> ttl(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_cmp(b, F::Ttl, a, 255); }
Result<void> itype(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_cmp(b, F::IType, a, 255); }
Result<void> icode(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_cmp(b, F::ICode, a, 255); }
Result<void> ip_id(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::IpId, a, 65535, false); }
Result<void> icmp_id(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::IcmpId, a, 65535, false); }
Result<void> icmp_seq(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::IcmpSeq, a, 65535, false); }
Result<void> tcp_seq(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::TcpSeq, a, UINT32_MAX, false); }
Result<void> tcp_ack(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::TcpAck, a, UINT32_MAX, false); }
Result<void> tcp_window(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::TcpWindow, a, 65535, true); }
Result<void> tos(RuleBuilder& b, const KeywordSpec&, std::string_view a) { return add_eq(b, F::Tos, a, 255, true); }

// fragoffset:[!|<|>]<n>
Result<void> fragoffset(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    arg = trim(arg);
    PacketCheck pc{F::FragOffset, UintCmp{}, false};
    if (!arg.empty() && (arg[0] == '!' || arg[0] == '<' || arg[0] == '>')) {
        if (arg[0] == '!') pc.negated = true;
        else pc.cmp.op = arg[0] == '<' ? UintCmp::Op::Lt : UintCmp::Op::Gt;
        arg = trim(arg.substr(1));
    }
    auto v = parse_u64(arg);
    if (!v || *v > 8191 * 8) return make_error("expected a fragment offset");
    pc.cmp.a = *v;
    b.rule.header_matches.push_back(pc);
    return {};
}

// ip_proto:[!|<|>]<number or name>
Result<void> ip_proto(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    static constexpr std::pair<std::string_view, uint8_t> kNames[] = {
        {"ah", 51},    {"egp", 8},     {"esp", 50},   {"gre", 47},  {"icmp", 1},   {"icmpv6", 58},
        {"igmp", 2},   {"ipip", 4},    {"ipv6", 41},  {"ipv6-icmp", 58}, {"l2tp", 115}, {"ospf", 89},
        {"pim", 103},  {"rsvp", 46},   {"sctp", 132}, {"tcp", 6},   {"udp", 17},   {"vrrp", 112},
    };
    arg = trim(arg);
    PacketCheck pc{F::IpProto, UintCmp{}, false};
    if (!arg.empty() && (arg[0] == '!' || arg[0] == '<' || arg[0] == '>')) {
        if (arg[0] == '!') pc.negated = true;
        else pc.cmp.op = arg[0] == '<' ? UintCmp::Op::Lt : UintCmp::Op::Gt;
        arg = trim(arg.substr(1));
    }
    std::optional<uint64_t> v = parse_u64(arg);
    if (!v)
        for (auto& [name, num] : kNames)
            if (iequals(name, arg)) v = num;
    if (!v || *v > 255) return make_error("unknown protocol '" + std::string(arg) + "'");
    pc.cmp.a = *v;
    b.rule.header_matches.push_back(pc);
    return {};
}

// flags:[!|+|*]<FSRPAUCE120>[,<mask>]; the modifier may also trail the letters (Snort style).
Result<void> tcp_flags(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() > 2) return make_error("expected <flags>[,<mask>]");
    auto bit = [](char c) -> int {
        switch (c) {
            case 'F': case 'f': return 0x01;
            case 'S': case 's': return 0x02;
            case 'R': case 'r': return 0x04;
            case 'P': case 'p': return 0x08;
            case 'A': case 'a': return 0x10;
            case 'U': case 'u': return 0x20;
            case 'E': case 'e': case '2': return 0x40;
            case 'C': case 'c': case '1': return 0x80;
            default: return -1;
        }
    };
    TcpFlagsCheck fc;
    bool zero = false;
    for (char c : items[0]) {
        if (c == '!' || c == '+' || c == '*') {
            if (fc.modifier) return make_error("more than one modifier");
            fc.modifier = c;
        } else if (c == '0') {
            zero = true;
        } else {
            int v = bit(c);
            if (v < 0) return make_error(std::string("unknown flag '") + c + "'");
            fc.flags |= uint8_t(v);
        }
    }
    if (zero && (fc.flags || fc.modifier)) return make_error("'0' cannot be combined with other flags");
    if (!zero && fc.flags == 0) return make_error("no flags given");
    if (items.size() == 2) {
        for (char c : items[1]) {
            int v = bit(c);
            if (v < 0) return make_error(std::string("unknown mask flag '") + c + "'");
            fc.ignore_mask |= uint8_t(v);
        }
    }
    b.rule.header_matches.push_back(fc);
    return {};
}

// fragbits:[!|+|*]<MDR>
Result<void> fragbits(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    FragBitsCheck fb;
    for (char c : trim(arg)) {
        if (c == '!' || c == '+' || c == '*') {
            if (fb.modifier) return make_error("more than one modifier");
            fb.modifier = c;
        } else if (c == 'M' || c == 'm') fb.bits |= 1;
        else if (c == 'D' || c == 'd') fb.bits |= 2;
        else if (c == 'R' || c == 'r') fb.bits |= 4;
        else return make_error(std::string("unknown bit '") + c + "'");
    }
    if (fb.bits == 0) return make_error("no bits given");
    b.rule.header_matches.push_back(fb);
    return {};
}

// Bit values mirror ipopt:: in decode/packet.h (rules/ does not depend on decode/).
Result<void> ipopts(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    static constexpr std::pair<std::string_view, uint16_t> kOpts[] = {
        {"rr", 1 << 0},  {"eol", 1 << 1},  {"nop", 1 << 2},  {"ts", 1 << 3},    {"sec", 1 << 4},
        {"esec", 1 << 5}, {"lsrr", 1 << 6}, {"ssrr", 1 << 7}, {"satid", 1 << 8}, {"any", 1 << 15},
    };
    for (auto& [name, bit] : kOpts) {
        if (name == trim(arg)) {
            b.rule.header_matches.push_back(IpOptsCheck{bit});
            return {};
        }
    }
    return make_error("unknown option '" + std::string(arg) + "'");
}

Result<void> sameip(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    b.rule.header_matches.push_back(SameIp{});
    return {};
}

}  // namespace vigie::rules::kwfn
