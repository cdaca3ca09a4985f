// `vigie rules check`: parse and compile rule files, report accepted and rejected.
#pragma once
#include <string>
#include <vector>

#include "cli/config.h"

namespace vigie::cli {
int rules_check_command(const std::vector<std::string>& files, const RunConfig& cfg, bool show_groups, bool quiet);
}  // namespace vigie::cli
