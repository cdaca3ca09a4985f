// The filters and paging of an API request (or of `vigie report` options), read
// from name -> value pairs. Empty values mean "not set" (the dashboard's form sends
// every field); an unknown name or an unreadable value is an error naming it.
#pragma once
#include <cstdint>
#include <map>
#include <string>

#include "common/result.h"
#include "store/alert_filter.h"

namespace vigie::web {

using Params = std::multimap<std::string, std::string>;

struct ViewQuery {
    store::AlertFilter filter;
    std::string by;        // /api/stats, /api/series
    int64_t limit = 100;   // 1..kMaxLimit
    int64_t offset = 0;
    int top = 10;          // /api/series: lines kept before "(other)"
};

inline constexpr int64_t kMaxLimit = 10000;

Result<ViewQuery> read_view_query(const Params& p);

// Sets a filter field by its parameter name (since, until, country, sector,
// signature, campaign); false with `error` set when the value is unreadable.
bool set_filter_field(store::AlertFilter& f, const std::string& name, const std::string& value, std::string& error);

}  // namespace vigie::web
