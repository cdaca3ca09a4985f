// `vigie report`: one self-contained HTML file with the four figures, their data
// embedded, and after them the alerts behind each bar (with evidence ids) as plain
// HTML tables a bar or a key links to. Opens offline; no script needed to read the
// tables.
#pragma once
#include <string>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::web {

struct ReportOptions {
    std::string store_name;    // shown in the header (the --db path)
    std::string generated_at;  // shown in the header; empty: now (UTC)
    store::AlertFilter filter;
    int countries = 20;        // bars in the country figure
    int signatures = 10;
    int campaigns = 15;
    int alerts_per_item = 50;  // rows in each evidence table (the total is always stated)
};

Result<std::string> build_report(store::Db& db, const ReportOptions& o);

}  // namespace vigie::web
