// Reading campaigns back for `vigie campaigns`: one summary per campaign (counts,
// top target sectors, top source countries and ASNs, the evidence ids of its
// alerts) and, for one campaign, every incident with the link that brought it in.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "store/sqlite_db.h"

namespace vigie::store {

using Counted = std::vector<std::pair<std::string, int64_t>>;  // value, alerts; most first

struct CampaignSummary {
    int64_t id = 0;
    std::string label;
    int64_t first_seen = 0, last_seen = 0, alerts = 0, incidents = 0;
    Counted top_sectors, top_countries, top_asns;
    std::vector<std::string> evidence_ids;  // at most kMaxEvidenceIds, by alert time
    int64_t evidence_total = 0;             // alerts of the campaign with an evidence id
};

struct CampaignMember {
    int64_t incident_id = 0;
    std::optional<int64_t> linked_to;
    std::string reason;
    std::string attacker_ip, target_org, target_sector, family;
    std::optional<std::string> target_ip;
    int64_t first_seen = 0, last_seen = 0, alerts = 0;
};

inline constexpr int kTopN = 3;
inline constexpr int kMaxEvidenceIds = 10;

// All campaigns by id, or only `only` (empty result when it does not exist).
Result<std::vector<CampaignSummary>> list_campaigns(Db& db, std::optional<int64_t> only);
Result<std::vector<CampaignMember>> campaign_members(Db& db, int64_t campaign_id);

}  // namespace vigie::store
