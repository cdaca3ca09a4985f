#include "web/query_params.h"

#include <charconv>

#include "store/stats_query.h"

namespace vigie::web {

namespace {

bool read_int(const std::string& v, int64_t lo, int64_t hi, int64_t& out) {
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size() && out >= lo && out <= hi;
}

}  // namespace

bool set_filter_field(store::AlertFilter& f, const std::string& name, const std::string& value, std::string& error) {
    if (name == "since" || name == "until") {
        auto t = store::parse_time_bound(value);
        if (!t) {
            error = name + ": cannot read time '" + value + "'";
            return false;
        }
        (name == "since" ? f.since_us : f.until_us) = t;
    } else if (name == "country") {
        f.country = value;
    } else if (name == "sector") {
        f.sector = value;
    } else if (name == "signature") {
        f.signature = value;
    } else if (name == "campaign") {
        int64_t id = 0;
        if (!read_int(value, 0, INT64_MAX, id)) {
            error = "campaign: expects a campaign id, got '" + value + "'";
            return false;
        }
        f.campaign_id = id;
    } else {
        error = "unknown parameter '" + name + "'";
        return false;
    }
    return true;
}

Result<ViewQuery> read_view_query(const Params& p) {
    ViewQuery q;
    for (const auto& [name, value] : p) {
        if (value.empty()) continue;
        std::string err;
        int64_t n = 0;
        if (name == "by") {
            q.by = value;
        } else if (name == "limit") {
            if (!read_int(value, 1, kMaxLimit, n)) return make_error("limit: expects 1-" + std::to_string(kMaxLimit));
            q.limit = n;
        } else if (name == "offset") {
            if (!read_int(value, 0, INT64_MAX, n)) return make_error("offset: expects a count from 0");
            q.offset = n;
        } else if (name == "top") {
            if (!read_int(value, 1, 100, n)) return make_error("top: expects 1-100");
            q.top = static_cast<int>(n);
        } else if (!set_filter_field(q.filter, name, value, err)) {
            return make_error(err);
        }
    }
    return q;
}

}  // namespace vigie::web
