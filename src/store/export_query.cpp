#include "store/export_query.h"

#include "store/export_incidents.h"

namespace vigie::store {

namespace {

Result<bool> has_table(Db& db, const char* name) {
    auto q = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!q) return make_error(q.error());
    q->bind(1, std::string_view(name));
    auto r = q->step();
    if (!r) return make_error(r.error());
    return *r;
}

// Runs `sql` with `since` bound and calls `row(stmt)` for every row.
template <typename Fn>
Result<void> each_row(Db& db, const char* sql, int64_t since, Fn&& row) {
    auto q = db.prepare(sql);
    if (!q) return make_error(q.error());
    q->bind(1, since);
    for (;;) {
        auto more = q->step();
        if (!more) return make_error(more.error());
        if (!*more) return {};
        row(*q);
    }
}

Result<void> read_sightings(Db& db, int64_t since, std::vector<intel::SightedIndicator>& out) {
    // The indicator's stored pattern is joined by ref (any feed: a STIX id names
    // one indicator whatever feed it came in).
    return each_row(db,
        "SELECT s.indicator_ref, s.feed, s.kind, s.value, COALESCE(s.confidence, -1), a.ts, s.matched, "
        "COALESCE(a.evidence_id, ''), COALESCE(a.evidence_record_sha256, ''), a.src_ip, a.dest_ip, a.target_ip, "
        "a.target_sector, a.target_org, "
        "(SELECT i.pattern FROM intel_indicators i WHERE i.ref = s.indicator_ref LIMIT 1), "
        "(SELECT COALESCE(i.name, '') FROM intel_indicators i WHERE i.ref = s.indicator_ref LIMIT 1), "
        "(SELECT COALESCE(i.valid_from, 0) FROM intel_indicators i WHERE i.ref = s.indicator_ref LIMIT 1), "
        "(SELECT COALESCE(i.valid_until, 0) FROM intel_indicators i WHERE i.ref = s.indicator_ref LIMIT 1) "
        "FROM intel_sightings s JOIN alerts a ON a.id = s.alert_id WHERE a.ts >= ? "
        "ORDER BY s.feed, s.indicator_ref, s.kind, s.value, a.ts, a.id",
        since, [&](Stmt& st) {
        Stmt* q = &st;
        const std::string ref = q->text(0), feed = q->text(1), kind = q->text(2), value = q->text(3);
        if (out.empty() || out.back().ref != ref || out.back().feed != feed || out.back().kind != kind ||
            out.back().value != value) {
            intel::SightedIndicator s;
            s.ref = ref;
            s.feed = feed;
            s.kind = kind;
            s.value = value;
            s.confidence = static_cast<int>(q->int64(4));
            if (ref.starts_with("indicator--") && !q->is_null(14)) s.stix_pattern = q->text(14);
            if (!q->is_null(15)) s.name = q->text(15);
            if (!q->is_null(16)) s.valid_from = q->int64(16);
            if (!q->is_null(17)) s.valid_until = q->int64(17);
            out.push_back(std::move(s));
        }
        intel::SightedAlert a;
        a.ts = q->int64(5);
        a.matched = q->text(6);
        a.evidence = {q->text(7), q->text(8)};
        // The alert's target: the local end of an indicator alert (eve_alert.cpp).
        a.target.ip = q->text(11);
        a.target.sector = q->text(12);
        a.target.org = q->text(13);
        out.back().alerts.push_back(std::move(a));
    });
}

Result<void> read_observed(Db& db, int64_t since, std::vector<intel::ObservedGroup>& out) {
    return each_row(db,
        "SELECT a.gid, a.sid, COALESCE(a.signature, ''), a.attacker_ip, a.attacker_country, a.target_ip, "
        "a.target_sector, a.target_org, a.ts, COALESCE(a.evidence_id, ''), COALESCE(a.evidence_record_sha256, '') "
        "FROM alerts a WHERE a.ts >= ? AND a.incident_id IS NULL AND NOT EXISTS (SELECT 1 FROM intel_sightings s WHERE s.alert_id = a.id) "
        "ORDER BY a.gid, a.sid, a.attacker_ip, a.target_ip, a.ts",
        since, [&](Stmt& st) {
        Stmt* q = &st;
        const int64_t gid = q->int64(0), sid = q->int64(1);
        const std::string attacker = q->text(3), target = q->text(5);
        if (out.empty() || out.back().gid != gid || out.back().sid != sid || out.back().attacker_ip != attacker ||
            out.back().target.ip != target) {
            intel::ObservedGroup g;
            g.gid = gid;
            g.sid = sid;
            g.signature = q->text(2);
            g.attacker_ip = attacker;
            const std::string country = q->text(4);
            // Private and reserved addresses are the organisation's own (or meaningless outside).
            g.attacker_internal = country == "private" || country == "reserved";
            g.target = {target, q->text(6), q->text(7)};
            g.first_seen = q->int64(8);
            out.push_back(std::move(g));
        }
        auto& g = out.back();
        ++g.count;
        g.last_seen = q->int64(8);
        if (!q->text(9).empty()) g.evidence.push_back({q->text(9), q->text(10)});
    });
}

}  // namespace

Result<ExportQueryResult> query_export(Db& db, int64_t since_us) {
    ExportQueryResult res;
    auto alerts = has_table(db, "alerts");
    if (!alerts) return make_error(alerts.error());
    if (!*alerts) return res;
    auto sightings = has_table(db, "intel_sightings");
    if (!sightings) return make_error(sightings.error());
    if (*sightings) {
        if (auto r = read_sightings(db, since_us, res.sightings); !r) return make_error(r.error());
        if (auto r = read_observed(db, since_us, res.observed); !r) return make_error(r.error());
    }
    if (auto r = read_export_incidents(db, since_us, res.incidents, res.campaigns); !r) return make_error(r.error());
    return res;
}

}  // namespace vigie::store
