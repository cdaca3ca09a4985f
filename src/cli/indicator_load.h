// The indicators a run detects with: those in the store (`run --db`: every
// indicator not revoked) and those of files given with `--indicators` (read
// directly, as `intel import` would). Converted here, in the CLI, into detection's
// plain input, so src/detect never depends on src/intel.
#pragma once
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/indicator_set.h"

namespace vigie::cli {

struct IndicatorLoad {
    std::unique_ptr<detect::IndicatorSet> set;  // null when there is nothing to load
    uint64_t from_db = 0, from_files = 0;       // observables read
    double seconds = 0;                          // reading + building the lookup structures
};

// `db_path` may name a database that does not exist yet (nothing loaded from it).
// Problems with single objects are reported on `diag` and skipped; an unreadable
// file or database is an error.
Result<IndicatorLoad> load_run_indicators(const std::string& db_path, const std::vector<std::string>& files,
                                          std::FILE* diag);

}  // namespace vigie::cli
