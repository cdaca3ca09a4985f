#include "store/schema_info.h"

namespace vigie::store {

bool has_table(Db& db, const std::string& name) {
    auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!st) return false;
    st->bind(1, std::string_view(name));
    auto row = st->step();
    return row && *row;
}

bool has_column(Db& db, const std::string& table, const std::string& column) {
    auto st = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = ?");
    if (!st) return false;
    st->bind(1, std::string_view(table));
    st->bind(2, std::string_view(column));
    auto row = st->step();
    return row && *row;
}

bool has_campaigns(Db& db) {
    return has_table(db, "campaigns") && has_table(db, "incidents") && has_column(db, "alerts", "incident_id");
}

int schema_version(Db& db) {
    if (!has_table(db, "schema_migrations")) return 0;
    auto st = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!st) return 0;
    auto row = st->step();
    return row && *row ? static_cast<int>(st->int64(0)) : 0;
}

Result<std::unique_ptr<Db>> open_store_readonly(const std::string& path) {
    auto db = Db::open_readonly(path);
    if (!db) return db;
    // sqlite3_open_v2 is lazy: a file that is not SQLite fails on the first query.
    auto probe = (*db)->prepare("SELECT COUNT(*) FROM sqlite_master");
    if (!probe) return make_error(path + ": not a SQLite database (" + probe.error() + ")");
    if (auto r = probe->step(); !r) return make_error(path + ": not a SQLite database (" + r.error() + ")");
    if (!has_table(**db, "alerts"))
        return make_error(path + ": not a Vigie store (no alerts table; create one with `vigie ingest` or `vigie run --db`)");
    return db;
}

}  // namespace vigie::store
