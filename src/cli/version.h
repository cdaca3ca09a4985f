#pragma once
#include <string_view>

namespace vigie::cli {
inline constexpr std::string_view kVersionString = "vigie 0.1.0";
inline constexpr std::string_view kEngineVersion = "0.1.0";
}  // namespace vigie::cli
