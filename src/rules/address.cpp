#include "rules/address.h"

#include <algorithm>
#include <string>
#include <vector>

#include "rules/interval_set.h"
#include "rules/text_util.h"

namespace vigie::rules {
namespace {

constexpr int kMaxVarDepth = 32;  // guards against $A -> $B -> $A loops and absurd nesting

// The value space of one expression kind: addresses keep IPv4 and IPv6 apart so that a
// complement stays within each family; ports have one space.
struct AddrValue {
    IntervalSet v4{0xFFFFFFFFu}, v6{~u128(0)};
    static AddrValue full() { return {IntervalSet::full(0xFFFFFFFFu), IntervalSet::full(~u128(0))}; }
    void add(const AddrValue& o) { v4.add(o.v4); v6.add(o.v6); }
    AddrValue complement() const { return {v4.complement(), v6.complement()}; }
    AddrValue minus(const AddrValue& o) const { return {v4.minus(o.v4), v6.minus(o.v6)}; }
    bool empty() const { return v4.empty() && v6.empty(); }
};

struct PortValue {
    IntervalSet s{65535};
    static PortValue full() { return {IntervalSet::full(65535)}; }
    void add(const PortValue& o) { s.add(o.s); }
    PortValue complement() const { return {s.complement()}; }
    PortValue minus(const PortValue& o) const { return {s.minus(o.s)}; }
    bool empty() const { return s.empty(); }
};

u128 to_u128(const IpAddr& a) {
    u128 v = 0;
    int n = a.is_v4() ? 4 : 16;
    for (int i = 0; i < n; ++i) v = (v << 8) | a.bytes[i];
    return v;
}

IpAddr from_u128(u128 v, bool v4) {
    uint8_t b[16];
    int n = v4 ? 4 : 16;
    for (int i = n - 1; i >= 0; --i) {
        b[i] = uint8_t(v);
        v >>= 8;
    }
    return v4 ? IpAddr::v4(b) : IpAddr::v6(b);
}

Result<AddrValue> address_leaf(std::string_view t) {
    std::string s(t);
    AddrValue out;
    auto add = [&](const IpAddr& lo, const IpAddr& hi) {
        if (lo.is_v4()) out.v4.add(to_u128(lo), to_u128(hi));
        else out.v6.add(to_u128(lo), to_u128(hi));
    };
    if (auto slash = s.find('/'); slash != std::string::npos) {
        auto base = IpAddr::parse(s.substr(0, slash));
        if (!base) return make_error("invalid address '" + s + "'");
        std::string mask = s.substr(slash + 1);
        int bits = base->is_v4() ? 32 : 128;
        int prefix = -1;
        if (auto n = parse_u64(mask); n && *n <= uint64_t(bits)) {
            prefix = int(*n);
        } else if (auto m = IpAddr::parse(mask); m && m->is_v4() && base->is_v4()) {
            // dotted netmask: must be contiguous ones
            uint32_t mv = m->v4_host_order();
            int ones = __builtin_popcount(mv);
            if (ones != 32 && (mv << ones) != 0) return make_error("invalid netmask in '" + s + "'");
            prefix = ones;
        }
        if (prefix < 0) return make_error("invalid prefix length in '" + s + "'");
        u128 v = to_u128(*base);
        int host_bits = bits - prefix;
        u128 span_mask = host_bits == 0 ? u128(0) : host_bits == 128 ? ~u128(0) : ((u128(1) << host_bits) - 1);
        u128 lo = v & ~span_mask, hi = lo | span_mask;
        add(from_u128(lo, base->is_v4()), from_u128(hi, base->is_v4()));
        return out;
    }
    if (auto a = IpAddr::parse(s)) {
        add(*a, *a);
        return out;
    }
    if (auto dash = s.find('-'); dash != std::string::npos) {
        auto lo = IpAddr::parse(s.substr(0, dash)), hi = IpAddr::parse(s.substr(dash + 1));
        if (!lo || !hi || lo->family != hi->family) return make_error("invalid address range '" + s + "'");
        if (to_u128(*lo) > to_u128(*hi)) return make_error("address range '" + s + "' ends before it starts");
        add(*lo, *hi);
        return out;
    }
    return make_error("invalid address '" + s + "'");
}

Result<PortValue> port_leaf(std::string_view t) {
    std::string s(t);
    auto num = [](std::string_view x) -> std::optional<uint64_t> {
        auto v = parse_u64(x);
        if (!v || *v > 65535) return std::nullopt;
        return v;
    };
    PortValue out;
    if (auto colon = s.find(':'); colon != std::string::npos) {
        std::string a = s.substr(0, colon), b = s.substr(colon + 1);
        auto lo = a.empty() ? std::optional<uint64_t>(0) : num(a);
        auto hi = b.empty() ? std::optional<uint64_t>(65535) : num(b);
        if (!lo || !hi || (a.empty() && b.empty())) return make_error("invalid port range '" + s + "'");
        if (*lo > *hi) return make_error("port range '" + s + "' ends before it starts");
        out.s.add(*lo, *hi);
        return out;
    }
    auto p = num(s);
    if (!p) return make_error("invalid port '" + s + "'");
    out.s.add(*p, *p);
    return out;
}

// Recursive evaluator shared by addresses and ports.
template <typename V, typename Leaf>
class Evaluator {
public:
    Evaluator(const std::map<std::string, std::string>& vars, Leaf leaf) : vars_(vars), leaf_(leaf) {}

    Result<V> expr(std::string_view text, int depth) {
        text = trim(text);
        if (text.empty()) return make_error("empty address or port expression");
        if (text[0] == '!') {
            auto inner = expr(text.substr(1), depth);
            if (!inner) return inner;
            return inner->complement();
        }
        if (text[0] == '[') {
            if (text.back() != ']') return make_error("unbalanced '[' in '" + std::string(text) + "'");
            return list(text.substr(1, text.size() - 2), depth);
        }
        if (text[0] == '$') {
            std::string name(text.substr(1));
            auto it = vars_.find(name);
            if (it == vars_.end()) return make_error("undefined variable $" + name);
            if (depth >= kMaxVarDepth || std::find(stack_.begin(), stack_.end(), name) != stack_.end())
                return make_error("variable loop at $" + name);
            stack_.push_back(name);
            auto r = expr(it->second, depth + 1);
            stack_.pop_back();
            return r;
        }
        if (iequals(text, "any")) return V::full();
        if (text.find_first_of(",[]") != std::string_view::npos)
            return make_error("list without brackets '" + std::string(text) + "'");
        return leaf_(text);
    }

private:
    Result<V> list(std::string_view body, int depth) {
        V pos, neg;
        bool have_pos = false;
        int level = 0;
        size_t start = 0;
        std::vector<std::string_view> items;
        for (size_t i = 0; i <= body.size(); ++i) {
            if (i == body.size() || (body[i] == ',' && level == 0)) {
                items.push_back(trim(body.substr(start, i - start)));
                start = i + 1;
            } else if (body[i] == '[') {
                ++level;
            } else if (body[i] == ']') {
                if (--level < 0) return make_error("unbalanced ']' in address or port list");
            }
        }
        if (level != 0) return make_error("unbalanced '[' in address or port list");
        for (auto item : items) {
            if (item.empty()) return make_error("empty item in address or port list");
            bool negated = item[0] == '!';
            auto v = expr(negated ? item.substr(1) : item, depth + 1);
            if (!v) return v;
            if (negated) {
                neg.add(*v);
            } else {
                pos.add(*v);
                have_pos = true;
            }
        }
        if (!have_pos) pos = V::full();
        return pos.minus(neg);
    }

    const std::map<std::string, std::string>& vars_;
    Leaf leaf_;
    std::vector<std::string> stack_;
};

}  // namespace

Result<AddressSet> resolve_addresses(std::string_view text, const Vars& vars) {
    Evaluator<AddrValue, decltype(&address_leaf)> ev(vars.address, &address_leaf);
    auto v = ev.expr(text, 0);
    if (!v) return make_error(v.error());
    if (v->empty()) return make_error("address expression '" + std::string(trim(text)) + "' matches nothing");
    AddressSet out;
    if (v->v4.is_full() && v->v6.is_full()) {
        out.any = true;
        return out;
    }
    for (auto& [lo, hi] : v->v4.ranges()) out.ranges.push_back({from_u128(lo, true), from_u128(hi, true)});
    for (auto& [lo, hi] : v->v6.ranges()) out.ranges.push_back({from_u128(lo, false), from_u128(hi, false)});
    return out;
}

Result<PortSet> resolve_ports(std::string_view text, const Vars& vars) {
    Evaluator<PortValue, decltype(&port_leaf)> ev(vars.port, &port_leaf);
    auto v = ev.expr(text, 0);
    if (!v) return make_error(v.error());
    if (v->empty()) return make_error("port expression '" + std::string(trim(text)) + "' matches nothing");
    PortSet out;
    if (v->s.is_full()) return out;  // any
    out.any = false;
    for (auto& [lo, hi] : v->s.ranges()) out.ranges.push_back({uint16_t(lo), uint16_t(hi)});
    return out;
}

}  // namespace vigie::rules
