#include "store/campaign_store.h"

#include <algorithm>
#include <chrono>

#include "intel/campaigns.h"
#include "intel/incident_stream.h"

namespace vigie::store {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Alerts ordered so that an (attacker, target asset) group's alerts come together,
// by time (row id breaking ties: a total order, the same on both passes). The
// target key is intel::target_asset_key written in SQL.
constexpr const char* kStreamSql =
    "SELECT id, ts, COALESCE(attacker_ip, ''), COALESCE(target_ip, ''), target_org, target_sector, "
    "COALESCE(signature, ''), COALESCE(category, ''), sid, attacker_asn, "
    "ja3, ja4, http_user_agent, http_hostname, http_url, dns_rrname, tls_sni, file_sha256, "
    "COALESCE(incident_id, 0) FROM alerts "
    "ORDER BY COALESCE(attacker_ip, ''), "
    "CASE WHEN target_org <> 'unknown' THEN target_org ELSE 'ip:' || COALESCE(target_ip, '') END, ts, id";
constexpr int kStoredIncidentCol = 18;

// The current row as AlertFacts: views into the statement's text, valid until the
// next step (IncidentStream copies what it keeps).
void read_facts(Stmt& s, intel::AlertFacts& a, bool with_app) {
    a.alert_id = s.int64(0);
    a.ts = s.int64(1);
    a.attacker_ip = s.text_view(2);
    a.target_ip = s.text_view(3);
    a.target_org = s.text_view(4);
    a.target_sector = s.text_view(5);
    a.signature = s.text_view(6);
    a.category = s.text_view(7);
    a.sid = s.int64(8);
    a.attacker_asn = s.is_null(9) ? std::nullopt : std::optional<int64_t>(s.int64(9));
    a.app.reset();
    if (!with_app) return;
    constexpr int kApp = 10;  // first app-layer column
    constexpr std::string intel::AppFacts::*kAppColumns[] = {
        &intel::AppFacts::ja3,           &intel::AppFacts::ja4,      &intel::AppFacts::http_user_agent,
        &intel::AppFacts::http_hostname, &intel::AppFacts::http_url, &intel::AppFacts::dns_rrname,
        &intel::AppFacts::tls_sni,       &intel::AppFacts::file_sha256};
    for (int c = 0; c < 8; ++c)
        if (!s.is_null(kApp + c)) a.app_facts().*kAppColumns[c] = s.text(kApp + c);
}

// Pass 1: incidents and their evidence, from the ordered stream.
Result<intel::IncidentStream::Output> build_incidents(Db& db, int64_t window_us, int64_t& alerts) {
    auto q = db.prepare(kStreamSql);
    if (!q) return make_error(q.error());
    intel::IncidentStream stream(window_us);
    intel::AlertFacts a;
    auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        read_facts(s, a, true);
        stream.add(a);
        ++alerts;
        return {};
    });
    if (!r) return make_error(r.error());
    return stream.finish();
}

// Pass 2: the same stream again through the cursor alone gives each alert its
// incident; only alerts whose stored incident differs are collected.
Result<std::vector<std::pair<int64_t, int64_t>>> changed_alerts(Db& db, int64_t window_us,
                                                                 const std::vector<int64_t>& id_of) {
    auto q = db.prepare(kStreamSql);
    if (!q) return make_error(q.error());
    intel::IncidentCursor cursor(window_us);
    intel::AlertFacts a;
    std::vector<std::pair<int64_t, int64_t>> changed;  // (alert row id, incident id)
    auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        read_facts(s, a, false);
        const int64_t id = id_of[cursor.add(a).index];
        if (s.int64(kStoredIncidentCol) != id) changed.emplace_back(a.alert_id, id);
        return {};
    });
    if (!r) return make_error(r.error());
    return changed;
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

Result<void> write(Db& db, const std::vector<intel::Incident>& incidents, const std::vector<int64_t>& id_of,
                   const intel::CampaignSet& cs, int64_t window_us, RegroupReport& rep) {
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
        inc->bind(10, n.count);
        if (auto r = step_once(*inc); !r) return r;
    }
    auto changed = changed_alerts(db, window_us, id_of);  // most are unchanged
    if (!changed) return make_error(changed.error());
    if (auto r = assign_incidents(db, *upd, *changed, static_cast<size_t>(rep.alerts)); !r) return r;
    rep.alerts_updated = static_cast<int64_t>(changed->size());
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
    auto built = build_incidents(db, window_us, rep.alerts);
    if (!built) return fail(built.error());
    rep.load_s = since(t0);

    t0 = Clock::now();
    auto& incidents = built->incidents;
    const auto cs = intel::link_campaigns(incidents, std::move(built->evidence));
    rep.group_s = since(t0);

    t0 = Clock::now();
    if (auto r = write(db, incidents, built->id_of, cs, window_us, rep); !r) return fail(r.error());
    if (auto r = db.exec("COMMIT"); !r) return fail(r.error());
    rep.write_s = since(t0);

    rep.incidents = static_cast<int64_t>(incidents.size());
    rep.campaigns = static_cast<int64_t>(cs.campaigns.size());
    for (const auto& c : cs.campaigns) rep.incidents_in_campaigns += static_cast<int64_t>(c.links.size());
    return rep;
}

}  // namespace vigie::store
