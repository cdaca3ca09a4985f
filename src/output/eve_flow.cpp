#include "output/eve_flow.h"

#include <cctype>
#include <string>

#include "output/community_id.h"
#include "output/eve_run_options.h"
#include "output/eve_alert.h"

namespace vigie::output {

void write_flow_header(JsonLine& j, const Flow& f, const Timestamp& ts, const char* event_type, uint64_t pcap_cnt) {
    j.str("timestamp", ts.to_eve());
    j.unum("flow_id", f.flow_id);
    if (pcap_cnt) j.unum("pcap_cnt", pcap_cnt);
    j.str("event_type", event_type);
    j.str("src_ip", f.client.to_eve_string());
    if (f.ip_proto == 6 || f.ip_proto == 17) j.unum("src_port", f.client_port);
    j.str("dest_ip", f.server.to_eve_string());
    if (f.ip_proto == 6 || f.ip_proto == 17) j.unum("dest_port", f.server_port);
    j.num("ip_v", f.client.is_v4() ? 4 : 6);
    if (const char* name = proto_name(f.ip_proto)) j.str("proto", name);
    else j.str("proto", std::to_string(f.ip_proto));
    write_community_id(j, f);
}

std::string mac_text(const uint8_t* m) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 6; ++i) {
        if (i) s.push_back(':');
        s.push_back(kHex[m[i] >> 4]);
        s.push_back(kHex[m[i] & 15]);
    }
    return s;
}

void write_ether(JsonLine& j, const uint8_t* src, const uint8_t* dst) {
    if (!eve_run_options().ethernet) return;
    j.open_object("ether");
    j.str("src_mac", mac_text(src));
    j.str("dest_mac", mac_text(dst));
    j.close_object();
}

void write_community_id(JsonLine& j, const Flow& f) {
    const auto& seed = eve_run_options().community_id_seed;
    if (!seed) return;
    const std::string id = community_id(f.client, f.client_port, f.server, f.server_port, f.ip_proto, *seed);
    if (!id.empty()) j.str("community_id", id);
}

namespace {

const char* state_name(const Flow& f) {
    if (f.ip_proto == 6) {
        switch (f.tcp_state) {
            case TcpState::Established:
            case TcpState::FinWait:
            case TcpState::Closing: return "established";
            case TcpState::Closed: return "closed";
            default: return "new";
        }
    }
    return f.seen_toserver && f.seen_toclient ? "established" : "new";
}

const char* reason_name(FlowEndReason r) {
    switch (r) {
        case FlowEndReason::Timeout: return "timeout";
        case FlowEndReason::Forced: return "forced";
        case FlowEndReason::Shutdown: return "shutdown";
        case FlowEndReason::Evicted: return "forced";  // Suricata's word for a flow ended early
    }
    return "shutdown";
}

}  // namespace

void format_flow_record(JsonLine& j, const Flow& f, FlowEndReason reason, app::AppProto proto) {
    j.begin();
    write_flow_header(j, f, f.last_seen, "flow", 0);
    if (proto != app::AppProto::Unknown) j.str("app_proto", app::app_proto_name(proto));
    if (eve_run_options().ethernet && f.macs_seen) {
        j.open_object("ether");
        j.open_array("src_macs");
        j.elem_str(mac_text(f.client_mac.data()));
        j.close_array();
        j.open_array("dest_macs");
        j.elem_str(mac_text(f.server_mac.data()));
        j.close_array();
        j.close_object();
    }
    j.open_object("flow");
    j.unum("pkts_toserver", f.pkts_toserver);
    j.unum("pkts_toclient", f.pkts_toclient);
    j.unum("bytes_toserver", f.bytes_toserver);
    j.unum("bytes_toclient", f.bytes_toclient);
    j.str("start", f.start.to_eve());
    j.str("end", f.last_seen.to_eve());
    j.num("age", static_cast<int64_t>(f.last_seen.sec - f.start.sec));
    j.str("state", state_name(f));
    j.str("reason", reason_name(reason));
    j.boolean("alerted", f.alerted);
    j.close_object();
    j.end();
}

void format_app_anomaly(JsonLine& j, const Flow& f, const Packet& p, bool to_server, app::AppProto proto,
                        std::string_view event, uint64_t tx_id) {
    j.begin();
    write_common_header(j, p, &f, "anomaly");
    j.unum("tx_id", tx_id);
    j.str("app_proto", app::app_proto_name(proto));
    j.open_object("anomaly");
    j.str("app_proto", app::app_proto_name(proto));
    j.str("type", "applayer");
    // Parsers name events "http.request_header_invalid"; Suricata's anomaly records
    // carry the bare upper-case name, "REQUEST_HEADER_INVALID".
    std::string name(event.substr(event.find('.') == std::string_view::npos ? 0 : event.find('.') + 1));
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    j.str("event", name);
    j.str("layer", "proto_parser");
    j.close_object();
    j.end();
}

void format_decode_anomaly(JsonLine& j, const Packet& p, const Flow* f, std::string_view event) {
    j.begin();
    write_common_header(j, p, f, "anomaly");
    j.open_object("anomaly");
    j.str("type", "decode");
    j.str("event", event);
    j.close_object();
    j.end();
}

}  // namespace vigie::output
