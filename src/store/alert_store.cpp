#include "store/alert_store.h"

#include "store/schema.h"

namespace vigie::store {

namespace {

constexpr const char* kInsertSql = R"(INSERT OR IGNORE INTO alerts (
  capture_id, ts, timestamp, month, pcap_cnt, flow_id, src_ip, src_port, dest_ip, dest_port, proto, app_proto,
  gid, sid, rev, signature, category, severity, evidence_id, evidence_record_sha256,
  attacker_ip, target_ip, attacker_side, side_reason, attacker_country, attacker_country_name,
  attacker_asn, attacker_as_org, target_org, target_sector, target_criticality, target_asset_cidr,
  ja3, ja4, http_user_agent, http_hostname, http_url, dns_rrname, tls_sni, file_sha256)
VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?))";

void bind_opt(Stmt& s, int i, const std::optional<int64_t>& v) {
    if (v) s.bind(i, *v);
    else s.bind_null(i);
}

}  // namespace

Result<std::unique_ptr<AlertStore>> AlertStore::open(const std::string& path) {
    auto db = Db::open(path, /*create=*/true);
    if (!db) return make_error(db.error());
    auto v = migrate(**db);
    if (!v) return make_error(v.error());
    auto s = std::make_unique<AlertStore>();
    s->db_ = std::move(*db);
    auto st = s->db_->prepare(kInsertSql);
    if (!st) return make_error(st.error());
    s->insert_ = std::move(*st);
    auto sg = s->db_->prepare(
        "INSERT OR IGNORE INTO intel_sightings (alert_id, indicator_ref, feed, confidence, kind, value, matched) "
        "VALUES (?,?,?,?,?,?,?)");
    if (!sg) return make_error(sg.error());
    s->insert_sighting_ = std::move(*sg);
    return s;
}

Result<int64_t> AlertStore::capture(const CaptureInfo& c) {
    auto up = db_->prepare(
        "INSERT INTO captures (sha256, kind, path, packets, ingested_at) "
        "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
        "ON CONFLICT(sha256) DO UPDATE SET packets = COALESCE(excluded.packets, packets), path = excluded.path");
    if (!up) return make_error(up.error());
    up->bind(1, std::string_view(c.sha256));
    up->bind(2, std::string_view(c.kind));
    up->bind(3, std::string_view(c.path));
    bind_opt(*up, 4, c.packets);
    if (auto r = up->step(); !r) return make_error(r.error());
    auto q = db_->prepare("SELECT id FROM captures WHERE sha256 = ?");
    if (!q) return make_error(q.error());
    q->bind(1, std::string_view(c.sha256));
    auto row = q->step();
    if (!row) return make_error(row.error());
    if (!*row) return make_error("capture row vanished");
    return q->int64(0);
}

Result<void> AlertStore::begin() { return db_->exec("BEGIN IMMEDIATE"); }
Result<void> AlertStore::commit() { return db_->exec("COMMIT"); }

Result<bool> AlertStore::insert(int64_t capture_id, const AlertRow& r) {
    Stmt& s = insert_;
    int i = 1;
    s.bind(i++, capture_id);
    s.bind(i++, r.ts);
    s.bind(i++, std::string_view(r.timestamp));
    s.bind(i++, std::string_view(r.month));
    s.bind(i++, r.pcap_cnt);
    s.bind(i++, r.flow_id);
    s.bind(i++, std::string_view(r.src_ip));
    bind_opt(s, i++, r.src_port);
    s.bind(i++, std::string_view(r.dest_ip));
    bind_opt(s, i++, r.dest_port);
    s.bind(i++, std::string_view(r.proto));
    s.bind(i++, r.app_proto);
    s.bind(i++, r.gid);
    s.bind(i++, r.sid);
    bind_opt(s, i++, r.rev);
    s.bind(i++, std::string_view(r.signature));
    s.bind(i++, std::string_view(r.category));
    bind_opt(s, i++, r.severity);
    s.bind(i++, r.evidence_id);
    s.bind(i++, r.evidence_record_sha256);
    s.bind(i++, std::string_view(r.attacker_ip));
    s.bind(i++, std::string_view(r.target_ip));
    s.bind(i++, std::string_view(r.attacker_side));
    s.bind(i++, std::string_view(r.side_reason));
    s.bind(i++, std::string_view(r.attacker_country));
    s.bind(i++, std::string_view(r.attacker_country_name));
    bind_opt(s, i++, r.attacker_asn);
    s.bind(i++, r.attacker_as_org);
    s.bind(i++, std::string_view(r.target_org));
    s.bind(i++, std::string_view(r.target_sector));
    s.bind(i++, std::string_view(r.target_criticality));
    s.bind(i++, r.target_asset_cidr);
    for (const auto* app : {&r.ja3, &r.ja4, &r.http_user_agent, &r.http_hostname, &r.http_url, &r.dns_rrname,
                            &r.tls_sni, &r.file_sha256})
        s.bind(i++, *app);
    auto st = s.step();
    s.reset();
    if (!st) return make_error(st.error());
    const bool inserted = db_->changes() > 0;
    if (inserted && r.sighting) {
        const auto& sg = *r.sighting;
        Stmt& q = insert_sighting_;
        q.bind(1, db_->last_insert_id());
        q.bind(2, std::string_view(sg.ref));
        q.bind(3, std::string_view(sg.feed));
        bind_opt(q, 4, sg.confidence);
        q.bind(5, std::string_view(sg.kind));
        q.bind(6, std::string_view(sg.value));
        q.bind(7, std::string_view(sg.matched));
        auto qs = q.step();
        q.reset();
        if (!qs) return make_error(qs.error());
    }
    return inserted;
}

Result<void> AlertStore::refresh_capture(int64_t capture_id) {
    auto u = db_->prepare(
        "UPDATE captures SET (alerts, first_seen, last_seen) = "
        "(SELECT COUNT(*), MIN(ts), MAX(ts) FROM alerts WHERE capture_id = ?1) WHERE id = ?1");
    if (!u) return make_error(u.error());
    u->bind(1, capture_id);
    if (auto r = u->step(); !r) return make_error(r.error());
    return {};
}

}  // namespace vigie::store
