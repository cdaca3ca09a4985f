// Exact alert counts grouped by one dimension, optionally within [since, until).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::store {

// The --by names, as the CLI spells them.
inline constexpr const char* kStatsDimensions[] = {"source-country", "source-asn", "target-sector", "target-org",
                                                   "signature",      "campaign",   "month"};

struct StatsCell {
    bool is_int = false;
    int64_t i = 0;
    std::string s;
};

struct StatsTable {
    std::vector<std::string> columns;  // first: the key (--by with '_'), last: "alerts"
    std::vector<std::vector<StatsCell>> rows;
};

struct StatsQuery {
    std::string by;
    std::optional<int64_t> since_us, until_us;  // UTC microseconds; until exclusive
    AlertFilter where{};  // further conditions (the dashboard's filters); since_us/until_us above win
};

Result<StatsTable> run_stats(Db& db, const StatsQuery& q);

// "2024", "2024-03", "2024-03-01", "2024-03-01T12:00:00[Z|+hhmm]" or epoch seconds
// -> UTC microseconds.
std::optional<int64_t> parse_time_bound(const std::string& text);

}  // namespace vigie::store
