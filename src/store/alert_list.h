// The alerts behind a figure: every alert matching a filter, oldest first, with the
// evidence record that proves it (evidence id and record SHA-256, when the run kept
// evidence) and the capture it came from. `total` counts all matches, `alerts`
// holds at most `limit` of them from `offset`.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct ListedAlert {
    int64_t id = 0, ts = 0;
    std::string timestamp;
    std::string attacker_ip, attacker_country;
    std::optional<int64_t> attacker_asn;
    std::string target_ip, target_org, target_sector;
    int64_t gid = 1, sid = 0;
    std::string signature;
    std::optional<std::string> evidence_id, evidence_record_sha256;
    std::string capture_sha256;
    std::optional<int64_t> campaign_id;  // schema 2, when grouped
};

struct AlertList {
    int64_t total = 0;
    std::vector<ListedAlert> alerts;
};

Result<AlertList> list_alerts(Db& db, const AlertFilter& f, int64_t limit, int64_t offset = 0);

}  // namespace vigie::store
