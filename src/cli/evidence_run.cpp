#include "cli/evidence_run.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/version.h"
#include "cli/worker.h"
#include "evidence/keys.h"

namespace vigie::cli {

std::string evidence_store_dir(const RunConfig& cfg) {
    return cfg.evidence.store_dir.empty() ? cfg.outdir + "/evidence" : cfg.evidence.store_dir;
}

std::string replay_settings_json(const RunConfig& cfg) {
    nlohmann::ordered_json j;
    j["vars"]["address"] = cfg.vars.address;
    j["vars"]["port"] = cfg.vars.port;
    j["checksum_validation"] = cfg.checksum_validation;
    j["midstream"] = cfg.midstream;
    j["async_oneside"] = cfg.async_oneside;
    j["reassembly_depth"] = cfg.reassembly_depth;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::unique_ptr<EvidenceRun>> start_evidence(const RunConfig& cfg, const detect::Detector& det) {
    if (!cfg.evidence.enabled) return std::unique_ptr<EvidenceRun>();
    if (cfg.evidence.key_path.empty()) return make_error("--evidence needs --key DIR/sensor.key (create one with vigie keygen -o DIR)");
    auto key = evidence::load_signing_key(cfg.evidence.key_path);
    if (!key) return make_error(key.error());
    auto ev = std::make_unique<EvidenceRun>();
    auto rs = evidence::ruleset_sha256(cfg.rule_files);
    if (!rs) return make_error(rs.error());
    std::string sensor = cfg.evidence.sensor_id;
    if (sensor.empty()) {
        char host[256] = {0};
        sensor = gethostname(host, sizeof host - 1) == 0 && host[0] ? host : "vigie";
    }
    ev->recorder.flow_budget = cfg.evidence.flow_budget;
    ev->recorder.post_alert_packets = cfg.evidence.post_alert_packets;
    ev->recorder.sensor_id = sensor;
    ev->recorder.engine_version = std::string(kVersionString);
    ev->recorder.ruleset_sha256 = *rs;
    ev->recorder.replay_json = replay_settings_json(cfg);

    evidence::StoreConfig sc;
    sc.dir = evidence_store_dir(cfg);
    sc.checkpoint_every = cfg.evidence.checkpoint_every;
    sc.sensor_id = sensor;
    sc.engine_version = std::string(kVersionString);
    std::string notice;
    auto store = evidence::EvidenceStore::open(sc, *key, &notice);
    if (!store) return make_error(store.error());
    if (!notice.empty()) std::fprintf(stderr, "vigie: warning: %s", notice.c_str());
    ev->store = std::move(*store);
    ev->budget = std::make_unique<evidence::MemoryBudget>(cfg.evidence.memcap);
    ev->detector = &det;
    if (cfg.pcap.empty())
        ev->by_wall_clock = std::make_unique<evidence::WallClockCheckpoints>(*ev->store, cfg.evidence.checkpoint_seconds);
    else
        ev->by_capture_time =
            std::make_unique<evidence::CaptureTimeCheckpoints>(*ev->store, cfg.evidence.checkpoint_seconds);
    return ev;
}

Result<EvidenceTotals> finish_evidence(EvidenceRun& ev, const RunConfig& cfg) {
    if (ev.by_wall_clock) ev.by_wall_clock->stop();
    auto c = ev.store->close();
    const auto sc = ev.store->counters();
    const auto& t = ev.totals;
    EvidenceTotals e;
    e.enabled = true;
    e.records = sc.records;
    e.bytes = sc.bytes;
    e.tree_size = sc.tree_size;
    e.checkpoints = sc.checkpoints;
    e.write_errors = sc.write_errors;
    e.alerts_with_evidence = t.alerts_with_evidence;
    e.alerts_without_evidence = t.alerts_without_evidence;
    e.packets_recorded = t.packets_recorded;
    e.packets_copied = t.packets_copied;
    e.packets_dropped_flow_budget = t.packets_dropped_flow_budget;
    e.packets_dropped_memcap = t.packets_dropped_memcap;
    e.memcap_hits = ev.budget->cap_hits();
    e.memory_peak_bytes = ev.budget->peak();
    std::ofstream out(evidence_store_dir(cfg) + "/run-stats.json");
    out << evidence_stats_json(e).dump(2) << "\n";
    if (!c) return make_error(c.error());
    return e;
}

void print_evidence_summary(std::FILE* out, const EvidenceTotals& e) {
    std::fprintf(out,
                 "evidence: %llu records (%.2f MB, %.0f bytes per alert) for %llu alerts, log size %llu, %llu "
                 "checkpoints, %llu packets dropped by budgets\n",
                 static_cast<unsigned long long>(e.records), double(e.bytes) / 1e6, e.bytes_per_alert(),
                 static_cast<unsigned long long>(e.alerts_with_evidence), static_cast<unsigned long long>(e.tree_size),
                 static_cast<unsigned long long>(e.checkpoints),
                 static_cast<unsigned long long>(e.packets_dropped_flow_budget + e.packets_dropped_memcap));
    if (e.alerts_without_evidence)
        std::fprintf(stderr, "vigie: warning: %llu alerts written without evidence (the store could not be written)\n",
                     static_cast<unsigned long long>(e.alerts_without_evidence));
}

}  // namespace vigie::cli

// Worker's evidence hooks live here so worker.cpp carries only the three call sites.
namespace vigie::cli {

void Worker::enable_evidence(evidence::EvidenceStore& store, evidence::MemoryBudget& budget,
                             const evidence::RecorderConfig& rc) {
    evidence_ = std::make_unique<evidence::EvidenceRecorder>(rc, store, budget, detector_.rules(),
                                                             [this](std::string_view line) { eve_.add(line); });
}

void Worker::apply_verdicts() {
    pending_->take_verdicts(verdicts_);
    for (const auto& [token, allowed] : verdicts_) evidence_->decide(token, allowed);
    evidence_->write_parked();
}

void Worker::settle_evidence() {
    if (!evidence_) return;
    if (pending_) apply_verdicts();
    eve_.flush();
}

evidence::RecorderCounters Worker::evidence_counters() const {
    return evidence_ ? evidence_->counters() : evidence::RecorderCounters{};
}

}  // namespace vigie::cli
