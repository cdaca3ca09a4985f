#include "store/campaign_timeline.h"

#include "store/schema_info.h"

namespace vigie::store {

Result<CampaignTimeline> campaign_timeline(Db& db, const AlertFilter& f, int64_t limit) {
    CampaignTimeline out;
    if (!has_campaigns(db)) {
        out.note = "This store has no campaigns yet (schema version " + std::to_string(schema_version(db)) +
                   ": written before alerts were grouped into incidents and campaigns).";
        return out;
    }
    out.available = true;
    const SqlWhere w = where_clause(f, true, "a");
    auto st = db.prepare(
        "SELECT c.id, c.label, c.first_seen, c.last_seen, c.alerts, c.incidents, COUNT(a.id), MIN(a.ts), MAX(a.ts) "
        "FROM alerts a JOIN incidents i ON i.id = a.incident_id JOIN campaigns c ON c.id = i.campaign_id WHERE 1" +
        w.sql + " GROUP BY c.id ORDER BY COUNT(a.id) DESC, c.id LIMIT ?");
    if (!st) return make_error(st.error());
    w.bind(*st);
    st->bind(static_cast<int>(w.params.size()) + 1, limit);
    for (;;) {
        auto row = st->step();
        if (!row) return make_error(row.error());
        if (!*row) break;
        out.campaigns.push_back({st->int64(0), st->text(1), st->int64(2), st->int64(3), st->int64(4), st->int64(5),
                                 st->int64(6), st->int64(7), st->int64(8)});
    }
    if (out.campaigns.empty()) out.note = "No campaign has alerts matching these filters.";
    return out;
}

}  // namespace vigie::store
