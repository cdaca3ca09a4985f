#include "cli/evidence_run.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/version.h"
#include "cli/worker.h"
#include "evidence/keys.h"

namespace vigie::cli {

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
    sc.dir = cfg.outdir + "/evidence";
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
    return ev;
}

Result<void> finish_evidence(EvidenceRun& ev, const RunConfig& cfg, std::FILE* summary) {
    auto c = ev.store->close();
    const auto sc = ev.store->counters();
    const auto& t = ev.totals;
    nlohmann::ordered_json j;
    j["records"] = sc.records;
    j["record_bytes"] = sc.bytes;
    j["tree_size"] = sc.tree_size;
    j["checkpoints"] = sc.checkpoints;
    j["write_errors"] = sc.write_errors;
    j["alerts_with_evidence"] = t.alerts_with_evidence;
    j["alerts_without_evidence"] = t.alerts_without_evidence;
    j["packets_copied"] = t.packets_copied;
    j["packets_dropped_flow_budget"] = t.packets_dropped_flow_budget;
    j["packets_dropped_memcap"] = t.packets_dropped_memcap;
    j["memcap_hits"] = ev.budget->cap_hits();
    j["memory_peak_bytes"] = ev.budget->peak();
    j["bytes_per_alert"] = t.alerts_with_evidence ? double(sc.bytes) / double(t.alerts_with_evidence) : 0.0;
    std::ofstream out(cfg.outdir + "/evidence/run-stats.json");
    out << j.dump(2) << "\n";
    std::fprintf(summary,
                 "evidence: %llu records (%.2f MB, %.0f bytes per alert) for %llu alerts, log size %llu, %llu "
                 "checkpoints, %llu packets dropped by budgets\n",
                 static_cast<unsigned long long>(sc.records), double(sc.bytes) / 1e6,
                 j["bytes_per_alert"].get<double>(), static_cast<unsigned long long>(t.alerts_with_evidence),
                 static_cast<unsigned long long>(sc.tree_size), static_cast<unsigned long long>(sc.checkpoints),
                 static_cast<unsigned long long>(t.packets_dropped_flow_budget + t.packets_dropped_memcap));
    if (t.alerts_without_evidence)
        std::fprintf(stderr, "vigie: warning: %llu alerts written without evidence (the store could not be written)\n",
                     static_cast<unsigned long long>(t.alerts_without_evidence));
    if (!c) return make_error(c.error());
    return {};
}

}  // namespace vigie::cli

// Worker's evidence hooks live here so worker.cpp carries only the three call sites.
namespace vigie::cli {

void Worker::enable_evidence(evidence::EvidenceStore& store, evidence::MemoryBudget& budget,
                             const evidence::RecorderConfig& rc) {
    evidence_ = std::make_unique<evidence::EvidenceRecorder>(rc, store, budget, detector_.rules(),
                                                             [this](std::string_view line) { eve_.add(line); });
}

evidence::RecorderCounters Worker::evidence_counters() const {
    return evidence_ ? evidence_->counters() : evidence::RecorderCounters{};
}

}  // namespace vigie::cli
