// The filters the report and the dashboard apply across every view (time range,
// attacker country, target sector, signature, campaign), turned into one SQL
// condition with bound parameters: values from a URL never reach the SQL text.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite_db.h"

namespace vigie::store {

struct AlertFilter {
    std::optional<int64_t> since_us, until_us;  // UTC microseconds; until exclusive
    std::optional<std::string> country;         // attacker_country, e.g. "FR", "private"
    std::optional<std::string> sector;          // target_sector
    std::optional<std::string> signature;       // exact signature text
    std::optional<int64_t> campaign_id;         // needs the campaigns tables (schema 2)

    bool empty() const { return !since_us && !until_us && !country && !sector && !signature && !campaign_id; }
};

// " AND ..." conditions over the alerts table (columns prefixed with `alias.` when
// given) and the values for their `?` placeholders, in order.
struct SqlWhere {
    std::string sql;
    std::vector<std::variant<int64_t, std::string>> params;
    // Binds the values to placeholders first, first+1, ...
    void bind(Stmt& st, int first = 1) const;
};

// `has_campaigns`: whether the store has alerts.incident_id and the incidents table;
// without them a campaign filter matches no alert (there are no campaigns yet).
SqlWhere where_clause(const AlertFilter& f, bool has_campaigns, const std::string& alias = "");

// " NOT INDEXED" for a query that aggregates every alert (no filter), else "". The
// planner has no statistics (readers cannot ANALYZE a read-only store) and walks the
// month or country index, fetching each row at random: on 1M alerts a plain scan
// was 2-3x faster (series by sector 6.8 s -> 2.6 s, docs/dashboard.md).
const char* whole_table_hint(const AlertFilter& f);

}  // namespace vigie::store
