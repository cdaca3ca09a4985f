#include "rules/rule_builder.h"

#include <algorithm>
#include <cctype>

#include "rules/buffer_registry.h"
#include "rules/text_util.h"

namespace vigie::rules {

void RuleBuilder::select_buffer(std::string_view name, uint8_t side) {
    current_buffer = std::string(name);
    current_transforms.clear();
    current_side = side;
    sticky_used = true;
}

int RuleBuilder::list_index(const std::string& buffer, const std::vector<std::string>& transforms, uint8_t side) {
    for (size_t i = 0; i < rule.buffers.size(); ++i)
        if (rule.buffers[i].buffer == buffer && rule.buffers[i].transforms == transforms &&
            rule.buffers[i].side == side)
            return int(i);
    BufferMatches m{buffer, transforms, {}};
    m.side = side;
    rule.buffers.push_back(std::move(m));
    return int(rule.buffers.size() - 1);
}

BufferMatches& RuleBuilder::current_list() {
    return rule.buffers[list_index(current_buffer, current_transforms, current_side)];
}

MatchRef RuleBuilder::add_match(PayloadMatch m) {
    bool is_content = std::holds_alternative<Content>(m);
    int b = list_index(current_buffer, current_transforms, current_side);
    rule.buffers[b].matches.push_back(std::move(m));
    MatchRef ref{b, int(rule.buffers[b].matches.size() - 1)};
    last_match = ref;
    if (is_content) last_content = ref;
    return ref;
}

Content* RuleBuilder::content_at(MatchRef ref) {
    if (!ref.valid()) return nullptr;
    return std::get_if<Content>(&at(ref));
}

Result<void> RuleBuilder::move_last_content(std::string_view name) {
    if (!last_content.valid()) return make_error("needs a preceding content");
    auto& from = rule.buffers[last_content.buffer];
    if (from.buffer != "payload")
        return make_error("cannot apply to a content already in sticky buffer " + from.buffer);
    PayloadMatch m = std::move(from.matches[last_content.index]);
    from.matches.erase(from.matches.begin() + last_content.index);
    // The payload list shrank: references after the removed element shift down.
    if (last_match.buffer == last_content.buffer && last_match.index > last_content.index) --last_match.index;
    int b = list_index(std::string(name), {});
    rule.buffers[b].matches.push_back(std::move(m));
    last_content = {b, int(rule.buffers[b].matches.size() - 1)};
    last_match = last_content;
    return {};
}

void RuleBuilder::need(std::string_view feature_name, FeatureKind kind) {
    const Feature* f = find_feature(feature_name, kind);
    if (f == nullptr || f->available) return;
    std::string reason = unavailable_reason(*f);
    if (std::find(needs.begin(), needs.end(), reason) == needs.end()) needs.push_back(std::move(reason));
}

std::optional<int> RuleBuilder::find_var(std::string_view name) const {
    for (size_t i = 0; i < rule.variables.size(); ++i)
        if (rule.variables[i] == name) return int(i);
    return std::nullopt;
}

Result<int8_t> RuleBuilder::define_var(std::string_view name) {
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
        return make_error("invalid variable name '" + std::string(name) + "'");
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-')
            return make_error("invalid variable name '" + std::string(name) + "'");
    if (find_var(name)) return make_error("variable '" + std::string(name) + "' defined twice");
    if (rule.variables.size() >= 64) return make_error("too many byte_extract/byte_math variables");
    rule.variables.emplace_back(name);
    return int8_t(rule.variables.size() - 1);
}

Result<IntOrVar> RuleBuilder::int_or_var(std::string_view text, int64_t min, int64_t max,
                                         std::string_view what) const {
    text = trim(text);
    IntOrVar out;
    if (auto v = parse_i64(text)) {
        if (*v < min || *v > max)
            return make_error(std::string(what) + " " + std::to_string(*v) + " out of range " +
                              std::to_string(min) + ".." + std::to_string(max));
        out.value = *v;
        return out;
    }
    if (!text.empty() && (std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) {
        auto idx = find_var(text);
        if (!idx) return make_error(std::string(what) + ": unknown variable '" + std::string(text) + "'");
        out.var = int8_t(*idx);
        return out;
    }
    return make_error(std::string(what) + ": invalid value '" + std::string(text) + "'");
}

}  // namespace vigie::rules
