#include "store/schema.h"

#include <string>

namespace vigie::store {

namespace {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Times are UTC microseconds since the epoch (ts) plus the EVE text; month is
// 'YYYY-MM' so grouping by month is an index scan. "attacker"/"target" are the
// sides as decided at ingest (side_reason says how); src/dest stay as observed.
// pcap_cnt and flow_id are NOT NULL (-1 / 0 when absent) because SQLite treats
// NULLs as distinct in a UNIQUE index, which would break idempotence.
constexpr Migration kMigrations[] = {
    {1, "alerts and captures", R"(
CREATE TABLE captures (
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,   -- of the capture file (run) or of the EVE file (ingest)
  kind        TEXT NOT NULL,          -- 'pcap', 'eve' or 'live'
  path        TEXT,
  first_seen  INTEGER,                -- earliest alert ts (us)
  last_seen   INTEGER,                -- latest alert ts (us)
  packets     INTEGER,                -- packets read, when known (run)
  alerts      INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL
);
CREATE TABLE alerts (
  id           INTEGER PRIMARY KEY,
  capture_id   INTEGER NOT NULL REFERENCES captures(id),
  ts           INTEGER NOT NULL,
  timestamp    TEXT NOT NULL,
  month        TEXT NOT NULL,
  pcap_cnt     INTEGER NOT NULL DEFAULT -1,
  flow_id      INTEGER NOT NULL DEFAULT 0,
  src_ip TEXT, src_port INTEGER, dest_ip TEXT, dest_port INTEGER,
  proto TEXT, app_proto TEXT,
  gid INTEGER NOT NULL, sid INTEGER NOT NULL, rev INTEGER,
  signature TEXT, category TEXT, severity INTEGER,
  evidence_id TEXT, evidence_record_sha256 TEXT,
  attacker_ip TEXT, target_ip TEXT,
  attacker_side TEXT NOT NULL,        -- 'src' or 'dest'
  side_reason TEXT NOT NULL,          -- 'default: source is attacker', 'eve alert.source', ...
  attacker_country TEXT NOT NULL, attacker_country_name TEXT,
  attacker_asn INTEGER, attacker_as_org TEXT,
  target_org TEXT NOT NULL, target_sector TEXT NOT NULL, target_criticality TEXT NOT NULL,
  target_asset_cidr TEXT,
  UNIQUE (capture_id, pcap_cnt, gid, sid, flow_id, ts)
);
CREATE INDEX alerts_ts ON alerts(ts);
CREATE INDEX alerts_month ON alerts(month);
CREATE INDEX alerts_country ON alerts(attacker_country);
CREATE INDEX alerts_sector ON alerts(target_sector);
)"},
    // Incidents and campaigns (docs/store.md): the three tables and alerts.incident_id
    // are the contract the dashboard reads. The app-layer columns hold what links
    // incidents into campaigns; alerts stored by version 1 have them NULL.
    {2, "incidents and campaigns", R"(
ALTER TABLE alerts ADD COLUMN incident_id INTEGER;
ALTER TABLE alerts ADD COLUMN ja3 TEXT;
ALTER TABLE alerts ADD COLUMN ja4 TEXT;
ALTER TABLE alerts ADD COLUMN http_user_agent TEXT;
ALTER TABLE alerts ADD COLUMN http_hostname TEXT;
ALTER TABLE alerts ADD COLUMN http_url TEXT;
ALTER TABLE alerts ADD COLUMN dns_rrname TEXT;
ALTER TABLE alerts ADD COLUMN tls_sni TEXT;
ALTER TABLE alerts ADD COLUMN file_sha256 TEXT;
CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY, label TEXT NOT NULL,
  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,   -- UTC microseconds
  alerts INTEGER NOT NULL, incidents INTEGER NOT NULL);
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY, campaign_id INTEGER REFERENCES campaigns(id),
  attacker_ip TEXT NOT NULL, target_org TEXT NOT NULL, target_sector TEXT NOT NULL, target_ip TEXT,
  signature_family TEXT NOT NULL,
  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, alerts INTEGER NOT NULL);
CREATE TABLE campaign_links (
  campaign_id INTEGER NOT NULL, incident_id INTEGER NOT NULL,
  linked_to_incident INTEGER,                                -- NULL for the founder
  reason TEXT NOT NULL);
CREATE INDEX alerts_incident ON alerts(incident_id);
CREATE INDEX incidents_campaign ON incidents(campaign_id);
CREATE INDEX campaign_links_campaign ON campaign_links(campaign_id);
-- How the stored grouping was made (the window), so a reader can say it.
CREATE TABLE grouping_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
)"},
};

}  // namespace

Result<int> migrate(Db& db, int up_to) {
    if (auto r = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r)
        return make_error(r.error());
    if (auto r = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        !r)
        return make_error(r.error());
    auto q = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!q) return make_error(q.error());
    auto row = q->step();
    if (!row) return make_error(row.error());
    int version = static_cast<int>(q->int64(0));
    if (version > kSchemaVersion)
        return make_error(db.path() + ": schema version " + std::to_string(version) + " is newer than this Vigie (" +
                          std::to_string(kSchemaVersion) + ")");
    for (const auto& m : kMigrations) {
        if (m.version <= version || m.version > up_to) continue;
        const std::string sql = std::string("BEGIN IMMEDIATE;") + m.sql +
                                "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + m.name +
                                "', strftime('%Y-%m-%dT%H:%M:%SZ','now'));COMMIT;";
        if (auto r = db.exec(sql); !r) {
            (void)db.exec("ROLLBACK");
            return make_error(r.error());
        }
        version = m.version;
    }
    return version;
}

}  // namespace vigie::store
