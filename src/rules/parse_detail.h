// Parser entry points below the public API, for tests and tooling (rules explain).
#pragma once
#include <string>
#include <string_view>

#include "common/result.h"
#include "rules/parser.h"

namespace vigie::rules {

// Parses and validates like parse_rule but does not reject a well-formed rule for needing
// an unavailable app-layer feature; `missing` receives that reason (empty when none).
Result<Rule> parse_rule_unchecked(std::string_view text, const ParseContext& ctx, std::string* missing);

}  // namespace vigie::rules
