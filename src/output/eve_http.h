// The `http` object of EVE records (event_type "http", and alert metadata), with
// Suricata's field names and order (output-json-http.c). The caller writes the
// record header; this writes only "http": {...}.
#pragma once
#include "app/http/http_transaction.h"
#include "output/json_line.h"

namespace vigie::output {

// `extended`: Suricata's eve-log.http.extended (referer, method, protocol, status,
// redirect, length). `dump_all_headers`: request_headers and response_headers arrays.
void write_http_object(JsonLine& j, const app::HttpTransaction& tx, bool extended, bool dump_all_headers);

}  // namespace vigie::output
