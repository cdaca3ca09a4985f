// The store's schema, versioned: each migration runs once, in order, inside a
// transaction, and is recorded in schema_migrations. A database written by a newer
// Vigie (unknown version) is refused rather than misread.
#pragma once
#include "common/result.h"
#include "store/sqlite_db.h"

namespace vigie::store {

// Version 3: indicators (docs/intel.md); 4: daily counts (docs/store.md).
inline constexpr int kSchemaVersion = 4;

// Sets WAL mode and applies pending migrations up to `up_to` (tests build an old
// store with a lower one). Returns the resulting version.
Result<int> migrate(Db& db, int up_to = kSchemaVersion);

}  // namespace vigie::store
