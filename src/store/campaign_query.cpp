#include "store/campaign_query.h"

namespace vigie::store {

namespace {

// The alerts of one campaign, as a join the alerts_incident and incidents_campaign indexes serve.
constexpr const char* kCampaignAlerts =
    " FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.campaign_id = ?1 ";

Result<Counted> top(Db& db, int64_t campaign, const std::string& expr) {
    auto q = db.prepare("SELECT " + expr + ", COUNT(*) AS n" + kCampaignAlerts + "GROUP BY 1 ORDER BY n DESC, 1 LIMIT " +
                        std::to_string(kTopN));
    if (!q) return make_error(q.error());
    q->bind(1, campaign);
    Counted out;
    auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        out.emplace_back(s.text(0), s.int64(1));
        return {};
    });
    if (!r) return make_error(r.error());
    return out;
}

Result<void> fill_details(Db& db, CampaignSummary& c) {
    auto sectors = top(db, c.id, "a.target_sector");
    auto countries = top(db, c.id, "a.attacker_country");
    auto asns = top(db, c.id,
                    "CASE WHEN a.attacker_asn IS NOT NULL THEN 'AS' || a.attacker_asn || ' ' || "
                    "COALESCE(a.attacker_as_org, '') ELSE 'unknown' END");
    for (auto* r : {&sectors, &countries, &asns})
        if (!*r) return make_error(r->error());
    c.top_sectors = std::move(*sectors);
    c.top_countries = std::move(*countries);
    c.top_asns = std::move(*asns);
    auto ev = db.prepare(std::string("SELECT a.evidence_id, COUNT(*) OVER ()") + kCampaignAlerts +
                         "AND a.evidence_id IS NOT NULL ORDER BY a.ts, a.evidence_id LIMIT " +
                         std::to_string(kMaxEvidenceIds));
    if (!ev) return make_error(ev.error());
    ev->bind(1, c.id);
    return for_each_row(*ev, [&](Stmt& s) -> Result<void> {
        c.evidence_ids.push_back(s.text(0));
        c.evidence_total = s.int64(1);
        return {};
    });
}

}  // namespace

Result<std::vector<CampaignSummary>> list_campaigns(Db& db, std::optional<int64_t> only) {
    auto q = db.prepare(std::string("SELECT id, label, first_seen, last_seen, alerts, incidents FROM campaigns") +
                        (only ? " WHERE id = ?1" : "") + " ORDER BY id");
    if (!q) return make_error(q.error());
    if (only) q->bind(1, *only);
    std::vector<CampaignSummary> out;
    auto rows = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        CampaignSummary& c = out.emplace_back();
        c.id = s.int64(0);
        c.label = s.text(1);
        c.first_seen = s.int64(2);
        c.last_seen = s.int64(3);
        c.alerts = s.int64(4);
        c.incidents = s.int64(5);
        return {};
    });
    if (!rows) return make_error(rows.error());
    for (auto& c : out)
        if (auto r = fill_details(db, c); !r) return make_error(r.error());
    return out;
}

Result<std::vector<CampaignMember>> campaign_members(Db& db, int64_t campaign_id) {
    auto q = db.prepare(
        "SELECT l.incident_id, l.linked_to_incident, l.reason, i.attacker_ip, i.target_org, i.target_sector, "
        "i.signature_family, i.target_ip, i.first_seen, i.last_seen, i.alerts "
        "FROM campaign_links l JOIN incidents i ON i.id = l.incident_id WHERE l.campaign_id = ?1 "
        "ORDER BY l.incident_id");
    if (!q) return make_error(q.error());
    q->bind(1, campaign_id);
    std::vector<CampaignMember> out;
    auto rows = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        CampaignMember& m = out.emplace_back();
        m.incident_id = s.int64(0);
        if (!s.is_null(1)) m.linked_to = s.int64(1);
        m.reason = s.text(2);
        m.attacker_ip = s.text(3);
        m.target_org = s.text(4);
        m.target_sector = s.text(5);
        m.family = s.text(6);
        if (!s.is_null(7)) m.target_ip = s.text(7);
        m.first_seen = s.int64(8);
        m.last_seen = s.int64(9);
        m.alerts = s.int64(10);
        return {};
    });
    if (!rows) return make_error(rows.error());
    return out;
}

}  // namespace vigie::store
