// Scale of the store: N alerts (default 10,000,000) over 11 years generated straight
// into SQLite by one INSERT ... WITH RECURSIVE statement (no per-row round trip),
// regrouped into incidents and campaigns, then `stats` timed for source-country,
// target-sector, month and campaign, over everything and over a 30-month range.
//   build/bench/store_scale [alerts] [db path]      generate (default /tmp/vigie-store-scale.db)
//   build/bench/store_scale --regroup DB             incidents and campaigns (time; RSS with /usr/bin/time -v)
//   build/bench/store_scale --time DB                time the stats queries
//   build/bench/store_scale --check [alerts]         counts vs an independent computation
//                                                    (a ctest, no timing)
// The alerts: sessions of 8 alerts one minute apart by one attacker on one target
// with one signature family; attacker among 2,000 actors (40 countries, 500 ASNs,
// 10 /24s each), target among 3,000 hosts (60 organisations in 12 sectors, a fifth
// of them in no asset). Every choice is a multiplicative hash of the session
// number, written twice: in SQL (the generator) and in C++ (expected counts).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/alert_store.h"
#include "store/campaign_store.h"
#include "store/schema.h"
#include "store/stats_query.h"

using namespace vigie::store;
using vigie::Result;
using vigie::make_error;

namespace {

constexpr int64_t kStart = 1420070400;  // 2015-01-01, seconds
constexpr int64_t kSpan = 11LL * 365 * 86400;
constexpr int64_t kPerSession = 8;
constexpr int64_t kMod = 4294967291;  // a prime below 2^32: the hashes stay far from int64 overflow

const char* const kCountries[40] = {"CN", "RU", "US", "KP", "IR", "BR", "IN", "VN", "DE", "FR", "NL", "UA",
                                    "RO", "TR", "ID", "KR", "JP", "GB", "PL", "IT", "ES", "TH", "PK", "NG",
                                    "EG", "AR", "MX", "CO", "ZA", "SG", "HK", "TW", "CA", "AU", "SE", "BG",
                                    "SC", "PA", "BY", "KZ"};
const char* const kSectors[12] = {"aerospace", "research", "energy",    "oil and gas", "internet",  "telecom",
                                  "government", "finance", "health",    "transport",   "education", "other"};

// The per-session choices, in C++ (the SQL below says the same).
struct Session {
    int64_t actor, net, target, start, family;
};
Session session(int64_t s) {
    Session x;
    x.actor = (s * 2654435761LL + 7) % kMod % 2000;
    x.net = (s * 40503LL + 11) % kMod % 10;
    x.target = (s * 2246822519LL + 13) % kMod % 3000;
    x.start = kStart + (s * 3266489917LL + 17) % kMod % kSpan;
    x.family = (s * 668265263LL + 19) % kMod % 8;
    return x;
}
std::string sector_of(int64_t target) { return target < 2400 ? kSectors[target / 40 % 12] : "unknown"; }

std::string sql_array(const char* const* v, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(i ? ", " : "") + "(" + std::to_string(i) + ", '" + v[i] + "')";
    return s;
}

Result<void> generate(AlertStore& st, int64_t n) {
    auto cap = st.capture({"store-scale-" + std::to_string(n), "eve", "generated", {}});
    if (!cap) return make_error(cap.error());
    Db& db = st.db();
    if (auto r = db.exec("CREATE TEMP TABLE gen_country(i INTEGER PRIMARY KEY, code TEXT);"
                         "INSERT INTO gen_country VALUES " + sql_array(kCountries, 40) + ";"
                         "CREATE TEMP TABLE gen_sector(i INTEGER PRIMARY KEY, name TEXT);"
                         "INSERT INTO gen_sector VALUES " + sql_array(kSectors, 12) + ";");
        !r)
        return r;
    const std::string N = std::to_string(n), P = std::to_string(kPerSession), M = std::to_string(kMod);
    const std::string sql =
        "INSERT INTO alerts (capture_id, ts, timestamp, month, pcap_cnt, flow_id, src_ip, src_port, dest_ip, "
        "dest_port, proto, gid, sid, rev, signature, category, severity, attacker_ip, target_ip, attacker_side, "
        "side_reason, attacker_country, attacker_country_name, attacker_asn, attacker_as_org, target_org, "
        "target_sector, target_criticality, target_asset_cidr) "
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n + 1 < " + N + "), "
        "h AS (SELECT n, n % " + P + " AS k, (n / " + P + " * 2654435761 + 7) % " + M + " % 2000 AS actor, "
        "(n / " + P + " * 40503 + 11) % " + M + " % 10 AS net, "
        "(n / " + P + " * 2246822519 + 13) % " + M + " % 3000 AS target, "
        "(" + std::to_string(kStart) + " + (n / " + P + " * 3266489917 + 17) % " + M + " % " +
        std::to_string(kSpan) + ") + (n % " + P + ") * 60 AS t, "
        "(n / " + P + " * 668265263 + 19) % " + M + " % 8 AS family FROM seq), "
        "r AS (SELECT h.*, '45.' || (actor / 26) || '.' || (actor % 26 * 10 + net) || '.' || (1 + actor % 200) AS aip, "
        "'10.' || (target / 256) || '.' || (target % 256) || '.1' AS tip, 2000000 + family * 100 + k % 4 AS sid FROM h) "
        "SELECT ?1, t * 1000000, strftime('%Y-%m-%dT%H:%M:%S.000000+0000', t, 'unixepoch'), "
        "strftime('%Y-%m', t, 'unixepoch'), n, n / " + P + ", aip, 40000 + k, tip, 80, 'TCP', 1, sid, 1, "
        "'GEN FAMILY' || family || ' rule ' || sid, 'Misc activity', 3, aip, tip, 'src', 'default: packet source', "
        "c.code, c.code || ' (generated)', 64500 + actor / 4, 'Generated AS ' || (actor / 4), "
        "CASE WHEN target < 2400 THEN 'Org ' || (target / 40) ELSE 'unknown' END, "
        "COALESCE(CASE WHEN target < 2400 THEN s.name END, 'unknown'), "
        "CASE WHEN target < 2400 THEN 'medium' ELSE 'unknown' END, "
        "CASE WHEN target < 2400 THEN '10.' || (target / 256) || '.0.0/16' END "
        "FROM r JOIN gen_country c ON c.i = actor % 40 LEFT JOIN gen_sector s ON s.i = target / 40 % 12";
    // Bulk load: the secondary indexes are dropped and rebuilt after (one sort each
    // instead of 10 million random B-tree inserts); a 1 GB page cache; no fsync.
    std::vector<std::string> indexes;
    {
        auto q = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alerts' "
                            "AND sql IS NOT NULL");
        if (!q) return make_error(q.error());
        std::string drops;
        auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
            drops += "DROP INDEX " + s.text(0) + ";";
            indexes.push_back(s.text(1));
            return {};
        });
        if (!r) return r;
        if (auto d = db.exec("PRAGMA cache_size = -1048576; PRAGMA synchronous = OFF; " + drops); !d) return d;
    }
    if (auto r = db.exec("BEGIN"); !r) return r;
    auto ins = db.prepare(sql);
    if (!ins) return make_error(ins.error());
    ins->bind(1, *cap);
    if (auto r = ins->step(); !r) return make_error(r.error());
    for (const auto& ix : indexes)
        if (auto r = db.exec(ix); !r) return r;
    if (auto r = db.exec("COMMIT"); !r) return r;
    return st.refresh_capture(*cap);
}

double secs_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

const char* const kDims[] = {"source-country", "target-sector", "month", "campaign"};
// 2018-07-01 .. 2021-01-01: 30 months of the 11 years.
constexpr int64_t kSinceUs = 1530403200LL * 1000000, kUntilUs = 1609459200LL * 1000000;
// For the check: bounds inside a day (2018-07-03T05:17:00Z .. 2020-12-30T20:00:30Z), so
// partial days and incidents cut by a bound are counted too.
constexpr int64_t kOddSinceUs = 1530595020LL * 1000000, kOddUntilUs = 1609358430LL * 1000000;

int time_queries(Db& db) {
    for (bool bounded : {false, true}) {
        for (const char* by : kDims) {
            StatsQuery q;
            q.by = by;
            if (bounded) q.since_us = kSinceUs, q.until_us = kUntilUs;
            const auto t0 = std::chrono::steady_clock::now();
            auto t = run_stats(db, q);
            if (!t) return std::fprintf(stderr, "stats --by %s: %s\n", by, t.error().c_str()), 1;
            int64_t total = 0;
            for (const auto& row : t->rows) total += row.back().i;
            std::printf("stats --by %-15s %-36s %8.3f s  %6zu rows, %lld alerts\n", by,
                        bounded ? "--since 2018-07 --until 2021-01" : "", secs_since(t0), t->rows.size(),
                        static_cast<long long>(total));
        }
    }
    return 0;
}

// Expected counts per --by, computed row by row in C++.
using Counts = std::map<std::string, int64_t>;
std::map<std::string, Counts> expected(int64_t n, int64_t since_us, int64_t until_us) {
    std::map<std::string, Counts> e;
    for (int64_t i = 0; i < n; ++i) {
        const Session x = session(i / kPerSession);
        const int64_t t = x.start + (i % kPerSession) * 60;
        if (t * 1000000 < since_us || t * 1000000 >= until_us) continue;
        std::tm tm{};
        const time_t tt = static_cast<time_t>(t);
        gmtime_r(&tt, &tm);
        char month[32];
        std::snprintf(month, sizeof month, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
        ++e["source-country"][kCountries[x.actor % 40]];
        ++e["target-sector"][sector_of(x.target)];
        ++e["month"][month];
    }
    return e;
}

// Alerts per campaign the plain way (every alert joined to its incident and
// campaign), to check the incident-count shortcut of run_stats against.
Result<Counts> campaign_counts_by_join(Db& db, int64_t since_us, int64_t until_us) {
    auto q = db.prepare("SELECT COALESCE(c.id, 0), COUNT(*) FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id "
                        "LEFT JOIN campaigns c ON c.id = i.campaign_id WHERE a.ts >= ?1 AND a.ts < ?2 GROUP BY 1");
    if (!q) return make_error(q.error());
    q->bind(1, since_us);
    q->bind(2, until_us);
    Counts c;
    auto r = for_each_row(*q, [&](Stmt& s) -> Result<void> {
        c[std::to_string(s.int64(0))] = s.int64(1);
        return {};
    });
    if (!r) return make_error(r.error());
    return c;
}

int check(int64_t n) {
    const std::string path = "/tmp/vigie-store-scale-check-" + std::to_string(::getpid()) + ".db";
    auto st = AlertStore::open(path);
    if (!st) return std::fprintf(stderr, "%s\n", st.error().c_str()), 1;
    if (auto r = generate(**st, n); !r) return std::fprintf(stderr, "generate: %s\n", r.error().c_str()), 1;
    if (auto r = regroup((*st)->db(), 3600LL * 1000000); !r) return std::fprintf(stderr, "%s\n", r.error().c_str()), 1;
    int bad = 0;
    const std::pair<int64_t, int64_t> ranges[] = {
        {INT64_MIN, INT64_MAX}, {kSinceUs, kUntilUs}, {kOddSinceUs, kOddUntilUs}};
    for (const auto& [since, until] : ranges) {
        auto want = expected(n, since, until);
        auto joined = campaign_counts_by_join((*st)->db(), since, until);
        if (!joined) return std::fprintf(stderr, "%s\n", joined.error().c_str()), 1;
        want["campaign"] = *joined;
        int64_t want_total = 0;
        for (const auto& [k, v] : want["month"]) want_total += v;
        for (const char* by : kDims) {
            StatsQuery q;
            q.by = by;
            if (since != INT64_MIN) q.since_us = since, q.until_us = until;
            auto t = run_stats((*st)->db(), q);
            if (!t) return std::fprintf(stderr, "%s\n", t.error().c_str()), 1;
            // Countries, sectors and months against the generator's formulas; campaigns
            // (made by the regroup) against the plain join, and their total against the formulas.
            const bool campaign = std::string(by) == "campaign";
            Counts got;
            int64_t total = 0;
            for (const auto& row : t->rows) {
                got[campaign ? std::to_string(row[1].i) : row[0].s] += row.back().i;
                total += row.back().i;
            }
            const bool ok = got == want[by] && total == want_total;
            bad += !ok;
            std::printf("%s: --by %s%s: %zu groups, %lld alerts\n", ok ? "ok" : "MISMATCH", by,
                        since == INT64_MIN ? "" : since == kSinceUs ? " (month bounds)" : " (bounds inside days)",
                        got.size(), static_cast<long long>(total));
        }
    }
    st->reset();
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(path + suf);
    return bad ? 1 : 0;
}

int regroup_store(const std::string& path) {
    auto db = Db::open(path, false);
    if (!db) return std::fprintf(stderr, "%s\n", db.error().c_str()), 1;
    const auto t0 = std::chrono::steady_clock::now();
    auto g = regroup(**db, 3600LL * 1000000);
    if (!g) return std::fprintf(stderr, "%s\n", g.error().c_str()), 1;
    std::printf("regrouped %lld alerts in %.1f s (load+group %.1f, link %.1f, write %.1f): %lld incidents, "
                "%lld campaigns, %lld alerts re-assigned\n",
                static_cast<long long>(g->alerts), secs_since(t0), g->load_s, g->group_s, g->write_s,
                static_cast<long long>(g->incidents), static_cast<long long>(g->campaigns),
                static_cast<long long>(g->alerts_updated));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string a1 = argc > 1 ? argv[1] : "";
    if (a1 == "--check") return check(argc > 2 ? std::atoll(argv[2]) : 200000);
    if (a1 == "--regroup" && argc > 2) return regroup_store(argv[2]);
    if (a1 == "--time" && argc > 2) {
        auto db = Db::open(argv[2], false);
        if (!db) return std::fprintf(stderr, "%s\n", db.error().c_str()), 1;
        // As `vigie stats` does: a store from an older Vigie is upgraded first (once).
        const auto t0 = std::chrono::steady_clock::now();
        auto v = migrate(**db);
        if (!v) return std::fprintf(stderr, "%s\n", v.error().c_str()), 1;
        std::printf("schema version %d (migrations, if any: %.1f s)\n", *v, secs_since(t0));
        return time_queries(**db);
    }
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 10000000;
    const std::string path = argc > 2 ? argv[2] : "/tmp/vigie-store-scale.db";
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(path + suf);
    auto st = AlertStore::open(path);
    if (!st) return std::fprintf(stderr, "%s\n", st.error().c_str()), 1;
    const auto t0 = std::chrono::steady_clock::now();
    if (auto r = generate(**st, n); !r) return std::fprintf(stderr, "generate: %s\n", r.error().c_str()), 1;
    (void)(*st)->db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    std::printf("generated %lld alerts in %.1f s: %s, %.0f MB (not grouped yet: --regroup)\n",
                static_cast<long long>(n), secs_since(t0), path.c_str(),
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    return 0;
}
