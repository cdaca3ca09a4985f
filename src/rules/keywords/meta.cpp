// Meta keywords: identify and describe the rule; no detection meaning.
#include <limits>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"

namespace vigie::rules::kwfn {

Result<void> msg(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto s = unquote(arg, true, true);
    if (!s) return make_error("expected a quoted string");
    b.rule.msg = std::move(*s);
    return {};
}

namespace {
Result<uint32_t> u32_arg(std::string_view arg, uint32_t min) {
    auto v = parse_u64(arg);
    if (!v || *v < min || *v > std::numeric_limits<uint32_t>::max())
        return make_error("invalid number '" + std::string(arg) + "'");
    return uint32_t(*v);
}
}  // namespace

Result<void> sid(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.rule.sid != 0) return make_error("given twice");
    auto v = u32_arg(arg, 1);
    if (!v) return make_error(v.error());
    b.rule.sid = *v;
    return {};
}

Result<void> rev(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto v = u32_arg(arg, 0);
    if (!v) return make_error(v.error());
    b.rule.rev = *v;
    return {};
}

Result<void> gid(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto v = u32_arg(arg, 0);
    if (!v) return make_error(v.error());
    b.rule.gid = *v;
    return {};
}

Result<void> classtype(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (!b.rule.classtype.empty()) return make_error("given twice");
    std::string name(arg);
    auto it = b.ctx.classes->by_name.find(name);
    if (it == b.ctx.classes->by_name.end()) return make_error("unknown classtype '" + name + "'");
    b.rule.classtype = name;
    b.rule.category = it->second.description;
    if (!b.explicit_priority) b.rule.priority = it->second.priority;
    return {};
}

Result<void> priority(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto v = parse_u64(arg);
    if (!v || *v < 1 || *v > 255) return make_error("expected 1..255, got '" + std::string(arg) + "'");
    b.rule.priority = int(*v);
    b.explicit_priority = true;
    return {};
}

Result<void> reference(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    size_t comma = arg.find(',');
    if (comma == std::string_view::npos) return make_error("expected <type>,<value>");
    auto type = trim(arg.substr(0, comma)), value = trim(arg.substr(comma + 1));
    if (type.empty() || value.empty()) return make_error("expected <type>,<value>");
    b.rule.references.emplace_back(std::string(type), std::string(value));
    return {};
}

Result<void> metadata(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    for (auto item : split_args(arg)) {
        if (item.empty()) continue;  // ET writes "metadata:a b, , c d" rarely; Suricata tolerates it
        size_t sp = item.find_first_of(" \t");
        if (sp == std::string_view::npos) {
            b.rule.metadata.emplace_back(std::string(item), std::string());
        } else {
            b.rule.metadata.emplace_back(std::string(item.substr(0, sp)), std::string(trim(item.substr(sp))));
        }
    }
    return {};
}

Result<void> target(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (arg == "src_ip") b.rule.target = Rule::Target::Src;
    else if (arg == "dest_ip") b.rule.target = Rule::Target::Dst;
    else return make_error("expected src_ip or dest_ip");
    return {};
}

Result<void> prefilter(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    b.rule.prefilter_keyword = true;
    return {};
}

Result<void> noalert(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    b.rule.noalert = true;
    return {};
}

}  // namespace vigie::rules::kwfn
