// EVE records of application transactions: http, dns, tls, ssh and fileinfo,
// plus the protocol object Suricata embeds in alerts on app-layer rules.
#pragma once
#include <optional>
#include <string>

#include "app/transaction.h"
#include "flow/flow.h"
#include "output/eve_dns.h"
#include "output/eve_tls.h"
#include "output/json_line.h"

namespace vigie::output {

struct TxFormat {
    bool http = true, http_extended = true, http_dump_all_headers = false;
    bool dns = true;
    DnsLogConfig dns_log;
    bool tls = true, tls_extended = true;
    std::optional<TlsLogFields> tls_custom;  // `custom:` field list, replacing basic/extended
    bool ssh = true;
    bool files = true;
    bool file_magic = true;       // fileinfo.magic (libmagic); Suricata: files.force-magic
};

// The protocol object of `tx` ("http": {...}, "tls": {...}, ...) for an alert.
void write_app_object(JsonLine& j, const app::Transaction& tx, const TxFormat& fmt);

// Every record a finished transaction produces, appended to `out` (complete lines).
void append_tx_records(std::string& out, JsonLine& j, const Flow& f, const app::Transaction& tx,
                       const Timestamp& ts, uint64_t pcap_cnt, const TxFormat& fmt);

}  // namespace vigie::output
