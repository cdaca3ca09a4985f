// What incident grouping and campaign linking need to know about one stored alert:
// a plain row, so src/intel stays free of SQLite (src/store fills it).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace vigie::intel {

// App-layer facts from the alert's EVE objects; empty when absent.
struct AppFacts {
    std::string ja3, ja4, http_user_agent, http_hostname, http_url, dns_rrname, tls_sni, file_sha256;
};

struct AlertFacts {
    int64_t alert_id = 0;  // the store's row id (written back as alerts.incident_id)
    int64_t ts = 0;        // UTC microseconds
    // Views into text the caller keeps alive while the rows are used (the store
    // interns each distinct value once: a million alerts repeat a few thousand).
    std::string_view attacker_ip, target_ip;
    std::string_view target_org = "unknown", target_sector = "unknown";
    std::string_view signature, category;
    int64_t sid = 0;
    std::optional<int64_t> attacker_asn;
    // Null for most alerts (scans carry no app-layer object): a million rows stay small.
    std::shared_ptr<AppFacts> app;

    AppFacts& app_facts() {
        if (!app) app = std::make_shared<AppFacts>();
        return *app;
    }
};

}  // namespace vigie::intel
