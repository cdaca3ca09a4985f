#include "store/export_incidents.h"

#include <map>
#include <set>

namespace vigie::store {

namespace {

// ?1 is the since bound in every query.
constexpr const char* kIncidentsSince =
    "(i.last_seen >= ?1 OR i.campaign_id IN (SELECT id FROM campaigns WHERE last_seen >= ?1))";

template <typename Fn>
Result<void> rows(Db& db, const std::string& sql, int64_t since, Fn&& row) {
    auto q = db.prepare(sql);
    if (!q) return make_error(q.error());
    q->bind(1, since);
    return for_each_row(*q, [&](Stmt& s) -> Result<void> {
        row(s);
        return {};
    });
}

}  // namespace

Result<void> read_export_incidents(Db& db, int64_t since_us, std::vector<intel::ObservedIncident>& incidents,
                                   std::vector<intel::ObservedCampaign>& campaigns) {
    std::map<int64_t, size_t> campaign_at, incident_at;
    auto r = rows(db, "SELECT id, label, first_seen, last_seen, alerts, incidents FROM campaigns WHERE last_seen >= ?1 "
                      "ORDER BY id", since_us, [&](Stmt& s) {
        auto& c = campaigns.emplace_back();
        c.id = s.int64(0);
        c.label = s.text(1);
        c.first_seen = s.int64(2);
        c.last_seen = s.int64(3);
        c.alerts = s.int64(4);
        c.incidents = s.int64(5);
        campaign_at[c.id] = campaigns.size() - 1;
    });
    if (!r) return r;
    r = rows(db, "SELECT campaign_id, reason FROM campaign_links WHERE linked_to_incident IS NOT NULL "
                 "ORDER BY campaign_id, incident_id", since_us, [&](Stmt& s) {
        if (auto it = campaign_at.find(s.int64(0)); it != campaign_at.end())
            campaigns[it->second].link_reasons.push_back(s.text(1));
    });
    if (!r) return r;
    // The attacker's class comes from its alerts' enrichment, as for alert groups.
    r = rows(db, std::string("SELECT i.id, COALESCE(i.campaign_id, 0), i.attacker_ip, COALESCE(i.target_ip, ''), "
                             "i.target_sector, i.target_org, i.signature_family, i.first_seen, i.last_seen, i.alerts, "
                             "(SELECT a.attacker_country FROM alerts a WHERE a.incident_id = i.id LIMIT 1) "
                             "FROM incidents i WHERE ") + kIncidentsSince + " ORDER BY i.id",
             since_us, [&](Stmt& s) {
        auto& i = incidents.emplace_back();
        i.id = s.int64(0);
        i.campaign_id = s.int64(1);
        i.attacker_ip = s.text(2);
        i.target = {s.text(3), s.text(4), s.text(5)};
        i.family = s.text(6);
        i.first_seen = s.int64(7);
        i.last_seen = s.int64(8);
        i.alerts = static_cast<uint64_t>(s.int64(9));
        const std::string country = s.is_null(10) ? "" : s.text(10);
        i.attacker_internal = country == "private" || country == "reserved";
        incident_at[i.id] = incidents.size() - 1;
    });
    if (!r) return r;
    std::map<int64_t, std::set<std::pair<std::string, std::string>>> signatures;
    r = rows(db, std::string("SELECT a.incident_id, a.gid, a.sid, COALESCE(a.signature, ''), "
                             "COALESCE(a.evidence_id, ''), COALESCE(a.evidence_record_sha256, '') "
                             "FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE ") + kIncidentsSince +
                 " ORDER BY a.incident_id, a.ts, a.id",
             since_us, [&](Stmt& s) {
        auto it = incident_at.find(s.int64(0));
        if (it == incident_at.end()) return;
        signatures[it->first].insert({std::to_string(s.int64(1)) + ":" + std::to_string(s.int64(2)), s.text(3)});
        if (!s.text(4).empty()) incidents[it->second].evidence.push_back({s.text(4), s.text(5)});
    });
    if (!r) return r;
    for (auto& [id, sigs] : signatures) incidents[incident_at[id]].signatures.assign(sigs.begin(), sigs.end());
    return {};
}

}  // namespace vigie::store
