#include "store/schema.h"

#include <algorithm>
#include <set>
#include <string>

namespace vigie::store {

namespace {

struct Migration {
    int version;
    const char* name;
    const char* sql;
    std::string (*more_sql)() = nullptr;  // generated statements run after `sql`
};

// Times are UTC microseconds since the epoch (ts) plus the EVE text; month is
// 'YYYY-MM' so grouping by month is an index scan. "attacker"/"target" are the
// sides as decided at ingest (side_reason says how); src/dest stay as observed.
// pcap_cnt and flow_id are NOT NULL (-1 / 0 when absent) because SQLite treats
// NULLs as distinct in a UNIQUE index, which would break idempotence.
// The triggers that keep alert_day_counts exact: each alert row counts +1 (NEW)
// or -1 (OLD) in each of the three dimensions, by its UTC day (floor division,
// so times before 1970 land on the right day).
std::string day_count_triggers() {
    auto upserts = [](const std::string& row, int delta) {
        const std::string ts = row + ".ts";
        const std::string day = "((" + ts + ") - (((" + ts + ") % 86400000000) + 86400000000) % 86400000000) / 86400000000";
        const std::string d = std::to_string(delta), op = delta > 0 ? "+ 1" : "- 1";
        const std::pair<std::string, std::string> dims[] = {
            {"'source-country'", row + ".attacker_country, COALESCE(" + row + ".attacker_country_name, '')"},
            {"'target-sector'", row + ".target_sector, ''"},
            {"'month'", row + ".month, ''"},
        };
        std::string out;
        for (const auto& [name, cols] : dims)
            out += "  INSERT INTO alert_day_counts VALUES (" + name + ", " + day + ", " + cols + ", " + d +
                   ")\n    ON CONFLICT DO UPDATE SET alerts = alerts " + op + ";\n";
        return out;
    };
    return "CREATE TRIGGER alert_day_counts_insert AFTER INSERT ON alerts BEGIN\n" + upserts("NEW", 1) +
           "END;\nCREATE TRIGGER alert_day_counts_delete AFTER DELETE ON alerts BEGIN\n" + upserts("OLD", -1) +
           "END;\nCREATE TRIGGER alert_day_counts_update\n"
           "  AFTER UPDATE OF ts, month, attacker_country, attacker_country_name, target_sector ON alerts BEGIN\n" +
           upserts("OLD", -1) + upserts("NEW", 1) + "END;\n";
}

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
    // Shared indicators (vigie intel import) and their sightings. An indicator is
    // identified by (feed, ref): re-importing a feed updates in place. Observables
    // are the values detection compares (one row per alternative of the pattern).
    // A sighting is an alert raised by an indicator; the alert row keeps time,
    // addresses, target and evidence, so the sighting only names the indicator.
    {3, "shared indicators and sightings", R"(
CREATE TABLE intel_feeds (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  format      TEXT NOT NULL,          -- 'stix', 'misp' or 'plain' (of the last import)
  source_path TEXT,
  imported_at TEXT NOT NULL
);
CREATE TABLE intel_indicators (
  id          INTEGER PRIMARY KEY,
  feed_id     INTEGER NOT NULL REFERENCES intel_feeds(id),
  ref         TEXT NOT NULL,          -- STIX id, 'misp:<uuid>' or 'plain:<kind>:<value>'
  name        TEXT,
  pattern     TEXT NOT NULL,
  modified    TEXT,                   -- the source's version; an older one never replaces a newer
  confidence  INTEGER,                -- 0..100; NULL when the source gives none
  valid_from  INTEGER,                -- UTC us; NULL = unbounded
  valid_until INTEGER,
  revoked     INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  UNIQUE (feed_id, ref)
);
CREATE TABLE intel_observables (
  indicator_id INTEGER NOT NULL REFERENCES intel_indicators(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,          -- ip, domain, url, md5, sha1, sha256, ja3, x509-sha1
  value       TEXT NOT NULL,          -- normalised (docs/intel.md)
  src_port    INTEGER NOT NULL DEFAULT -1,
  dst_port    INTEGER NOT NULL DEFAULT -1,
  PRIMARY KEY (indicator_id, kind, value, src_port, dst_port)
) WITHOUT ROWID;
CREATE TABLE intel_sightings (
  alert_id    INTEGER PRIMARY KEY REFERENCES alerts(id),
  indicator_ref TEXT NOT NULL,
  feed        TEXT NOT NULL,
  confidence  INTEGER,
  kind        TEXT NOT NULL,
  value       TEXT NOT NULL,          -- the indicator's value
  matched     TEXT NOT NULL           -- what the traffic carried (address, name, hash)
);
CREATE INDEX intel_sightings_ref ON intel_sightings(indicator_ref);
)"},
    // Day-by-day counts behind `stats --by source-country|target-sector|month`, so
    // they read a few hundred thousand rows instead of every alert (10 million
    // alerts: docs/store.md, bench/store_scale.cpp). Kept exact by triggers on any
    // insert, delete or change of the counted columns; filled from the alerts
    // already stored.
    {4, "daily counts", R"(
CREATE TABLE alert_day_counts (
  dimension TEXT NOT NULL,          -- 'source-country', 'target-sector' or 'month'
  day INTEGER NOT NULL,             -- UTC day number: floor(ts / 86400e6)
  key TEXT NOT NULL,                -- the country code, sector or YYYY-MM
  extra TEXT NOT NULL,              -- the country name ('' for the others)
  alerts INTEGER NOT NULL,
  PRIMARY KEY (dimension, day, key, extra)) WITHOUT ROWID;
INSERT INTO alert_day_counts
  SELECT 'source-country', ((ts) - (((ts) % 86400000000) + 86400000000) % 86400000000) / 86400000000, attacker_country, COALESCE(attacker_country_name, ''), COUNT(*)
    FROM alerts GROUP BY 2, 3, 4;
INSERT INTO alert_day_counts
  SELECT 'target-sector', ((ts) - (((ts) % 86400000000) + 86400000000) % 86400000000) / 86400000000, target_sector, '', COUNT(*) FROM alerts GROUP BY 2, 3;
INSERT INTO alert_day_counts
  SELECT 'month', ((ts) - (((ts) % 86400000000) + 86400000000) % 86400000000) / 86400000000, month, '', COUNT(*) FROM alerts GROUP BY 2, 3;
-- stats --by campaign sums incidents' counts per campaign: read from this index alone.
DROP INDEX IF EXISTS incidents_campaign;
CREATE INDEX incidents_campaign ON incidents(campaign_id, first_seen, last_seen, alerts);
)", day_count_triggers},
};

}  // namespace

Result<int> migrate(Db& db, int up_to) {
    if (auto r = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"); !r)
        return make_error(r.error());
    if (auto r = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        !r)
        return make_error(r.error());
    // Each migration runs unless recorded, not "above the highest recorded": branches
    // number theirs apart (3 and 4), and a store that got 4 first still gets 3.
    auto q = db.prepare("SELECT version FROM schema_migrations");
    if (!q) return make_error(q.error());
    std::set<int64_t> applied;
    if (auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
            applied.insert(s.int64(0));
            return {};
        });
        !r)
        return make_error(r.error());
    int version = applied.empty() ? 0 : static_cast<int>(*applied.rbegin());
    if (version > kSchemaVersion)
        return make_error(db.path() + ": schema version " + std::to_string(version) + " is newer than this Vigie (" +
                          std::to_string(kSchemaVersion) + ")");
    for (const auto& m : kMigrations) {
        if (applied.count(m.version) || m.version > up_to) continue;
        const std::string sql = std::string("BEGIN IMMEDIATE;") + m.sql + (m.more_sql ? m.more_sql() : "") +
                                "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + m.name +
                                "', strftime('%Y-%m-%dT%H:%M:%SZ','now'));COMMIT;";
        if (auto r = db.exec(sql); !r) {
            (void)db.exec("ROLLBACK");
            return make_error(r.error());
        }
        version = std::max(version, m.version);
    }
    return version;
}

}  // namespace vigie::store
