// The views as JSON, one function per view. The dashboard's API returns them and
// the report embeds the same objects, so both show the same numbers.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "common/result.h"
#include "store/sqlite_db.h"
#include "web/query_params.h"

namespace vigie::web {

using Json = nlohmann::ordered_json;

// UTC microseconds -> "2024-03-01T12:00:00Z".
std::string iso_time(int64_t us);

Result<Json> summary_view(store::Db& db, const ViewQuery& q);
Result<Json> stats_view(store::Db& db, const ViewQuery& q);      // q.by: a `vigie stats --by` name
Result<Json> series_view(store::Db& db, const ViewQuery& q);     // q.by: target-sector, source-country, signature
Result<Json> campaigns_view(store::Db& db, const ViewQuery& q);
Result<Json> alerts_view(store::Db& db, const ViewQuery& q);

// The filter as the request gave it, echoed in every answer.
Json filter_json(const store::AlertFilter& f);

}  // namespace vigie::web
