// Lexer: cuts a rule into header fields and (name, value) options. No interpretation.
#pragma once
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigie::rules {

struct RawOption {
    std::string_view name;
    std::string_view value;  // trimmed; empty when !has_value
    bool has_value = false;
};

struct RawRule {
    std::vector<std::string_view> header;  // whitespace-separated; [..] lists kept whole
    std::vector<RawOption> options;
};

// Options are separated by ';' not escaped by '\' (quotes do not protect a ';').
Result<RawRule> split_rule(std::string_view text);

}  // namespace vigie::rules
