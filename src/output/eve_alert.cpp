#include "output/eve_alert.h"

#include "detect/indicator_set.h"
#include "output/eve_flow.h"

#include <string_view>
#include <utility>
#include <vector>

namespace vigie::output {

const char* proto_name(uint8_t ip_proto) {
    switch (ip_proto) {
        case 1: return "ICMP";
        case 2: return "IGMP";
        case 6: return "TCP";
        case 17: return "UDP";
        case 41: return "IPV6";
        case 47: return "GRE";
        case 50: return "ESP";
        case 51: return "AH";
        case 58: return "IPv6-ICMP";
        case 103: return "PIM";
        case 132: return "SCTP";
        default: return nullptr;
    }
}

void write_common_header(JsonLine& j, const Packet& p, const Flow* flow, const char* event_type) {
    j.str("timestamp", p.ts.to_eve());
    if (flow) j.unum("flow_id", flow->flow_id);
    if (p.pcap_cnt) j.unum("pcap_cnt", p.pcap_cnt);  // 0: a flow-end pseudo packet, not from the capture
    j.str("event_type", event_type);
    if (p.ip_version) {
        j.str("src_ip", p.src.to_eve_string());
        if (p.is_tcp() || p.is_udp()) j.unum("src_port", p.sp);
        j.str("dest_ip", p.dst.to_eve_string());
        if (p.is_tcp() || p.is_udp()) j.unum("dest_port", p.dp);
        j.num("ip_v", p.ip_version);
        if (const char* name = proto_name(p.ip_proto)) j.str("proto", name);
        else j.str("proto", std::to_string(p.ip_proto));
        if (p.is_icmp()) {
            j.unum("icmp_type", p.icmp_type);
            j.unum("icmp_code", p.icmp_code);
        }
    }
    j.str("pkt_src", "wire/pcap");
    if (p.eth) write_ether(j, p.eth + 6, p.eth);
    if (flow) write_community_id(j, *flow);
}

namespace {

const char* action_word(rules::Action a) {
    switch (a) {
        case rules::Action::Alert: return "alert";
        case rules::Action::Pass: return "pass";
        case rules::Action::Drop: return "drop";
        case rules::Action::Reject: return "reject";
        case rules::Action::RejectSrc: return "rejectsrc";
        case rules::Action::RejectDst: return "rejectdst";
        case rules::Action::RejectBoth: return "rejectboth";
    }
    return "alert";
}

// Suricata writes metadata as {key: [values...]}, keys in first-seen order.
void write_metadata(JsonLine& j, const rules::Rule& r) {
    if (r.metadata.empty()) return;
    std::vector<std::string_view> keys;
    for (const auto& [k, v] : r.metadata) {
        bool seen = false;
        for (auto s : keys) seen = seen || s == k;
        if (!seen) keys.push_back(k);
    }
    j.open_object("metadata");
    for (auto k : keys) {
        j.open_array(k);
        for (const auto& [k2, v] : r.metadata)
            if (k2 == k) j.elem_str(v);
        j.close_array();
    }
    j.close_object();
}

// Suricata's alert.source / alert.target, written for rules with `target:`: the
// victim is the address the keyword names, the source the other one.
void write_source_target(JsonLine& j, const Packet& p, const rules::Rule& r) {
    const bool src_is_target = r.target == rules::Rule::Target::Src;
    const bool ports = p.is_tcp() || p.is_udp();
    auto side = [&](const char* name, bool packet_src) {
        j.open_object(name);
        j.str("ip", (packet_src ? p.src : p.dst).to_string());
        if (ports) j.unum("port", packet_src ? p.sp : p.dp);
        j.close_object();
    };
    side("source", !src_is_target);
    side("target", src_is_target);
}

// vigie.indicator: which shared indicator raised the alert, so a partner's id,
// feed and confidence travel with the alert into the store and the sightings.
void write_indicator(JsonLine& j, const detect::IndicatorInfo& in, std::string_view matched, const IpAddr& host) {
    j.open_object("indicator");
    j.str("id", in.id);
    j.str("feed", in.feed_name);
    if (in.confidence >= 0) j.num("confidence", in.confidence);
    j.str("kind", detect::indicator_kind_name(in.kind));
    j.str("value", in.value);
    j.str("matched", matched);
    if (host.family) j.str("host", host.to_string());
    j.close_object();
}

}  // namespace

void format_alert(JsonLine& j, const Packet& p, const Flow* flow, bool to_server, const detect::Alert& a,
                  const StreamChunk* stream, const AlertFormat& fmt, app::AppProto proto, const TxFormat* txfmt,
                  const AlertEnrichment* intel) {
    const rules::Rule& r = *a.rule;
    j.begin();
    write_common_header(j, p, flow, "alert");
    if (a.tx) j.unum("tx_id", a.tx->tx_id);
    if (flow) j.str("direction", to_server ? "to_server" : "to_client");
    if (proto != app::AppProto::Unknown) j.str("app_proto", app::app_proto_name(proto));

    j.open_object("alert");
    // IDS mode: nothing is blocked, so Suricata reports every alert as "allowed";
    // the rule's own action is kept under vigie.rule_action when it is not "alert".
    j.str("action", "allowed");
    j.unum("gid", r.gid);
    j.unum("signature_id", r.sid);
    j.unum("rev", r.rev);
    j.str("signature", r.msg);
    j.str("category", r.category);
    j.num("severity", r.priority);
    if (r.target != rules::Rule::Target::None && p.ip_version) write_source_target(j, p, r);
    if (fmt.metadata) write_metadata(j, r);
    if (fmt.rule_text) j.str("rule", r.text);
    j.close_object();

    if (a.tx && txfmt) write_app_object(j, *a.tx, *txfmt);
    if (flow) {
        j.open_object("flow");
        j.unum("pkts_toserver", flow->pkts_toserver);
        j.unum("pkts_toclient", flow->pkts_toclient);
        j.unum("bytes_toserver", flow->bytes_toserver);
        j.unum("bytes_toclient", flow->bytes_toclient);
        j.str("start", flow->start.to_eve());
        j.str("src_ip", flow->client.to_eve_string());
        j.str("dest_ip", flow->server.to_eve_string());
        if (flow->ip_proto == 6 || flow->ip_proto == 17) {
            j.unum("src_port", flow->client_port);
            j.unum("dest_port", flow->server_port);
        }
        j.close_object();
    }

    const uint8_t* pl = p.payload;
    size_t pl_len = p.payload_len;
    if (a.from_stream && stream && stream->data) {
        pl = stream->data;
        pl_len = stream->len;
    }
    if (fmt.payload && pl_len) {
        j.key("payload");
        std::string b64;
        append_base64(b64, pl, pl_len);
        j.append_string(b64);
    }
    if (fmt.payload_printable && pl_len) {
        std::string pr;
        append_printable(pr, pl, pl_len);
        j.str("payload_printable", pr);
    }
    if (fmt.payload || fmt.payload_printable) j.num("stream", a.from_stream ? 1 : 0);
    if (fmt.packet && p.data) {
        std::string b64;
        append_base64(b64, p.data, p.caplen);
        j.str("packet", b64);
        j.open_object("packet_info");
        j.unum("linktype", p.linktype);
        j.close_object();
    }
    // One "vigie" object for everything of Vigie's (the evidence recorder adds
    // vigie.evidence into it later: evidence/alert_line.h).
    if (a.action != rules::Action::Alert || intel || a.indicator) {
        j.open_object("vigie");
        if (a.action != rules::Action::Alert) j.str("rule_action", action_word(a.action));
        if (a.indicator) write_indicator(j, *a.indicator, a.indicator_matched, a.indicator_host);
        if (intel) write_enrichment_members(j, *intel);
        j.close_object();
    }
    j.end();
}

}  // namespace vigie::output
