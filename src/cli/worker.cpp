#include "cli/worker.h"

#include "detect/indicator_inspect.h"

namespace vigie::cli {

FlowConfig flow_config_from(const RunConfig& cfg) {
    FlowConfig fc;
    fc.max_flows = cfg.flow_max;
    fc.stream.midstream = cfg.midstream;
    fc.stream.async_oneside = cfg.async_oneside;
    fc.stream.depth = cfg.reassembly_depth;
    return fc;
}

app::AppConfig app_config_from(const RunConfig& cfg, app::FileSpoolFactory* files) {
    app::AppConfig ac;
    ac.file_spool = files;
    ac.http_request_body_limit = cfg.http_request_body_limit;
    ac.http_response_body_limit = cfg.http_response_body_limit;
    ac.http_decompress_layer_limit = cfg.http_decompress_layer_limit;
    ac.http_enabled = cfg.http_enabled;
    ac.tls_enabled = cfg.tls_enabled;
    ac.ssh_enabled = cfg.ssh_enabled;
    // Suricata: the per-transport setting, when given, overrides the protocol's.
    const bool dns = cfg.dns_enabled.value_or(true);
    ac.dns_tcp_enabled = cfg.dns_tcp_enabled.value_or(dns);
    ac.dns_udp_enabled = cfg.dns_udp_enabled.value_or(dns);
    ac.dns_enabled = ac.dns_tcp_enabled || ac.dns_udp_enabled;
    return ac;
}

namespace {
DecoderConfig decoder_config_from(const RunConfig& cfg) {
    DecoderConfig dc;
    dc.ipv4_checksum = cfg.checksum_validation;
    return dc;
}
DefragConfig defrag_config_from(const RunConfig& cfg) {
    DefragConfig dc;
    dc.memcap = cfg.defrag_memcap;
    return dc;
}
}  // namespace

Worker::Worker(const RunConfig& cfg, const detect::Detector& detector, output::EveFile* eve,
               PendingAlerts* pending, output::FileStore* files, const detect::IndicatorSet* indicators)
    : cfg_(cfg),
      detector_(detector),
      indicators_(indicators),
      dw_(detector.make_worker()),
      decoder_(decoder_config_from(cfg)),
      defrag_(defrag_config_from(cfg)),
      flows_(flow_config_from(cfg)),
      app_(app_config_from(cfg, files)),
      eve_(eve),
      files_(files) {
    tx_format_.http = cfg.types.http;
    tx_format_.http_extended = cfg.types.http_extended;
    tx_format_.http_dump_all_headers = cfg.types.http_dump_all_headers;
    tx_format_.dns = cfg.types.dns;
    tx_format_.dns_log = cfg.types.dns_log;
    tx_format_.tls = cfg.types.tls;
    tx_format_.tls_extended = cfg.types.tls_extended;
    tx_format_.tls_custom = cfg.types.tls_custom;
    tx_format_.ssh = cfg.types.ssh;
    tx_format_.files = cfg.types.files;
    tx_format_.file_magic = cfg.types.files_magic;
    alert_format_.payload = cfg.alert.payload;
    alert_format_.payload_printable = cfg.alert.payload_printable;
    alert_format_.packet = cfg.alert.packet;
    alert_format_.metadata = cfg.alert.metadata;
    alert_format_.rule_text = cfg.alert.rule_text;
    alerts_.reserve(64);
    pending_ = pending;
    flows_.set_flow_end_callback([this](Flow& f, FlowEndReason r) { on_flow_end(f, r); });
}

void Worker::process(uint64_t pcap_cnt, const Timestamp& ts, const uint8_t* data, uint32_t caplen,
                     uint32_t wirelen, uint16_t linktype) {
    if (evidence_ && pending_ && pending_->has_verdicts()) apply_verdicts();
    Packet& p = packet_;
    cur_cnt_ = pcap_cnt;
    p.pcap_cnt = pcap_cnt;
    p.ts = ts;
    p.data = data;
    p.caplen = caplen;
    p.wirelen = wirelen;
    p.linktype = linktype;
    decoder_.decode_packet(p);
    if (p.is_fragment && defrag_.add(p, whole_)) {
        decoder_.decode_reassembled(whole_);
        decode_stats_.add(whole_);
        process_decoded(whole_);
    }
    decode_stats_.add(p);
    process_decoded(p);
    done_cnt_.store(pcap_cnt, std::memory_order_release);
}

void Worker::process_decoded(Packet& p) {
    Flow* flow = nullptr;
    bool to_server = true;
    const StreamChunk* stream = nullptr;
    FlowLookup lk;
    // Fragments not yet reassembled carry no transport header: they are inspected
    // as IP packets (fragbits, ttl, ...) without a flow, as Suricata does.
    if (p.ip_version && !p.is_fragment) {
        lk = flows_.process(p);
        flow = lk.flow;
        to_server = lk.to_server;
        if (!lk.stream.empty()) stream = &lk.stream;
        if (evidence_ && flow) evidence_->on_packet(*flow, p);
    }
    if (cfg_.types.anomaly && cfg_.types.anomaly_decode) {
        for (unsigned i = 0; i < p.events.count; ++i) {
            output::format_decode_anomaly(line_, p, flow, decode_event_name(p.events.list[i]));
            eve_.add(line_.text());
        }
    }
    inspect_and_log(p, flow, to_server, stream, lk.new_flow);
}

void Worker::inspect_and_log(const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                             bool new_flow) {
    alerts_.clear();
    if (!flow) {
        detector_.inspect(*dw_, p, flow, to_server, stream, alerts_);
        if (indicators_) detect::inspect_addresses(*indicators_, p, nullptr, alerts_);
        if (!alerts_.empty()) emit_alerts(p, flow, to_server, stream, app::AppProto::Unknown);
        return;
    }
    app::AppUpdate& up = app_.process(*flow, p, to_server, stream);
    detect::AppInput ai{up.proto, std::span<app::Transaction* const>(up.touched.data(), up.touched.size()),
                        std::span<const app::AppEvent>(up.events.data(), up.events.size())};
    detector_.inspect(*dw_, p, flow, to_server, stream, &ai, alerts_);
    // A flow's addresses are checked once, on the packet that created it.
    if (indicators_ && new_flow) detect::inspect_addresses(*indicators_, p, flow, alerts_);
    if (!alerts_.empty()) emit_alerts(p, flow, to_server, stream, up.proto);
    if (!up.events.empty()) log_app_events(p, *flow, to_server, up);
    app::AppUpdate& done = app_.collect(*flow);
    if (!done.finished.empty()) {
        match_finished(p, *flow, to_server, done);
        log_finished(*flow, p.ts, p.pcap_cnt, done);
    }
}

void Worker::match_finished(const Packet& p, Flow& flow, bool to_server, const app::AppUpdate& done) {
    if (!indicators_) return;
    alerts_.clear();
    const int64_t ts = p.ts.usec_total();
    for (const auto& tx : done.finished) detect::inspect_transaction(*indicators_, *tx, ts, flow, alerts_);
    if (!alerts_.empty()) emit_alerts(p, &flow, to_server, nullptr, done.proto);
}

void Worker::log_app_events(const Packet& p, Flow& flow, bool to_server, const app::AppUpdate& up) {
    if (!cfg_.types.anomaly || !cfg_.types.anomaly_applayer) return;
    for (const auto& ev : up.events) {
        output::format_app_anomaly(line_, flow, p, to_server, up.proto, ev.name, ev.tx_id);
        eve_.add(line_.text());
    }
}

void Worker::log_finished(const Flow& flow, const Timestamp& ts, uint64_t pcap_cnt, const app::AppUpdate& up) {
    records_.clear();
    if (files_)
        for (const auto& tx : up.finished) files_->store_tx_files(*tx);  // before fileinfo says `stored`
    for (const auto& tx : up.finished) output::append_tx_records(records_, line_, flow, *tx, ts, pcap_cnt, tx_format_);
    if (!records_.empty()) eve_.add(records_);
}

void Worker::emit_alerts(const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                         app::AppProto proto) {
    uint32_t order = 0;
    for (const auto& a : alerts_) {
        if (a.action == rules::Action::Pass) continue;  // pass rules suppress, they do not log
        if (a.rule->filestore && a.tx) a.tx->store_files = true;
        if (!cfg_.types.alert) continue;
        const output::AlertEnrichment* enr = intel_ ? &intel_->enrich(a, p, flow, to_server) : nullptr;
        output::format_alert(line_, p, flow, to_server, a, stream, alert_format_, proto, &tx_format_, enr);
        if (a.threshold_pending && pending_) {
            PendingAlert pa;
            pa.pcap_cnt = p.pcap_cnt ? p.pcap_cnt : cur_cnt_;  // flow-end pseudo packets: when they ran
            pa.order = order++;
            pa.alert = a;
            pa.alert.tx = nullptr;  // the transaction may be gone when the sequencer runs
            pa.src = p.src;
            pa.dst = p.dst;
            pa.flow_id = flow ? flow->flow_id : 0;
            pa.ts = p.ts;
            if (evidence_) {
                // The recorder holds the line; the verdict comes back by apply_verdicts().
                pa.evidence_token = ++evidence_tokens_;
                evidence_->on_alert(flow, p, a, line_.text(), pa.evidence_token);
            } else {
                pa.line = line_.text();
            }
            pending_->add(std::move(pa));
            continue;
        }
        ++alerts_total_;
        ++alerts_by_sid_[a.rule->sid];
        if (flow) flow->alerted = true;
        if (evidence_) evidence_->on_alert(flow, p, a, line_.text());  // held until its record is sealed
        else eve_.add(line_.text());
    }
}

Packet& Worker::make_pseudo(const Flow& f, bool to_server) {
    Packet& p = pseudo_;
    p = Packet{};
    p.ts = f.last_seen;
    p.ip_version = f.client.is_v4() ? 4 : 6;
    p.ip_proto = f.ip_proto;
    p.src = to_server ? f.client : f.server;
    p.dst = to_server ? f.server : f.client;
    p.sp = to_server ? f.client_port : f.server_port;
    p.dp = to_server ? f.server_port : f.client_port;
    p.decoded_l4 = true;
    if (f.ip_proto == 6) p.tcp_flags = tcpflag::ACK;
    ++pseudo_packets_;
    return p;
}

void Worker::on_flow_end(Flow& f, FlowEndReason reason) {
    // Stream bytes still held behind a hole are inspected now, on a pseudo packet
    // carrying the flow's addresses, so data after a gap is not silently dropped.
    if (f.ip_proto == 6) {
        for (bool to_server : {true, false}) {
            for (;;) {
                StreamChunk chunk = flows_.drain_pending(f, to_server);
                if (chunk.empty()) break;
                inspect_and_log(make_pseudo(f, to_server), &f, to_server, &chunk);
            }
        }
    }
    const app::AppProto proto = app::AppLayer::proto_of(f);
    app::AppUpdate& done = app_.flow_end(f);
    if (!done.finished.empty()) {
        // Transactions the close completes (a body that runs until the close, a
        // response cut short) are inspected before they are logged, as Suricata
        // inspects at end of flow; per-transaction state keeps rules that already
        // fired on them from firing twice.
        closing_txs_.clear();
        for (const auto& tx : done.finished) closing_txs_.push_back(tx.get());
        detect::AppInput ai{done.proto, std::span<app::Transaction* const>(closing_txs_.data(), closing_txs_.size()),
                            std::span<const app::AppEvent>(done.events.data(), done.events.size())};
        for (bool to_server : {true, false}) {
            const Packet& p = make_pseudo(f, to_server);
            alerts_.clear();
            detector_.inspect(*dw_, p, &f, to_server, nullptr, &ai, alerts_);
            if (!alerts_.empty()) emit_alerts(p, &f, to_server, nullptr, done.proto);
            if (to_server) match_finished(p, f, true, done);
        }
        log_finished(f, f.last_seen, 0, done);
    }
    if (evidence_) evidence_->on_flow_end(f);
    if (intel_) intel_->forget(f);
    if (cfg_.types.flow) {
        output::format_flow_record(line_, f, reason, proto);
        eve_.add(line_.text());
    }
}

void Worker::finish() {
    flows_.flush_all();
    eve_.flush();
}

WorkerTotals Worker::totals() const {
    WorkerTotals t;
    t.decode = decode_stats_;
    t.defrag = defrag_.stats();
    t.flow = flows_.stats();
    t.detect = dw_->counters();
    t.alerts = alerts_total_;
    t.pseudo_packets = pseudo_packets_;
    t.alerts_by_sid = alerts_by_sid_;
    t.app = app_.stats();
    return t;
}

}  // namespace vigie::cli
