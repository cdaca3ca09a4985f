#include "store/summary_query.h"

#include "store/schema_info.h"

namespace vigie::store {

Result<Summary> summarise(Db& db, const AlertFilter& f) {
    Summary s;
    s.schema_version = schema_version(db);
    s.has_campaigns = has_campaigns(db);
    const SqlWhere w = where_clause(f, s.has_campaigns, "a");
    std::string sql =
        "SELECT COUNT(*), MIN(a.ts), MAX(a.ts), COUNT(DISTINCT a.attacker_country), "
        "COUNT(DISTINCT a.gid || ':' || a.sid), COUNT(DISTINCT a.target_org), COUNT(DISTINCT a.capture_id), "
        "COUNT(a.evidence_id), ";
    sql += s.has_campaigns ? "COUNT(DISTINCT i.campaign_id) FROM alerts a" : "0 FROM alerts a";
    sql += whole_table_hint(f);
    if (s.has_campaigns) sql += " LEFT JOIN incidents i ON i.id = a.incident_id";
    auto st = db.prepare(sql + " WHERE 1" + w.sql);
    if (!st) return make_error(st.error());
    w.bind(*st);
    if (auto r = st->step(); !r) return make_error(r.error());
    s.alerts = st->int64(0);
    if (!st->is_null(1)) s.first_us = st->int64(1);
    if (!st->is_null(2)) s.last_us = st->int64(2);
    s.countries = st->int64(3);
    s.signatures = st->int64(4);
    s.target_orgs = st->int64(5);
    s.captures = st->int64(6);
    s.with_evidence = st->int64(7);
    s.campaigns = st->int64(8);
    return s;
}

}  // namespace vigie::store
