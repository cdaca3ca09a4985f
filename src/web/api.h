// The dashboard's JSON API as a function of (path, parameters) -> (status, body),
// free of HTTP so tests call it directly; server.cpp only forwards to it.
//   /api/summary  /api/stats?by=  /api/series?by=  /api/campaigns  /api/alerts
// Every endpoint takes the filters since, until, country, sector, signature,
// campaign; see docs/dashboard.md.
#pragma once
#include <string>

#include "store/sqlite_db.h"
#include "web/query_params.h"

namespace vigie::web {

struct ApiResponse {
    int status = 200;
    std::string body;  // JSON; {"error": "..."} when status is not 200
};

ApiResponse handle_api(store::Db& db, const std::string& path, const Params& params);

}  // namespace vigie::web
