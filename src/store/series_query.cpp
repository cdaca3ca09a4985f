#include "store/series_query.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "store/schema_info.h"

namespace vigie::store {

namespace {

const char* key_expr(const std::string& by) {
    if (by == "target-sector") return "target_sector";
    if (by == "source-country") return "attacker_country";
    if (by == "signature") return "signature";
    return nullptr;
}

}  // namespace

std::string next_month(const std::string& month) {
    int y = 0, m = 0;
    if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2) return month;
    if (++m > 12) {
        m = 1;
        ++y;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    return buf;
}

Result<MonthlySeries> monthly_series(Db& db, const std::string& by, const AlertFilter& f, int top) {
    const char* key = key_expr(by);
    if (!key) {
        std::string names;
        for (const char* n : kSeriesDimensions) names += std::string(names.empty() ? "" : ", ") + n;
        return make_error("unknown series '" + by + "' (one of: " + names + ")");
    }
    const SqlWhere w = where_clause(f, f.campaign_id && has_campaigns(db));
    auto st = db.prepare(std::string("SELECT month, ") + key + ", COUNT(*) FROM alerts" + whole_table_hint(f) +
                         " WHERE 1" + w.sql + " GROUP BY 1, 2 ORDER BY 1");
    if (!st) return make_error(st.error());
    w.bind(*st);
    std::map<std::string, std::map<std::string, int64_t>> by_key;  // key -> month -> alerts
    std::string first, last;
    for (;;) {
        auto row = st->step();
        if (!row) return make_error(row.error());
        if (!*row) break;
        const std::string month = st->text(0);
        by_key[st->text(1)][month] += st->int64(2);
        if (first.empty() || month < first) first = month;
        if (last.empty() || month > last) last = month;
    }
    MonthlySeries s;
    s.by = by;
    if (by_key.empty()) return s;
    // A month string that is not YYYY-MM would stop next_month: bound the walk.
    for (std::string m = first; s.months.size() < 100000; m = next_month(m)) {
        s.months.push_back(m);
        if (m >= last || next_month(m) == m) break;
    }
    for (const auto& [k, per_month] : by_key) {
        SeriesLine line{k, 0, std::vector<int64_t>(s.months.size(), 0)};
        for (const auto& [m, n] : per_month) {
            auto it = std::lower_bound(s.months.begin(), s.months.end(), m);
            if (it != s.months.end() && *it == m) line.counts[static_cast<size_t>(it - s.months.begin())] += n;
            line.total += n;
        }
        s.lines.push_back(std::move(line));
    }
    std::stable_sort(s.lines.begin(), s.lines.end(), [](const SeriesLine& a, const SeriesLine& b) {
        return a.total > b.total;
    });
    if (top > 0 && s.lines.size() > static_cast<size_t>(top)) {
        SeriesLine other{"(other)", 0, std::vector<int64_t>(s.months.size(), 0)};
        for (size_t i = static_cast<size_t>(top); i < s.lines.size(); ++i) {
            for (size_t m = 0; m < s.months.size(); ++m) other.counts[m] += s.lines[i].counts[m];
            other.total += s.lines[i].total;
            ++s.folded;
        }
        s.lines.resize(static_cast<size_t>(top));
        s.lines.push_back(std::move(other));
    }
    return s;
}

}  // namespace vigie::store
