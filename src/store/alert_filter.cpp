#include "store/alert_filter.h"

namespace vigie::store {

void SqlWhere::bind(Stmt& st, int first) const {
    int i = first;
    for (const auto& p : params) {
        if (const auto* n = std::get_if<int64_t>(&p)) st.bind(i++, *n);
        else st.bind(i++, std::string_view(std::get<std::string>(p)));
    }
}

SqlWhere where_clause(const AlertFilter& f, bool has_campaigns, const std::string& alias) {
    const std::string a = alias.empty() ? "" : alias + ".";
    SqlWhere w;
    auto add = [&](const std::string& cond, std::variant<int64_t, std::string> v) {
        w.sql += " AND " + cond;
        w.params.push_back(std::move(v));
    };
    if (f.since_us) add(a + "ts >= ?", *f.since_us);
    if (f.until_us) add(a + "ts < ?", *f.until_us);
    if (f.country) add(a + "attacker_country = ?", *f.country);
    if (f.sector) add(a + "target_sector = ?", *f.sector);
    if (f.signature) add(a + "signature = ?", *f.signature);
    if (f.campaign_id) {
        if (has_campaigns) add(a + "incident_id IN (SELECT id FROM incidents WHERE campaign_id = ?)", *f.campaign_id);
        else w.sql += " AND 0";
    }
    return w;
}

const char* whole_table_hint(const AlertFilter& f) { return f.empty() ? " NOT INDEXED" : ""; }

}  // namespace vigie::store
