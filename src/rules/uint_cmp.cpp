#include "rules/uint_cmp.h"

#include <string>

#include "rules/text_util.h"

namespace vigie::rules {
namespace {

std::optional<uint64_t> value_with_unit(std::string_view s) {
    s = trim(s);
    uint64_t mult = 1;
    auto ends = [&](std::string_view suf) { return s.size() > suf.size() && iequals(s.substr(s.size() - suf.size()), suf); };
    if (ends("kib") || ends("mib") || ends("gib")) {
        mult = ends("kib") ? 1024 : ends("mib") ? 1048576 : 1073741824;
        s.remove_suffix(3);
    } else if (ends("kb") || ends("mb") || ends("gb")) {
        mult = ends("kb") ? 1024 : ends("mb") ? 1048576 : 1073741824;
        s.remove_suffix(2);
    }
    auto v = parse_u64(s);
    if (!v || (mult > 1 && *v > UINT64_MAX / mult)) return std::nullopt;
    return *v * mult;
}

}  // namespace

Result<UintCmp> parse_uint_cmp(std::string_view text, uint64_t max) {
    std::string_view s = trim(text);
    UintCmp c;
    auto bad = [&]() { return make_error("invalid number comparison '" + std::string(s) + "'"); };
    auto too_big = [&](uint64_t v) { return make_error("value " + std::to_string(v) + " exceeds " + std::to_string(max)); };
    if (s.empty()) return bad();

    bool negated = false;
    if (s.substr(0, 2) == "!=") {
        c.op = UintCmp::Op::Ne;
        s.remove_prefix(2);
    } else if (s[0] == '!') {
        negated = true;
        c.op = UintCmp::Op::Ne;
        s.remove_prefix(1);
    } else if (s.substr(0, 2) == "<=") {
        c.op = UintCmp::Op::Le;
        s.remove_prefix(2);
    } else if (s.substr(0, 2) == ">=") {
        c.op = UintCmp::Op::Ge;
        s.remove_prefix(2);
    } else if (s[0] == '<') {
        c.op = UintCmp::Op::Lt;
        s.remove_prefix(1);
    } else if (s[0] == '>') {
        c.op = UintCmp::Op::Gt;
        s.remove_prefix(1);
    } else if (s[0] == '=') {
        s.remove_prefix(1);
    }
    s = trim(s);

    // ranges are only allowed without a comparison prefix (or with '!')
    bool prefix_op = c.op != UintCmp::Op::Eq && !negated;
    size_t sep = s.find("<>");
    size_t sep_len = 2;
    if (sep == std::string_view::npos) {
        sep = s.find('-', 1);
        sep_len = 1;
    }
    if (sep != std::string_view::npos && !prefix_op) {
        auto a = value_with_unit(s.substr(0, sep)), b = value_with_unit(s.substr(sep + sep_len));
        if (!a || !b) return bad();
        if (*a >= *b) return make_error("range '" + std::string(text) + "' is empty (min must be below max)");
        if (*b > max) return too_big(*b);
        c.op = negated ? UintCmp::Op::NotRange : UintCmp::Op::RangeExclusive;
        c.a = *a;
        c.b = *b;
        return c;
    }
    auto v = value_with_unit(s);
    if (!v) return bad();
    if (*v > max) return too_big(*v);
    c.a = *v;
    return c;
}

}  // namespace vigie::rules
