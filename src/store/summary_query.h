// The headline figures of a filtered view: how many alerts, since when, from how
// many countries, against how many organisations, how many with evidence.
#pragma once
#include <cstdint>
#include <optional>

#include "common/result.h"
#include "store/alert_filter.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct Summary {
    int64_t alerts = 0;
    std::optional<int64_t> first_us, last_us;
    int64_t countries = 0, signatures = 0, target_orgs = 0, captures = 0;
    int64_t with_evidence = 0;  // alerts carrying an evidence id
    int schema_version = 0;
    bool has_campaigns = false;
    int64_t campaigns = 0;      // with matching alerts
};

Result<Summary> summarise(Db& db, const AlertFilter& f);

}  // namespace vigie::store
