// Shared indicators in the store: importing a feed (idempotent: an indicator is
// (feed, ref), re-imported in place, an older version never replacing a newer one)
// and reading back the observables of every indicator not revoked, for detection.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "intel/indicator.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct FeedImport {
    std::string feed;      // feed name (unique in the store)
    std::string format;    // "stix", "misp", "plain"
    std::string path;      // the file it came from
};

struct IndicatorImportCounts {
    uint64_t added = 0;      // new (feed, ref)
    uint64_t updated = 0;    // stored with an older or equal version, replaced
    uint64_t unchanged = 0;  // same version and content: nothing written
    uint64_t older = 0;      // the store holds a newer version: kept
};

// Writes the indicators of one feed in one transaction. The database must be migrated.
Result<IndicatorImportCounts> import_indicators(Db& db, const FeedImport& feed,
                                                const std::vector<intel::Indicator>& indicators);

// One observable of an indicator that detection should load.
struct ActiveObservable {
    std::string_view feed, ref, kind, value;
    int confidence = -1;
    int64_t valid_from = 0, valid_until = 0;  // 0: unbounded
    int32_t src_port = -1, dst_port = -1;
};

// Calls `fn` for each observable of every indicator not revoked. A database
// without indicator tables (older schema, never imported) yields none.
// Returns the number of observables.
Result<uint64_t> for_each_active_observable(Db& db, const std::function<void(const ActiveObservable&)>& fn);

}  // namespace vigie::store
