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
    std::vector<uint32_t> alerts;  // indices into the input rows, by time
};

// `window_us`: the longest pause between two consecutive alerts of one incident.
std::vector<Incident> group_incidents(const std::vector<AlertFacts>& alerts, int64_t window_us);

// "90m", "1h", "2d", "3600s" or plain seconds -> microseconds; nullopt when unreadable or <= 0.
std::optional<int64_t> parse_window(const std::string& text);

}  // namespace vigie::intel
