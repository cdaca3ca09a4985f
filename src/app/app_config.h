// Configuration of the application layer (Suricata's app-layer.protocols.* and
// libhtp limits, with its defaults).
#pragma once
#include <cstdint>

#include "app/file_spool.h"

namespace vigie::app {

struct AppConfig {
    bool http_enabled = true, dns_enabled = true, tls_enabled = true, ssh_enabled = true;
    // app-layer.protocols.dns.{tcp,udp}.enabled: per transport, overriding dns_enabled.
    bool dns_tcp_enabled = true, dns_udp_enabled = true;
    uint32_t http_request_body_limit = 100 * 1024;    // bytes of request body kept for inspection
    uint32_t http_response_body_limit = 100 * 1024;   // bytes of (decompressed) response body kept
    uint32_t http_decompress_layer_limit = 2;         // nested content-encodings decoded
    uint32_t http_max_header_bytes = 64 * 1024;       // a header block bigger than this is an anomaly
    uint32_t max_tx_per_flow = 512;                   // transactions held per flow; more are dropped and counted
    uint32_t probe_bytes = 2048;                      // bytes looked at to identify a protocol before giving up
    uint32_t tls_max_record = 1u << 16;
    // Where file bodies stream when they may be stored (filestore); not owned, null: off.
    FileSpoolFactory* file_spool = nullptr;
};

}  // namespace vigie::app
