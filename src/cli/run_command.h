// `vigie run`: capture -> decode -> flow -> detect -> EVE, on one or more workers.
#pragma once
#include "cli/config.h"

namespace vigie::cli {
// Returns the process exit code (0 success, including a truncated capture read up
// to the damage; 1 on a fatal input or output error).
int run_command(const RunConfig& cfg);
}  // namespace vigie::cli
