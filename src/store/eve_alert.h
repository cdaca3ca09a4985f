// EVE alert line -> AlertRow (without enrichment, unless the line carries Vigie's
// vigie.source / vigie.target: then those are taken as written). Accepts Vigie's and Suricata's
// EVE: alert.source / alert.target (written by Suricata when the rule has
// `target:`) decide the attacker side when present.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "store/alert_row.h"

namespace vigie::store {

// nullopt: a valid EVE record that is not an alert (skipped, counted). Error: not
// JSON, or an alert missing what the store needs (reason without location).
Result<std::optional<AlertRow>> parse_eve_alert(std::string_view line);

// "2011-09-27T18:07:22.201718+0000" (also Z, +hh:mm, no fraction) -> UTC microseconds.
std::optional<int64_t> parse_eve_time(std::string_view text);
// Microseconds -> "YYYY-MM".
std::string month_of(int64_t ts_us);

}  // namespace vigie::store
