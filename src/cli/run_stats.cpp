#include "cli/run_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <vector>

namespace vigie::cli {

namespace {

template <typename T>
void sum_fields(T& into, const T& from) {
    // The stats structs are plain aggregates of uint64_t counters (checked below),
    // so summing them field by field is summing them as arrays.
    static_assert(sizeof(T) % sizeof(uint64_t) == 0);
    auto* a = reinterpret_cast<uint64_t*>(&into);
    const auto* b = reinterpret_cast<const uint64_t*>(&from);
    for (size_t i = 0; i < sizeof(T) / sizeof(uint64_t); ++i) a[i] += b[i];
}

}  // namespace

void RunTotals::add(const WorkerTotals& w) {
    decode.merge(w.decode);
    sum_fields(defrag, w.defrag);
    sum_fields(flow.tcp, w.flow.tcp);
    flow.packets += w.flow.packets;
    flow.no_flow += w.flow.no_flow;
    flow.flows_created += w.flow.flows_created;
    flow.flows_active += w.flow.flows_active;
    flow.flows_timed_out += w.flow.flows_timed_out;
    flow.flows_evicted += w.flow.flows_evicted;
    flow.flows_flushed += w.flow.flows_flushed;
    flow.memcap_hits += w.flow.memcap_hits;
    flow.emergency_entered += w.flow.emergency_entered;
    sum_fields(detect, w.detect);
    sum_fields(app, w.app);
    alerts += w.alerts;
    pseudo_packets += w.pseudo_packets;
    for (const auto& [sid, n] : w.alerts_by_sid) alerts_by_sid[sid] += n;
}

nlohmann::json evidence_stats_json(const EvidenceTotals& e) {
    return {{"records", e.records},
            {"bytes", e.bytes},
            {"bytes_per_alert", e.bytes_per_alert()},
            {"alerts_with_evidence", e.alerts_with_evidence},
            {"alerts_without_evidence", e.alerts_without_evidence},
            {"packets_kept", e.packets_recorded},
            {"packets_copied", e.packets_copied},
            {"packets_dropped", e.packets_dropped_flow_budget + e.packets_dropped_memcap},
            {"packets_dropped_flow_budget", e.packets_dropped_flow_budget},
            {"packets_dropped_memcap", e.packets_dropped_memcap},
            {"memcap_hits", e.memcap_hits},
            {"memory_peak_bytes", e.memory_peak_bytes},
            {"checkpoints", e.checkpoints},
            {"tree_size", e.tree_size},
            {"write_errors", e.write_errors}};
}

Result<void> write_stats_json(const std::string& path, const RunTotals& t, const RuleLoadSummary& rl,
                              unsigned workers) {
    using nlohmann::json;
    json events = json::object();
    for (unsigned i = 0; i < kDecodeEventCount; ++i) {
        if (t.decode.events[i]) events[std::string(decode_event_name(static_cast<DecodeEvent>(i)))] = t.decode.events[i];
    }
    const double secs = t.packet_seconds > 0 ? t.packet_seconds : 1e-9;
    const auto& s = t.flow.tcp;
    json j = {
        {"run",
         {{"packets", t.capture.frames},
          {"bytes", t.capture.bytes},
          {"seconds", t.packet_seconds},
          {"cpu_seconds", t.packet_cpu_seconds},
          {"packets_per_cpu_second", t.packet_cpu_seconds > 0 ? double(t.capture.frames) / t.packet_cpu_seconds : 0.0},
          {"total_seconds", t.total_seconds},
          {"packets_per_second", double(t.capture.frames) / secs},
          {"mbit_per_second", double(t.capture.bytes) * 8 / 1e6 / secs},
          {"workers", workers},
          {"truncated_input", t.truncated},
          {"interrupted", t.interrupted},
          {"kernel_drops", t.capture.kernel_drops}}},
        {"decoder",
         {{"pkts", t.decode.packets},   {"bytes", t.decode.bytes},   {"ipv4", t.decode.ipv4},
          {"ipv6", t.decode.ipv6},      {"tcp", t.decode.tcp},       {"udp", t.decode.udp},
          {"icmpv4", t.decode.icmpv4},  {"icmpv6", t.decode.icmpv6}, {"vlan", t.decode.vlan},
          {"gre", t.decode.gre},        {"ipip", t.decode.ipip},     {"fragments", t.decode.fragments},
          {"invalid", t.decode.invalid}, {"event", events}}},
        {"defrag",
         {{"fragments", t.defrag.fragments},
          {"reassembled", t.defrag.reassembled},
          {"timeouts", t.defrag.timeouts},
          {"memcap_hits", t.defrag.memcap_hits},
          {"overlaps", t.defrag.overlaps},
          {"too_large", t.defrag.too_large},
          {"ignored", t.defrag.ignored}}},
        {"flow",
         {{"total", t.flow.flows_created},
          {"timed_out", t.flow.flows_timed_out},
          {"evicted", t.flow.flows_evicted},
          {"ended_at_shutdown", t.flow.flows_flushed},
          {"memcap_hits", t.flow.memcap_hits},
          {"emergency_entered", t.flow.emergency_entered},
          {"no_flow_packets", t.flow.no_flow}}},
        {"tcp",
         {{"sessions", s.sessions},
          {"midstream_pickups", s.midstream_pickups},
          {"midstream_ignored", s.midstream_ignored},
          {"syn", s.syn},
          {"synack", s.synack},
          {"rst", s.rst},
          {"fin", s.fin},
          {"stream_bytes", s.bytes_delivered},
          {"retransmissions", s.retransmissions},
          {"overlaps", s.overlaps},
          {"overlaps_diff_data", s.overlap_diff},
          {"out_of_order_queued", s.ooo_queued},
          {"gaps", s.gaps},
          {"gap_bytes", s.gap_bytes},
          {"ooo_memcap_hits", s.ooo_memcap_hits},
          {"segments_dropped_bounds", s.segments_dropped_bounds},
          {"depth_reached", s.depth_reached}}},
        {"rules",
         {{"loaded", rl.loaded},
          {"rejected", rl.parse_rejected + rl.compile_rejected},
          {"load_seconds", rl.load_seconds},
          {"groups", rl.build.groups},
          {"hyperscan_databases", rl.build.hs_databases},
          {"fast_patterns", rl.build.fast_patterns},
          {"without_prefilter", rl.build.rules_without_prefilter},
          {"hyperscan_cache_hit", rl.build.cache_hit}}},
        {"detect",
         {{"alerts", t.alerts},
          {"candidates_inspected", t.detect.candidates},
          {"alerts_over_cap", t.detect.alerts_over_cap},
          {"recursion_limit_hits", t.detect.recursion_limit_hits},
          {"pcre_limit_hits", t.detect.pcre_limit_hits},
          {"threshold_table_full", t.threshold_table_full},
          {"flow_end_inspections", t.pseudo_packets}}},
    };
    j["app_layer"] = {{"flows", {{"http", t.app.flows_http}, {"dns", t.app.flows_dns}, {"tls", t.app.flows_tls},
                                 {"ssh", t.app.flows_ssh}, {"failed", t.app.flows_failed}}},
                      {"tx", {{"http", t.app.tx_http}, {"dns", t.app.tx_dns}, {"tls", t.app.tx_tls},
                              {"ssh", t.app.tx_ssh}}},
                      {"tx_dropped", t.app.tx_dropped},
                      {"events", t.app.events}};
    json by_sid = json::object();
    for (const auto& [sid, n] : t.alerts_by_sid) by_sid[std::to_string(sid)] = n;
    j["detect"]["alerts_by_sid"] = by_sid;
    if (t.evidence.enabled) j["evidence"] = evidence_stats_json(t.evidence);
    if (t.file_store) {
        const auto& f = *t.file_store;
        j["file_store"] = {{"stored", f.stored},
                           {"deduplicated", f.deduplicated},
                           {"open_limit_hits", f.open_limit_hits},
                           {"depth_hits", f.depth_hits},
                           {"write_errors", f.write_errors}};
    }

    std::ofstream out(path);
    if (!out) return make_error("cannot write " + path);
    out << j.dump(2) << '\n';
    if (!out) return make_error("cannot write " + path);
    return {};
}

void print_summary(std::FILE* out, const RunTotals& t, const RuleLoadSummary& rl, const detect::Detector& det,
                   const RunConfig& cfg, const detect::IndicatorSet* indicators) {
    std::fprintf(out, "vigie: %llu packets (%.1f MB) in %.2f s, %llu flows, %zu rules loaded (%zu rejected), %llu alerts\n",
                 static_cast<unsigned long long>(t.capture.frames), double(t.capture.bytes) / 1e6, t.packet_seconds,
                 static_cast<unsigned long long>(t.flow.flows_created), rl.loaded,
                 rl.parse_rejected + rl.compile_rejected, static_cast<unsigned long long>(t.alerts));
    if (t.alerts_by_sid.empty()) return;
    std::map<uint32_t, const rules::Rule*> by_sid;
    for (const auto& r : det.rules()) by_sid.emplace(r.sid, &r);
    if (indicators)
        for (const auto& r : indicators->rules()) by_sid.emplace(r.sid, &r);
    std::vector<std::pair<uint64_t, uint32_t>> rows;
    for (const auto& [sid, n] : t.alerts_by_sid) rows.emplace_back(n, sid);
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    std::fprintf(out, "alerts by signature:\n");
    size_t shown = 0;
    for (const auto& [n, sid] : rows) {
        if (++shown > 20) {
            std::fprintf(out, "  ... %zu more signatures (see %s/stats.json)\n", rows.size() - 20, cfg.outdir.c_str());
            break;
        }
        auto it = by_sid.find(sid);
        std::fprintf(out, "  %8llu  [%u] %s\n", static_cast<unsigned long long>(n), sid,
                     it != by_sid.end() ? it->second->msg.c_str() : "");
    }
}

}  // namespace vigie::cli
