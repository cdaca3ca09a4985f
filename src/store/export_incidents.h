// Reads the incidents and campaigns `vigie intel export` publishes: campaigns
// seen since a time, every incident of them and every other incident seen since
// then, with the signatures and evidence of their alerts.
#pragma once
#include <cstdint>
#include <vector>

#include "common/result.h"
#include "intel/export_model.h"
#include "store/sqlite_db.h"

namespace vigie::store {

// Campaigns with last_seen >= since_us, incidents with last_seen >= since_us or in
// one of those campaigns (whole: counts are the incident's, not the window's).
Result<void> read_export_incidents(Db& db, int64_t since_us, std::vector<intel::ObservedIncident>& incidents,
                                   std::vector<intel::ObservedCampaign>& campaigns);

}  // namespace vigie::store
