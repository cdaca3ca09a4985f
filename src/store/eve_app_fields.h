// The app-layer facts an EVE alert carries next to it, as Vigie and Suricata write
// them: http {hostname, url, http_user_agent}, tls {sni, ja3.hash, ja4},
// dns {rrname | query[].rrname | queries[].rrname} (EVE v2, Suricata 7 alerts, v3),
// files[].sha256 or fileinfo.sha256. Absent or mistyped fields stay empty.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include "store/alert_row.h"

namespace vigie::store {

void read_app_fields(const nlohmann::json& record, AlertRow& r);

}  // namespace vigie::store
