#include "store/alert_list.h"

#include "store/schema_info.h"

namespace vigie::store {

namespace {

std::optional<std::string> opt_text(Stmt& st, int col) {
    return st.is_null(col) ? std::nullopt : std::optional<std::string>(st.text(col));
}

}  // namespace

Result<AlertList> list_alerts(Db& db, const AlertFilter& f, int64_t limit, int64_t offset) {
    const bool campaigns = has_campaigns(db);
    const SqlWhere w = where_clause(f, campaigns, "a");
    AlertList out;
    {
        auto st = db.prepare("SELECT COUNT(*) FROM alerts a WHERE 1" + w.sql);
        if (!st) return make_error(st.error());
        w.bind(*st);
        if (auto r = st->step(); !r) return make_error(r.error());
        out.total = st->int64(0);
    }
    std::string sql =
        "SELECT a.id, a.ts, a.timestamp, a.attacker_ip, a.attacker_country, a.attacker_asn, a.target_ip, "
        "a.target_org, a.target_sector, a.gid, a.sid, a.signature, a.evidence_id, a.evidence_record_sha256, "
        "c.sha256, ";
    sql += campaigns ? "i.campaign_id" : "NULL";
    sql += " FROM alerts a JOIN captures c ON c.id = a.capture_id";
    if (campaigns) sql += " LEFT JOIN incidents i ON i.id = a.incident_id";
    sql += " WHERE 1" + w.sql + " ORDER BY a.ts, a.id LIMIT ? OFFSET ?";
    auto st = db.prepare(sql);
    if (!st) return make_error(st.error());
    w.bind(*st);
    const int n = static_cast<int>(w.params.size());
    st->bind(n + 1, limit);
    st->bind(n + 2, offset);
    for (;;) {
        auto row = st->step();
        if (!row) return make_error(row.error());
        if (!*row) break;
        ListedAlert a;
        a.id = st->int64(0);
        a.ts = st->int64(1);
        a.timestamp = st->text(2);
        a.attacker_ip = st->text(3);
        a.attacker_country = st->text(4);
        if (!st->is_null(5)) a.attacker_asn = st->int64(5);
        a.target_ip = st->text(6);
        a.target_org = st->text(7);
        a.target_sector = st->text(8);
        a.gid = st->int64(9);
        a.sid = st->int64(10);
        a.signature = st->text(11);
        a.evidence_id = opt_text(*st, 12);
        a.evidence_record_sha256 = opt_text(*st, 13);
        a.capture_sha256 = st->text(14);
        if (!st->is_null(15)) a.campaign_id = st->int64(15);
        out.alerts.push_back(std::move(a));
    }
    return out;
}

}  // namespace vigie::store
