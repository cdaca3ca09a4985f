#include "store/stats_query.h"

#include <algorithm>
#include <charconv>

#include "store/eve_alert.h"
#include "store/schema_info.h"

namespace vigie::store {

namespace {

enum class Source {
    Alerts,     // GROUP BY over the alerts in range
    DayCounts,  // alert_day_counts for whole days, alerts for the partial days at the bounds
    Incidents,  // incidents' alert counts, alerts only for incidents cut by a bound
};

struct Dimension {
    const char* by;
    const char* select;    // key expression, then extra columns
    const char* group;
    const char* order;
    std::vector<std::string> columns;
    std::vector<bool> int_cols;  // per selected column before the count
    const char* from = "alerts";
    Source source = Source::Alerts;  // when no filter but time bounds
    const char* row_select = "";     // DayCounts: key, extra of one alert row
};

// Alerts -> their incident -> its campaign; alerts in no campaign (or not grouped yet) count as "none".
constexpr const char* kCampaignFrom =
    "alerts LEFT JOIN incidents i ON i.id = alerts.incident_id LEFT JOIN campaigns c ON c.id = i.campaign_id";

const Dimension* find_dimension(const std::string& by) {
    static const Dimension dims[] = {
        {"source-country", "attacker_country, MAX(attacker_country_name)", "attacker_country", "alerts DESC, 1",
         {"source_country", "country_name"}, {false, false}, "alerts", Source::DayCounts,
         "attacker_country, COALESCE(attacker_country_name, '')"},
        {"source-asn",
         "CASE WHEN attacker_asn IS NOT NULL THEN 'AS' || attacker_asn "
         "WHEN attacker_country IN ('private', 'reserved') THEN attacker_country ELSE 'unknown' END, "
         "MAX(attacker_as_org)",
         "1", "alerts DESC, 1", {"source_asn", "as_org"}, {false, false}},
        {"target-sector", "target_sector", "target_sector", "alerts DESC, 1", {"target_sector"}, {false}, "alerts",
         Source::DayCounts, "target_sector, ''"},
        {"target-org", "target_org, MAX(target_sector)", "target_org", "alerts DESC, 1",
         {"target_org", "target_sector"}, {false, false}},
        {"signature", "signature, gid, sid", "gid, sid, signature", "alerts DESC, 3, 2",
         {"signature", "gid", "sid"}, {false, true, true}},
        {"campaign",
         "CASE WHEN c.id IS NULL THEN 'none' ELSE '#' || c.id || ' ' || c.label END, COALESCE(c.id, 0)", "1, 2",
         "alerts DESC, 2", {"campaign", "campaign_id"}, {false, true}, kCampaignFrom, Source::Incidents},
        {"month", "month", "month", "1", {"month"}, {false}, "alerts", Source::DayCounts, "month, ''"},
    };
    for (const auto& d : dims)
        if (by == d.by) return &d;
    return nullptr;
}

constexpr int64_t kDayUs = 86400LL * 1000000;

int64_t floor_day(int64_t us) { return us / kDayUs - (us % kDayUs < 0 ? 1 : 0); }

// ?1 since, ?2 until (open bounds as the extreme values); for day counts, ?3 ?4 the
// whole days [first, end) inside the range, ?5 ?6 and ?7 ?8 the partial days before
// and after them (empty ranges when the bounds fall on midnight or are open).
void bind_bounds(Stmt& st, const StatsQuery& q, Source source) {
    const int64_t since = q.since_us.value_or(INT64_MIN), until = q.until_us.value_or(INT64_MAX);
    st.bind(1, since);
    st.bind(2, until);
    if (source != Source::DayCounts) return;
    int64_t d0 = q.since_us ? floor_day(since - 1) + 1 : INT64_MIN / kDayUs;  // first whole day
    int64_t d1 = q.until_us ? floor_day(until) : INT64_MAX / kDayUs;          // end of the whole days
    if (d0 >= d1) {  // no whole day: everything from the alerts
        st.bind(3, int64_t{0});
        st.bind(4, int64_t{0});
        st.bind(5, since);
        st.bind(6, until);
        st.bind(7, int64_t{0});
        st.bind(8, int64_t{0});
        return;
    }
    st.bind(3, d0);
    st.bind(4, d1);
    st.bind(5, since);
    st.bind(6, q.since_us ? d0 * kDayUs : since);
    st.bind(7, q.until_us ? d1 * kDayUs : until);
    st.bind(8, until);
}

std::string stats_sql(const Dimension& d, const StatsQuery& q) {
    if (d.source == Source::DayCounts)
        return std::string("SELECT key, ") + (d.columns.size() > 1 ? "MAX(extra), " : "") + "SUM(n) AS alerts FROM (" +
               "SELECT key, extra, alerts AS n FROM alert_day_counts WHERE dimension = '" + d.by +
               "' AND day >= ?3 AND day < ?4 "
               "UNION ALL SELECT " + d.row_select + ", 1 FROM alerts WHERE ts >= ?5 AND ts < ?6 "
               "UNION ALL SELECT " + d.row_select + ", 1 FROM alerts WHERE ts >= ?7 AND ts < ?8) "
               "GROUP BY key HAVING SUM(n) > 0 ORDER BY " + d.order;
    if (d.source == Source::Incidents) {
        // Alerts -> their incident -> its campaign, from the incidents' counts: an
        // incident inside the range counts whole, one cut by a bound counts its
        // alerts in range, and alerts not grouped (yet) count as "none". Without
        // bounds no incident is cut: that part is left out.
        const bool bounded = q.since_us || q.until_us;
        return std::string(
                   "SELECT CASE WHEN c.id IS NULL THEN 'none' ELSE '#' || c.id || ' ' || c.label END, "
                   "COALESCE(c.id, 0), g.n AS alerts FROM (SELECT cid, SUM(n) AS n FROM ("
                   "SELECT campaign_id AS cid, alerts AS n FROM incidents WHERE first_seen >= ?1 AND last_seen < ?2 ") +
               (bounded ? "UNION ALL SELECT i.campaign_id, 1 FROM incidents i CROSS JOIN alerts a ON a.incident_id = i.id "
                          "WHERE i.first_seen < ?2 AND i.last_seen >= ?1 AND NOT (i.first_seen >= ?1 AND i.last_seen < ?2) "
                          "AND a.ts >= ?1 AND a.ts < ?2 "
                        : "") +
               "UNION ALL SELECT NULL, 1 FROM alerts WHERE incident_id IS NULL AND ts >= ?1 AND ts < ?2"
               // Summed per campaign id first: the label is joined to a few thousand rows, not every incident.
               ") GROUP BY cid HAVING SUM(n) > 0) g LEFT JOIN campaigns c ON c.id = g.cid ORDER BY " +
               d.order;
    }
    return {};  // Source::Alerts: run_stats builds it with the filters
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
    // Only time bounds: the daily counts or the incidents answer; any other filter
    // (the dashboard's country, sector, signature, campaign) needs the alerts.
    const bool only_time = !f.country && !f.sector && !f.signature && !f.campaign_id;
    const bool fast = only_time && d->source != Source::Alerts;
    StatsQuery tq;
    tq.by = q.by;
    tq.since_us = f.since_us;
    tq.until_us = f.until_us;
    // Qualified columns: the campaign dimension joins incidents, which has target_sector too.
    const SqlWhere w = where_clause(f, f.campaign_id && has_campaigns(db), "alerts");
    auto st = db.prepare(fast ? stats_sql(*d, tq)
                              : std::string("SELECT ") + d->select + ", COUNT(*) AS alerts FROM " + d->from +
                                    " WHERE 1" + w.sql + " GROUP BY " + d->group + " ORDER BY " + d->order);
    if (!st) return make_error(st.error());
    if (fast) bind_bounds(*st, tq, d->source);
    else w.bind(*st);
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
