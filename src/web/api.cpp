#include "web/api.h"

#include "web/api_json.h"
#include "web/html.h"

namespace vigie::web {

namespace {

ApiResponse error(int status, const std::string& msg) { return {status, body_json(Json{{"error", msg}})}; }

}  // namespace

ApiResponse handle_api(store::Db& db, const std::string& path, const Params& params) {
    using View = Result<Json> (*)(store::Db&, const ViewQuery&);
    struct Endpoint {
        const char* path;
        View view;
        bool needs_by;
    };
    static const Endpoint endpoints[] = {
        {"/api/summary", summary_view, false},     {"/api/stats", stats_view, true},
        {"/api/series", series_view, true},        {"/api/campaigns", campaigns_view, false},
        {"/api/alerts", alerts_view, false},
    };
    for (const auto& e : endpoints) {
        if (path != e.path) continue;
        auto q = read_view_query(params);
        if (!q) return error(400, q.error());
        if (e.needs_by && q->by.empty()) return error(400, "by: required (e.g. by=source-country)");
        auto j = e.view(db, *q);
        // A view refuses only what the request asked (unknown `by`); the store's own
        // failures are reported the same way, with the message that names them.
        if (!j) return error(j.error().rfind("unknown ", 0) == 0 ? 400 : 500, j.error());
        return {200, body_json(*j)};
    }
    return error(404, "no such endpoint: " + path);
}

}  // namespace vigie::web
