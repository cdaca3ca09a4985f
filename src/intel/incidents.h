// Incidents: the alerts of one attacker on one target asset, of one signature
// family, without a pause longer than the window between two consecutive alerts.
// The target asset is the assets inventory's organisation, or the target IP when
// the organisation is unknown. Pure logic over rows (src/store loads and saves).
//
// Ids are 1.. in chronological order (first_seen, then attacker, target, family):
// the same alerts give the same incidents whatever order they were ingested in, and
// captures arriving later in time append incidents without renumbering older ones.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intel/alert_facts.h"

namespace vigie::intel {

inline constexpr int64_t kDefaultIncidentWindowUs = 3600LL * 1000000;  // 1 hour

struct Incident {
    int64_t id = 0;
    std::string attacker_ip, target_org, target_sector;
    std::optional<std::string> target_ip;  // the target address when all alerts hit one, else none
    std::string family;
    int64_t first_seen = 0, last_seen = 0;
    int64_t count = 0;             // alerts in the incident
    std::vector<uint32_t> alerts;  // indices into the input rows, by time (group_incidents only;
                                   // empty when built by IncidentStream, which keeps no rows)
};

// The target asset an incident is about: the organisation when the inventory knows
// it, else "ip:" and the address. Alerts must reach IncidentStream ordered by it.
std::string target_asset_key(std::string_view target_org, std::string_view target_ip);

// Orders incidents by (first_seen, attacker, organisation, target, family) and
// numbers them 1..: their ids. Returns, for each input position, the incident's id.
std::vector<int64_t> number_incidents(std::vector<Incident>& incidents);

// `window_us`: the longest pause between two consecutive alerts of one incident.
std::vector<Incident> group_incidents(const std::vector<AlertFacts>& alerts, int64_t window_us);

// "90m", "1h", "2d", "3600s" or plain seconds -> microseconds; nullopt when unreadable or <= 0.
std::optional<int64_t> parse_window(const std::string& text);

}  // namespace vigie::intel
