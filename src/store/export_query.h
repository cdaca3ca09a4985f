// Reads what `vigie intel export` publishes from the store: sighted indicators
// (intel_sightings joined with their alerts and, when stored, the indicator's STIX
// pattern), incidents and campaigns (export_incidents.h), and the rule alerts of no
// incident grouped by signature, attacker and target.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "intel/export_model.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct ExportQueryResult {
    std::vector<intel::SightedIndicator> sightings;
    std::vector<intel::ObservedGroup> observed;
    std::vector<intel::ObservedIncident> incidents;
    std::vector<intel::ObservedCampaign> campaigns;
};

// Alerts with ts >= since_us (0: all).
Result<ExportQueryResult> query_export(Db& db, int64_t since_us);

}  // namespace vigie::store
