// EVE `alert` records with Suricata's field names and formats.
#pragma once
#include <string>

#include "decode/packet.h"
#include "detect/alert.h"
#include "flow/flow.h"
#include "app/app_proto.h"
#include "output/alert_enrichment.h"
#include "output/eve_tx.h"
#include "output/json_line.h"

namespace vigie::output {

struct AlertFormat {
    bool payload = false;
    bool payload_printable = false;
    bool packet = false;
    bool metadata = true;
    bool rule_text = false;
};

// Suricata's protocol names in EVE ("TCP", "UDP", "ICMP", "IPv6-ICMP", ...).
const char* proto_name(uint8_t ip_proto);

// The fields every packet-based EVE record starts with: timestamp, flow_id,
// pcap_cnt, event_type, addresses, ports (or ICMP type/code), proto, ip_v.
void write_common_header(JsonLine& j, const Packet& p, const Flow* flow, const char* event_type);

// Compose one alert line into `j` (j.text() afterwards holds it, newline included).
// `stream` is the reassembled data the alert matched on, when it did.
// `proto` is the flow's application protocol (written as app_proto when known);
// an alert on a transaction carries tx_id and the transaction's protocol object.
// `intel` (intel options given) goes under the top-level "vigie" object.
void format_alert(JsonLine& j, const Packet& p, const Flow* flow, bool to_server, const detect::Alert& a,
                  const StreamChunk* stream, const AlertFormat& fmt, app::AppProto proto = app::AppProto::Unknown,
                  const TxFormat* txfmt = nullptr, const AlertEnrichment* intel = nullptr);

}  // namespace vigie::output
