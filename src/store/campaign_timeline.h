// Campaigns for the report's and dashboard's timeline: each with its label, its lifetime and totals as the
// campaign stage recorded them, and the alerts of it that match the filter (count,
// first and last). A store without the campaigns tables (schema version 1) gives an
// empty list and a note saying why, never an error.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct TimelineCampaign {
    int64_t id = 0;
    std::string label;
    int64_t first_seen = 0, last_seen = 0;  // the campaign's whole life (us)
    int64_t alerts_total = 0, incidents = 0;
    int64_t alerts = 0;                     // matching the filter
    int64_t first_match = 0, last_match = 0;
};

struct CampaignTimeline {
    bool available = false;  // the store has campaigns tables
    std::string note;        // why the list is empty, when it is
    std::vector<TimelineCampaign> campaigns;  // by matching alerts, descending
};

Result<CampaignTimeline> campaign_timeline(Db& db, const AlertFilter& f, int64_t limit);

}  // namespace vigie::store
