#include "store/stats_query.h"

#include <algorithm>
#include <charconv>

#include "store/eve_alert.h"
#include "store/schema_info.h"

namespace vigie::store {

namespace {

struct Dimension {
    const char* by;
    const char* select;    // key expression, then extra columns
    const char* group;
    const char* order;
    std::vector<std::string> columns;
    std::vector<bool> int_cols;  // per selected column before the count
    const char* from = "alerts";
};

// Alerts -> their incident -> its campaign; alerts in no campaign (or not grouped yet) count as "none".
constexpr const char* kCampaignFrom =
    "alerts LEFT JOIN incidents i ON i.id = alerts.incident_id LEFT JOIN campaigns c ON c.id = i.campaign_id";

const Dimension* find_dimension(const std::string& by) {
    static const Dimension dims[] = {
        {"source-country", "attacker_country, MAX(attacker_country_name)", "attacker_country",
         "alerts DESC, 1", {"source_country", "country_name"}, {false, false}},
        {"source-asn",
         "CASE WHEN attacker_asn IS NOT NULL THEN 'AS' || attacker_asn "
         "WHEN attacker_country IN ('private', 'reserved') THEN attacker_country ELSE 'unknown' END, "
         "MAX(attacker_as_org)",
         "1", "alerts DESC, 1", {"source_asn", "as_org"}, {false, false}},
        {"target-sector", "target_sector", "target_sector", "alerts DESC, 1", {"target_sector"}, {false}},
        {"target-org", "target_org, MAX(target_sector)", "target_org", "alerts DESC, 1",
         {"target_org", "target_sector"}, {false, false}},
        {"signature", "signature, gid, sid", "gid, sid, signature", "alerts DESC, 3, 2",
         {"signature", "gid", "sid"}, {false, true, true}},
        {"campaign",
         "CASE WHEN c.id IS NULL THEN 'none' ELSE '#' || c.id || ' ' || c.label END, COALESCE(c.id, 0)", "1, 2",
         "alerts DESC, 2", {"campaign", "campaign_id"}, {false, true}, kCampaignFrom},
        {"month", "month", "month", "1", {"month"}, {false}},
    };
    for (const auto& d : dims)
        if (by == d.by) return &d;
    return nullptr;
}

}  // namespace

std::optional<int64_t> parse_time_bound(const std::string& t) {
    if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) && t.size() != 4) {
        int64_t s = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), s);
        if (ec != std::errc()) return std::nullopt;
        return s * 1000000;
    }
    std::string full = t;
    if (full.size() == 4) full += "-01";
    if (full.size() == 7) full += "-01";
    if (full.size() == 10) full += "T00:00:00Z";
    else if (full.size() == 19) full += "Z";
    return parse_eve_time(full);
}

Result<StatsTable> run_stats(Db& db, const StatsQuery& q) {
    const Dimension* d = find_dimension(q.by);
    if (!d) {
        std::string names;
        for (const char* n : kStatsDimensions) names += std::string(names.empty() ? "" : ", ") + n;
        return make_error("unknown --by '" + q.by + "' (one of: " + names + ")");
    }
    AlertFilter f = q.where;
    if (q.since_us) f.since_us = q.since_us;
    if (q.until_us) f.until_us = q.until_us;
    // Qualified columns: the campaign dimension joins incidents, which has target_sector too.
    const SqlWhere w = where_clause(f, f.campaign_id && has_campaigns(db), "alerts");
    std::string sql =
        std::string("SELECT ") + d->select + ", COUNT(*) AS alerts FROM " + d->from + " WHERE 1" + w.sql;
    sql += std::string(" GROUP BY ") + d->group + " ORDER BY " + d->order;
    auto st = db.prepare(sql);
    if (!st) return make_error(st.error());
    w.bind(*st);
    StatsTable t;
    t.columns = d->columns;
    t.columns.push_back("alerts");
    const int n = static_cast<int>(d->columns.size());
    for (;;) {
        auto row = st->step();
        if (!row) return make_error(row.error());
        if (!*row) break;
        std::vector<StatsCell> cells;
        for (int c = 0; c < n; ++c) {
            StatsCell cell;
            if (d->int_cols[static_cast<size_t>(c)]) {
                cell.is_int = true;
                cell.i = st->int64(c);
            } else {
                cell.s = st->text(c);
            }
            cells.push_back(std::move(cell));
        }
        cells.push_back({true, st->int64(n), {}});
        t.rows.push_back(std::move(cells));
    }
    return t;
}

}  // namespace vigie::store
