// A stats table as JSON: an array with one object per row, each column under its
// name (the key under the --by name with '_' for '-', the count under "alerts").
// Shared by `vigie stats --format json` and the dashboard's /api/stats.
#pragma once
#include <nlohmann/json.hpp>

#include "store/stats_query.h"

namespace vigie::store {

nlohmann::ordered_json stats_rows_json(const StatsTable& t);

}  // namespace vigie::store
