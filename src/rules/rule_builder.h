// RuleBuilder: the mutable state of parse_rule while options are read left to right.
// Keyword parse functions (keywords/*.cpp) receive it; nothing outside the parser sees it.
//
// Invariants:
//  - payload matches are appended to the "current list": the buffer chosen by the last
//    sticky-buffer keyword (initially "payload"), with the transforms given after it;
//    one BufferMatches exists per (buffer, transforms) pair, created on first use;
//  - `last_content` locates the Content that modifiers (nocase, depth, ...) apply to;
//  - app-layer needs are collected, not returned at once, so a syntax error later in the
//    rule still wins (the rule is wrong, not merely unsupported).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "rules/buffer_registry.h"
#include "rules/parser.h"
#include "rules/rule.h"

namespace vigie::rules {

struct MatchRef {
    int buffer = -1;  // index into Rule::buffers
    int index = -1;   // index into BufferMatches::matches
    bool valid() const { return buffer >= 0; }
};

class RuleBuilder {
public:
    RuleBuilder(Rule& r, const ParseContext& c) : rule(r), ctx(c) {}

    Rule& rule;
    const ParseContext& ctx;

    std::string current_buffer = "payload";
    std::vector<std::string> current_transforms;
    uint8_t current_side = 0;            // BufferMatches::side of the current list
    bool sticky_used = false;            // a sticky buffer keyword was seen
    MatchRef last_content;
    MatchRef last_match;                 // last payload match of any kind
    bool explicit_priority = false;
    std::vector<std::string> needs;      // unavailable features, in rule order

    // Switch the current list (sticky buffer keyword; "payload" for pkt_data).
    void select_buffer(std::string_view name, uint8_t side = 0);
    // The current list, created if needed (absent applies to it without a match).
    BufferMatches& current_list();
    // Append to the current list and return a reference to it.
    MatchRef add_match(PayloadMatch m);
    PayloadMatch& at(MatchRef ref) { return rule.buffers[ref.buffer].matches[ref.index]; }
    Content* content_at(MatchRef ref);
    // Move the last content into buffer `name` (legacy modifiers such as http_uri).
    Result<void> move_last_content(std::string_view name);

    // Record that the rule needs a feature; unavailable ones reject the rule at the end.
    void need(std::string_view feature_name, FeatureKind kind);

    // byte_extract / byte_math variables
    std::optional<int> find_var(std::string_view name) const;
    Result<int8_t> define_var(std::string_view name);
    // A number in [min, max] or the name of a defined variable.
    Result<IntOrVar> int_or_var(std::string_view text, int64_t min, int64_t max, std::string_view what) const;

private:
    int list_index(const std::string& buffer, const std::vector<std::string>& transforms, uint8_t side = 0);
};

}  // namespace vigie::rules
