// Parser factories, one per protocol folder (app/http, app/dns, app/tls, app/ssh),
// and the protocol probes proto_detect uses.
#pragma once
#include <cstdint>
#include <memory>

#include "app/app_config.h"
#include "app/app_parser.h"

namespace vigie::app {

std::unique_ptr<AppParser> make_http_parser(const AppConfig& cfg);
std::unique_ptr<AppParser> make_dns_parser(const AppConfig& cfg, bool over_tcp);
std::unique_ptr<AppParser> make_tls_parser(const AppConfig& cfg);
std::unique_ptr<AppParser> make_ssh_parser(const AppConfig& cfg);

// Probes: does this first data of a direction look like the protocol?
// Yes, No, or NeedMore (too few bytes to tell).
enum class Probe : uint8_t { No, Yes, NeedMore };
Probe probe_http(const uint8_t* data, uint32_t len, bool to_server);
Probe probe_tls(const uint8_t* data, uint32_t len, bool to_server);
Probe probe_ssh(const uint8_t* data, uint32_t len, bool to_server);
Probe probe_dns(const uint8_t* data, uint32_t len, bool over_tcp);

}  // namespace vigie::app
