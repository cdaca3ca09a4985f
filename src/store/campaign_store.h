// Regrouping: loads every stored alert, forms incidents and campaigns with the
// pure rules of src/intel (incidents.h, campaigns.h) and replaces the incidents,
// campaigns and campaign_links tables with the result, in one transaction.
//
// A full recompute rather than an incremental update: a new capture can link two
// old campaigns, or fill a pause that joins two incidents, and a recompute gives
// the same result whatever order captures arrived in. It stays cheap because ids
// are chronological: alerts whose incident did not change are not rewritten.
#pragma once
#include <cstdint>

#include "common/result.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct RegroupReport {
    int64_t alerts = 0, incidents = 0, campaigns = 0;
    int64_t incidents_in_campaigns = 0;
    int64_t alerts_updated = 0;  // alerts whose incident_id changed
    double load_s = 0, group_s = 0, write_s = 0;
};

Result<RegroupReport> regroup(Db& db, int64_t window_us);

}  // namespace vigie::store
