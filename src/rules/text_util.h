// Small text helpers shared by the rule parser: trimming, splitting, numbers.
// All parse helpers are total: they return nullopt instead of throwing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::rules {

std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_ci(std::string_view s, std::string_view prefix);

// Split on `sep`, trimming each piece; a separator inside "..." or after '\' does not split.
std::vector<std::string_view> split_args(std::string_view s, char sep = ',');

// Unsigned integer: decimal, or hex with 0x. `base0` also reads a leading 0 as octal (strtoull base 0).
std::optional<uint64_t> parse_u64(std::string_view s, bool base0 = false);
// Signed decimal (optional leading '-' or '+').
std::optional<int64_t> parse_i64(std::string_view s);

// A "..." argument: strips the quotes (required when `require_quotes`) and resolves the
// escapes \" \; \\ \: \, \|. Other escapes fail, or with `keep_unknown` stay as written
// (msg:"... \d ..." loads in Suricata).
std::optional<std::string> unquote(std::string_view s, bool require_quotes, bool keep_unknown = false);

}  // namespace vigie::rules
