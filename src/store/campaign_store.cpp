#include "store/campaign_store.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "intel/campaigns.h"
#include "intel/incidents.h"

namespace vigie::store {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

constexpr const char* kLoadSql =
    "SELECT id, ts, COALESCE(attacker_ip, ''), COALESCE(target_ip, ''), target_org, target_sector, "
    "COALESCE(signature, ''), COALESCE(category, ''), sid, attacker_asn, "
    "ja3, ja4, http_user_agent, http_hostname, http_url, dns_rrname, tls_sni, file_sha256, "
    "COALESCE(incident_id, 0) FROM alerts";

// Each distinct text once; the rows view it. Node-based, so views survive rehashing.
class StringPool {
public:
    std::string_view intern(std::string_view s) {
        auto it = set_.find(s);  // no allocation for a value seen before
        if (it == set_.end()) it = set_.emplace(s).first;
        return *it;
    }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_set<std::string, Hash, std::equal_to<>> set_;
};

Result<void> load(Db& db, StringPool& pool, std::vector<intel::AlertFacts>& rows,
                  std::vector<int64_t>& stored_incident) {
    if (auto n = db.prepare("SELECT MAX(id) FROM alerts"); n && *n->step()) {  // a bound, cheap: no scan
        rows.reserve(static_cast<size_t>(n->int64(0)));
        stored_incident.reserve(static_cast<size_t>(n->int64(0)));
    }
    auto q = db.prepare(kLoadSql);
    if (!q) return make_error(q.error());
    return for_each_row(*q, [&](Stmt& s) -> Result<void> {
        intel::AlertFacts& a = rows.emplace_back();
        a.alert_id = s.int64(0);
        a.ts = s.int64(1);
        a.attacker_ip = pool.intern(s.text_view(2));
        a.target_ip = pool.intern(s.text_view(3));
        a.target_org = pool.intern(s.text_view(4));
        a.target_sector = pool.intern(s.text_view(5));
        a.signature = pool.intern(s.text_view(6));
        a.category = pool.intern(s.text_view(7));
        a.sid = s.int64(8);
        if (!s.is_null(9)) a.attacker_asn = s.int64(9);
        constexpr int kApp = 10;  // first app-layer column
        constexpr std::string intel::AppFacts::*kAppColumns[] = {
            &intel::AppFacts::ja3,           &intel::AppFacts::ja4,      &intel::AppFacts::http_user_agent,
            &intel::AppFacts::http_hostname, &intel::AppFacts::http_url, &intel::AppFacts::dns_rrname,
            &intel::AppFacts::tls_sni,       &intel::AppFacts::file_sha256};
        for (int c = 0; c < 8; ++c)
            if (!s.is_null(kApp + c)) a.app_facts().*kAppColumns[c] = s.text(kApp + c);
        stored_incident.push_back(s.int64(kApp + 8));
        return {};
    });
}

Result<void> step_once(Stmt& s) {
    auto r = s.step();
    s.reset();
    if (!r) return make_error(r.error());
    return {};
}

// Writes alerts.incident_id where it changed. In row id order, so pages are
// visited once each; when most rows change (a first grouping), the index on
// incident_id is rebuilt once at the end rather than updated row by row.
Result<void> assign_incidents(Db& db, Stmt& upd, std::vector<std::pair<int64_t, int64_t>>& changed, size_t total) {
    std::sort(changed.begin(), changed.end());
    const bool bulk = changed.size() > total / 4;
    if (bulk)
        if (auto r = db.exec("DROP INDEX IF EXISTS alerts_incident"); !r) return r;
    for (const auto& [alert, incident] : changed) {
        upd.bind(1, incident);
        upd.bind(2, alert);
        if (auto r = step_once(upd); !r) return r;
    }
    if (bulk) return db.exec("CREATE INDEX alerts_incident ON alerts(incident_id)");
    return {};
}

Result<void> write(Db& db, const std::vector<intel::AlertFacts>& rows, const std::vector<int64_t>& stored_incident,
                   const std::vector<intel::Incident>& incidents, const intel::CampaignSet& cs, int64_t window_us,
                   RegroupReport& rep) {
    if (auto r = db.exec("DELETE FROM campaign_links; DELETE FROM incidents; DELETE FROM campaigns;"); !r) return r;
    auto camp = db.prepare("INSERT INTO campaigns VALUES (?,?,?,?,?,?)");
    auto inc = db.prepare("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?,?,?)");
    auto link = db.prepare("INSERT INTO campaign_links VALUES (?,?,?,?)");
    auto upd = db.prepare("UPDATE alerts SET incident_id = ? WHERE id = ?");
    for (auto* s : {&camp, &inc, &link, &upd})
        if (!*s) return make_error(s->error());
    for (const auto& c : cs.campaigns) {
        camp->bind(1, c.id);
        camp->bind(2, std::string_view(c.label));
        camp->bind(3, c.first_seen);
        camp->bind(4, c.last_seen);
        camp->bind(5, c.alerts);
        camp->bind(6, static_cast<int64_t>(c.links.size()));
        if (auto r = step_once(*camp); !r) return r;
        for (const auto& l : c.links) {
            link->bind(1, c.id);
            link->bind(2, l.incident_id);
            if (l.linked_to) link->bind(3, *l.linked_to);
            else link->bind_null(3);
            link->bind(4, std::string_view(l.reason));
            if (auto r = step_once(*link); !r) return r;
        }
    }
    std::vector<std::pair<int64_t, int64_t>> changed;  // (alert row id, incident id)
    for (size_t i = 0; i < incidents.size(); ++i) {
        const intel::Incident& n = incidents[i];
        inc->bind(1, n.id);
        if (cs.campaign_of[i]) inc->bind(2, cs.campaign_of[i]);
        else inc->bind_null(2);
        inc->bind(3, std::string_view(n.attacker_ip));
        inc->bind(4, std::string_view(n.target_org));
        inc->bind(5, std::string_view(n.target_sector));
        inc->bind(6, n.target_ip);
        inc->bind(7, std::string_view(n.family));
        inc->bind(8, n.first_seen);
        inc->bind(9, n.last_seen);
        inc->bind(10, static_cast<int64_t>(n.alerts.size()));
        if (auto r = step_once(*inc); !r) return r;
        for (uint32_t a : n.alerts)
            if (stored_incident[a] != n.id) changed.emplace_back(rows[a].alert_id, n.id);  // most are unchanged
    }
    if (auto r = assign_incidents(db, *upd, changed, rows.size()); !r) return r;
    rep.alerts_updated = static_cast<int64_t>(changed.size());
    return db.exec("INSERT OR REPLACE INTO grouping_settings VALUES ('incident_window_seconds', '" +
                   std::to_string(window_us / 1000000) + "')");
}

}  // namespace

Result<RegroupReport> regroup(Db& db, int64_t window_us) {
    RegroupReport rep;
    auto t0 = Clock::now();
    // A page cache large enough for the alerts table's hot pages (64 MB; the default is 2 MB).
    if (auto r = db.exec("PRAGMA cache_size = -65536"); !r) return make_error(r.error());
    // One write transaction from the read on: no alert can arrive between the two.
    if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return make_error(r.error());
    auto fail = [&](const std::string& m) -> Result<RegroupReport> {
        (void)db.exec("ROLLBACK");
        return make_error(m);
    };
    StringPool pool;  // outlives rows, which view it
    std::vector<intel::AlertFacts> rows;
    std::vector<int64_t> stored_incident;
    if (auto r = load(db, pool, rows, stored_incident); !r) return fail(r.error());
    rep.load_s = since(t0);

    t0 = Clock::now();
    const auto incidents = intel::group_incidents(rows, window_us);
    const auto cs = intel::link_campaigns(incidents, rows);
    rep.group_s = since(t0);

    t0 = Clock::now();
    if (auto r = write(db, rows, stored_incident, incidents, cs, window_us, rep); !r) return fail(r.error());
    if (auto r = db.exec("COMMIT"); !r) return fail(r.error());
    rep.write_s = since(t0);

    rep.alerts = static_cast<int64_t>(rows.size());
    rep.incidents = static_cast<int64_t>(incidents.size());
    rep.campaigns = static_cast<int64_t>(cs.campaigns.size());
    for (const auto& c : cs.campaigns) rep.incidents_in_campaigns += static_cast<int64_t>(c.links.size());
    return rep;
}

}  // namespace vigie::store
