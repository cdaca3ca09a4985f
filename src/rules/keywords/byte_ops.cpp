// byte_test, byte_jump, byte_extract, byte_math: read a number from the buffer.
// They share number conversion options (string/hex/dec/oct, big/little/dce, bitmask).
// nbytes limits follow Suricata 7: binary reads up to 8 bytes (byte_math 4); string reads
// up to 23 (byte_test), 32 (byte_jump), 14/20/23 for hex/dec/oct (byte_extract), 10 (byte_math).
#include <limits>
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"

namespace vigie::rules::kwfn {
namespace {

constexpr int64_t kMaxOffset = 65535;

// Options common to the byte_* keywords, read from the trailing comma-separated items.
struct Conversion {
    Endian endian = Endian::Big;
    bool endian_given = false;
    bool string = false;
    std::optional<NumBase> base;
    bool relative = false;
    std::optional<uint64_t> bitmask;

    NumBase final_base() const { return string ? base.value_or(NumBase::Dec) : NumBase::Binary; }
};

// Returns true when `item` was a conversion option; an error when it was malformed.
Result<bool> conversion_option(Conversion& c, std::string_view item) {
    if (item == "relative") c.relative = true;
    else if (item == "big" || item == "little" || item == "dce") {
        if (c.endian_given) return make_error("endianness given twice");
        c.endian = item == "big" ? Endian::Big : item == "little" ? Endian::Little : Endian::Dce;
        c.endian_given = true;
    } else if (item == "string") c.string = true;
    else if (item == "hex" || item == "dec" || item == "oct") {
        if (c.base) return make_error("number base given twice");
        c.base = item == "hex" ? NumBase::Hex : item == "dec" ? NumBase::Dec : NumBase::Oct;
    } else if (starts_with_ci(item, "bitmask")) {
        auto v = parse_u64(item.substr(7), true);
        if (!v || *v == 0) return make_error("invalid bitmask '" + std::string(item) + "'");
        c.bitmask = *v;
    } else {
        return false;
    }
    return true;
}

Result<void> check_conversion(const Conversion& c) {
    if (c.base && !c.string) return make_error("hex/dec/oct need 'string'");
    if (c.string && c.endian_given) return make_error("'string' cannot be combined with big/little/dce");
    return {};
}

Result<uint8_t> nbytes_arg(std::string_view text, const Conversion& c, uint64_t max_binary, uint64_t max_string) {
    auto n = parse_u64(text);
    uint64_t max = c.string ? max_string : max_binary;
    if (!n || *n < 1 || *n > max)
        return make_error("nbytes must be 1.." + std::to_string(max) + (c.string ? " with string" : "") +
                          ", got '" + std::string(text) + "'");
    return uint8_t(*n);
}

// "name value" pair such as "multiplier 4"; returns the value when `item` starts with `name`.
std::optional<std::string_view> named(std::string_view item, std::string_view name) {
    if (item.size() > name.size() && item.substr(0, name.size()) == name &&
        (item[name.size()] == ' ' || item[name.size()] == '\t'))
        return trim(item.substr(name.size()));
    return std::nullopt;
}

}  // namespace

Result<void> byte_test(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() < 4) return make_error("expected <nbytes>,<op>,<value>,<offset>[,options]");
    ByteTest t;
    Conversion c;
    for (size_t i = 4; i < items.size(); ++i) {
        auto r = conversion_option(c, items[i]);
        if (!r) return make_error(r.error());
        if (!*r) return make_error("unknown option '" + std::string(items[i]) + "'");
    }
    if (auto r = check_conversion(c); !r) return r;
    // Suricata 7: nbytes 0 with string converts the whole (sticky) buffer
    auto n = c.string && parse_u64(items[0]) == 0u ? Result<uint8_t>(uint8_t(0)) : nbytes_arg(items[0], c, 8, 23);
    if (!n) return make_error(n.error());
    t.nbytes = *n;

    std::string_view op = items[1];
    if (!op.empty() && op[0] == '!') {
        t.op_negated = true;
        op = trim(op.substr(1));
        if (op.empty()) op = "=";  // "!" alone means "not equal"
    }
    if (op != "<" && op != ">" && op != "=" && op != "<=" && op != ">=" && op != "&" && op != "^")
        return make_error("unknown operator '" + std::string(items[1]) + "'");
    t.op = std::string(op);

    if (auto v = parse_u64(items[2], true)) {
        if (*v > uint64_t(std::numeric_limits<int64_t>::max())) return make_error("value too large");
        t.value.value = int64_t(*v);
    } else {
        auto var = b.int_or_var(items[2], 0, 0, "value");
        if (!var) return make_error(var.error());
        t.value = *var;
    }
    auto off = b.int_or_var(items[3], -kMaxOffset, kMaxOffset, "offset");
    if (!off) return make_error(off.error());
    t.offset = *off;
    t.relative = c.relative;
    t.endian = c.endian;
    t.base = c.final_base();
    t.bitmask = c.bitmask;
    b.add_match(std::move(t));
    return {};
}

Result<void> byte_jump(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() < 2) return make_error("expected <nbytes>,<offset>[,options]");
    ByteJump j;
    Conversion c;
    for (size_t i = 2; i < items.size(); ++i) {
        auto item = items[i];
        auto r = conversion_option(c, item);
        if (!r) return make_error(r.error());
        if (*r) continue;
        if (item == "align") j.align = true;
        else if (item == "from_beginning") j.from_beginning = true;
        else if (item == "from_end") j.from_end = true;
        else if (auto m = named(item, "multiplier")) {
            auto v = parse_u64(*m);
            if (!v || *v < 1 || *v > 65535) return make_error("multiplier must be 1..65535");
            j.multiplier = int64_t(*v);
        } else if (auto p = named(item, "post_offset")) {
            auto v = parse_i64(*p);
            if (!v || *v < -kMaxOffset || *v > kMaxOffset) return make_error("invalid post_offset");
            j.post_offset = *v;
        } else {
            return make_error("unknown option '" + std::string(item) + "'");
        }
    }
    if (auto r = check_conversion(c); !r) return r;
    if (j.from_beginning && j.from_end) return make_error("from_beginning and from_end are exclusive");
    auto n = nbytes_arg(items[0], c, 8, 32);
    if (!n) return make_error(n.error());
    j.nbytes = *n;
    auto off = b.int_or_var(items[1], -kMaxOffset, kMaxOffset, "offset");
    if (!off) return make_error(off.error());
    j.offset = *off;
    j.relative = c.relative;
    j.endian = c.endian;
    j.base = c.final_base();
    j.bitmask = c.bitmask;
    b.add_match(std::move(j));
    return {};
}

Result<void> byte_extract(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() < 3) return make_error("expected <nbytes>,<offset>,<name>[,options]");
    ByteExtract e;
    Conversion c;
    for (size_t i = 3; i < items.size(); ++i) {
        auto item = items[i];
        auto r = conversion_option(c, item);
        if (!r) return make_error(r.error());
        if (*r) continue;
        if (auto a = named(item, "align")) {
            if (*a != "2" && *a != "4") return make_error("align must be 2 or 4");
            e.align = uint8_t((*a)[0] - '0');
        } else if (auto m = named(item, "multiplier")) {
            auto v = parse_u64(*m);
            if (!v || *v < 1 || *v > 65535) return make_error("multiplier must be 1..65535");
            e.multiplier = int64_t(*v);
        } else {
            return make_error("unknown option '" + std::string(item) + "'");
        }
    }
    if (auto r = check_conversion(c); !r) return r;
    NumBase base = c.final_base();
    uint64_t max_string = base == NumBase::Hex ? 14 : base == NumBase::Dec ? 20 : 23;
    auto n = nbytes_arg(items[0], c, 8, max_string);
    if (!n) return make_error(n.error());
    e.nbytes = *n;
    auto off = parse_i64(items[1]);
    if (!off || *off < -kMaxOffset || *off > kMaxOffset) return make_error("invalid offset '" + std::string(items[1]) + "'");
    e.offset = *off;
    auto var = b.define_var(items[2]);
    if (!var) return make_error(var.error());
    e.var = *var;
    e.relative = c.relative;
    e.endian = c.endian;
    e.base = base;
    e.bitmask = c.bitmask;
    b.add_match(std::move(e));
    return {};
}

Result<void> byte_math(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    ByteMath m;
    Conversion c;
    std::optional<std::string_view> nbytes, offset, oper, rvalue, result;
    for (auto item : split_args(arg)) {
        if (auto v = named(item, "bytes")) nbytes = v;
        else if (auto v = named(item, "offset")) offset = v;
        else if (auto v = named(item, "oper")) oper = v;
        else if (auto v = named(item, "rvalue")) rvalue = v;
        else if (auto v = named(item, "result")) result = v;
        else if (auto v = named(item, "endian")) {
            auto r = conversion_option(c, *v);
            if (!r || !*r || *v == "relative" || *v == "string") return make_error("invalid endian '" + std::string(*v) + "'");
        } else if (auto v = named(item, "string")) {
            c.string = true;
            auto r = conversion_option(c, *v);
            if (!r || !*r || !c.base) return make_error("string needs hex, dec or oct");
        } else {
            auto r = conversion_option(c, item);
            if (!r) return make_error(r.error());
            if (!*r || item == "string") return make_error("unknown option '" + std::string(item) + "'");
        }
    }
    if (!nbytes || !offset || !oper || !rvalue || !result)
        return make_error("needs bytes, offset, oper, rvalue and result");
    if (auto r = check_conversion(c); !r) return r;
    auto n = nbytes_arg(*nbytes, c, 4, 10);
    if (!n) return make_error(n.error());
    m.nbytes = *n;
    auto off = b.int_or_var(*offset, -kMaxOffset, kMaxOffset, "offset");
    if (!off) return make_error(off.error());
    m.offset = *off;
    if (*oper == "+" || *oper == "-" || *oper == "*" || *oper == "/") m.oper = (*oper)[0];
    else if (*oper == "<<") m.oper = '<';
    else if (*oper == ">>") m.oper = '>';
    else return make_error("oper must be one of + - * / << >>");
    if (auto v = parse_u64(*rvalue, true)) {
        if (*v == 0 && m.oper == '/') return make_error("division by zero");
        if (*v > std::numeric_limits<uint32_t>::max()) return make_error("rvalue too large");
        m.rvalue.value = int64_t(*v);
    } else {
        auto var = b.int_or_var(*rvalue, 0, 0, "rvalue");
        if (!var) return make_error(var.error());
        m.rvalue = *var;
    }
    auto var = b.define_var(*result);
    if (!var) return make_error(var.error());
    m.result_var = *var;
    m.relative = c.relative;
    m.endian = c.endian;
    m.base = c.final_base();
    m.bitmask = c.bitmask;
    b.add_match(std::move(m));
    return {};
}

}  // namespace vigie::rules::kwfn
