// Renders a stats table for a person (aligned columns), for a spreadsheet (CSV,
// RFC 4180 quoting) or for a program (JSON array, one object per row).
#pragma once
#include <string>

#include "store/stats_query.h"

namespace vigie::cli {

std::string format_table(const store::StatsTable& t);
std::string format_csv(const store::StatsTable& t);
std::string format_json(const store::StatsTable& t);

}  // namespace vigie::cli
