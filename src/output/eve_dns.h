// EVE `dns` object of a DNS transaction, in Suricata's formats.
//
// Default: version 3 (Suricata 8.0 and later, the conformance target 9.0.0):
// one `dns` record per message, "type" "request" or "response", header flags,
// opcode, rcode, a "queries" array, then "answers" (detailed) and/or "grouped",
// "authorities" and "additionals". Version 2 (`dns: version: 2` in Suricata's
// config) is also written: one "query" record per question, and one "answer"
// record per response. Alerts always embed the version 3 object.
//
// The pipeline writes the record header (timestamp, flow_id, event_type "dns",
// addresses: for a response the responder is src_ip) and calls these writers.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "app/dns/dns_transaction.h"
#include "output/json_line.h"

namespace vigie::output {

// Suricata's outputs.eve-log.types.dns settings.
struct DnsLogConfig {
    uint8_t version = 3;                 // 3 or 2
    bool requests = true;                // log request messages
    bool responses = true;               // log response messages
    bool detailed = true;                // "answers": one object per record
    bool grouped = true;                 // "grouped": rdata by record type
    std::vector<uint16_t> types;         // `types: [a, aaaa, ...]`; empty: every type
};

// `types:` entries by their config name ("a", "aaaa", "mx"... case-insensitive).
std::optional<uint16_t> dns_log_type_from_name(std::string_view name);

// How many `dns` records Suricata writes for this transaction: 0 when filtered
// out (direction disabled, no question of a logged type, no question at all),
// 1 in version 3, and for a version 2 request one per question of a logged type.
uint32_t dns_record_count(const app::DnsTransaction& tx, const DnsLogConfig& cfg);

// Appends "dns":{...} to `j` for record number `record` (< dns_record_count).
// `query_side` is the record's direction and must equal tx.is_request(): each
// DNS message is its own transaction. Returns false, writing nothing, when the
// record does not exist.
bool write_dns_object(JsonLine& j, const app::DnsTransaction& tx, bool query_side, const DnsLogConfig& cfg = {},
                      uint32_t record = 0);

// The "dns" object Suricata 8+ embeds in an alert on a DNS transaction:
// version 3, detailed answers, whatever the dns log settings.
void write_dns_alert_object(JsonLine& j, const app::DnsTransaction& tx);

}  // namespace vigie::output
