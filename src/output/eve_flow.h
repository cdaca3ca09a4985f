// EVE `flow` records (one per flow, when it ends) and `anomaly` records.
#pragma once
#include <string>
#include <string_view>

#include "app/app_proto.h"
#include "decode/packet.h"
#include "flow/flow.h"
#include "output/json_line.h"

namespace vigie::output {

// Header of a record about a flow rather than a packet (flow, and transaction
// records): addresses are the flow's client -> server, as Suricata writes them.
void write_flow_header(JsonLine& j, const Flow& f, const Timestamp& ts, const char* event_type, uint64_t pcap_cnt);
// "aa:bb:cc:dd:ee:ff".
std::string mac_text(const uint8_t* mac);
// `ether` {src_mac, dest_mac}, when the run has outputs.eve-log.ethernet on.
void write_ether(JsonLine& j, const uint8_t* src, const uint8_t* dst);
// `community_id` of the flow, when the run has it on (output/community_id.h).
void write_community_id(JsonLine& j, const Flow& f);

void format_flow_record(JsonLine& j, const Flow& f, FlowEndReason reason, app::AppProto proto);

// Application-layer anomaly: {"type":"applayer","event":NAME,"layer":"proto_parser","app_proto":...}.
void format_app_anomaly(JsonLine& j, const Flow& f, const Packet& p, bool to_server, app::AppProto proto,
                        std::string_view event, uint64_t tx_id);
// Decoder anomaly of one packet: {"type":"decode","event":"decoder.ipv4.trunc_pkt"}.
void format_decode_anomaly(JsonLine& j, const Packet& p, const Flow* f, std::string_view event);

}  // namespace vigie::output
