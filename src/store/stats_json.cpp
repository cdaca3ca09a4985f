#include "store/stats_json.h"

namespace vigie::store {

nlohmann::ordered_json stats_rows_json(const StatsTable& t) {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& r : t.rows) {
        nlohmann::ordered_json o;
        for (size_t c = 0; c < r.size(); ++c) {
            if (r[c].is_int) o[t.columns[c]] = r[c].i;
            else o[t.columns[c]] = r[c].s;
        }
        arr.push_back(std::move(o));
    }
    return arr;
}

}  // namespace vigie::store
