// Alert counts per month for each value of one dimension (e.g. target sector): the
// "by sector over time" figure. Months run without gaps from the first to the last
// month with alerts, so a quiet month shows as 0 rather than disappearing.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::store {

inline constexpr const char* kSeriesDimensions[] = {"target-sector", "source-country", "signature"};

struct SeriesLine {
    std::string key;
    int64_t total = 0;
    std::vector<int64_t> counts;  // one per MonthlySeries::months
};

struct MonthlySeries {
    std::string by;
    std::vector<std::string> months;  // "YYYY-MM", ascending, contiguous
    std::vector<SeriesLine> lines;    // by total, descending, then key
    int64_t folded = 0;               // keys beyond `top` summed into a last line "(other)"
};

// `top` > 0 keeps that many keys and sums the rest into one "(other)" line.
Result<MonthlySeries> monthly_series(Db& db, const std::string& by, const AlertFilter& f, int top = 0);

// "2024-11" -> "2024-12"; "2024-12" -> "2025-01".
std::string next_month(const std::string& month);

}  // namespace vigie::store
