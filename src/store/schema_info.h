// What a store holds, read without migrating it: readers (report, dashboard) open
// the database read-only and adapt to its schema version, e.g. a store written
// before incidents and campaigns existed (version 1) shows empty campaign views.
#pragma once
#include <memory>
#include <string>

#include "common/result.h"
#include "store/sqlite_db.h"

namespace vigie::store {

bool has_table(Db& db, const std::string& name);
bool has_column(Db& db, const std::string& table, const std::string& column);
// The campaigns, incidents tables and alerts.incident_id (schema version 2) exist.
bool has_campaigns(Db& db);
// The highest applied migration; 0 for a database without schema_migrations.
int schema_version(Db& db);

// Opens a store for reading only, refusing a database that is not a Vigie store.
Result<std::unique_ptr<Db>> open_store_readonly(const std::string& path);

}  // namespace vigie::store
