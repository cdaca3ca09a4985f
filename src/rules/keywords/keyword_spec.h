// KeywordSpec: one row per rule keyword (registry.cpp, alphabetical). The parser looks a
// keyword up by name or alias, checks the argument presence flags, then calls `parse`.
// A parse function returns a reason without the keyword name; the parser prefixes it.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

#include "common/result.h"

namespace vigie::rules {

class RuleBuilder;
struct KeywordSpec;

using KeywordParseFn = Result<void> (*)(RuleBuilder&, const KeywordSpec&, std::string_view arg);

namespace kw {
enum Flags : uint32_t {
    kNoArg = 1u << 0,            // "nocase;" — an argument is an error
    kArgRequired = 1u << 1,      // "content:...;" — a missing argument is an error
    kStickyBuffer = 1u << 2,     // selects the buffer later payload keywords inspect
    kContentModifier = 1u << 3,  // applies to the previous content
    kAppLayer = 1u << 4,         // needs an app-layer parser (see buffer_registry.cpp)
    kTransform = 1u << 5,        // transforms the current sticky buffer
    kUnsupported = 1u << 6,      // known Suricata keyword that Vigie does not implement
};
}  // namespace kw

struct KeywordSpec {
    std::string_view name;     // canonical name (Suricata 7 spelling)
    std::string_view aliases;  // comma-separated other spellings
    std::string_view doc;      // page#anchor under https://docs.suricata.io/en/suricata-7.0.0/rules/
    KeywordParseFn parse;
    uint32_t flags;
    std::string_view target;   // legacy content modifiers and aliases: the buffer they select
};

const KeywordSpec* find_keyword(std::string_view name);
std::span<const KeywordSpec> keyword_table();

}  // namespace vigie::rules
