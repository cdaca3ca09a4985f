// Run totals: counters of every stage summed over workers, written to stats.json
// and summarised for a person at the end of `vigie run`.
#pragma once
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "capture/capture_source.h"
#include "cli/config.h"
#include "cli/worker.h"
#include "common/result.h"
#include "detect/detector.h"

namespace vigie::cli {

struct RuleLoadSummary {
    size_t loaded = 0;
    size_t parse_rejected = 0;
    size_t compile_rejected = 0;
    double load_seconds = 0;
    detect::BuildStats build;
};

// The evidence store's share of the run (vigie run --evidence).
struct EvidenceTotals {
    bool enabled = false;
    uint64_t records = 0, bytes = 0, tree_size = 0, checkpoints = 0, write_errors = 0;
    uint64_t alerts_with_evidence = 0, alerts_without_evidence = 0;
    uint64_t packets_recorded = 0, packets_copied = 0;
    uint64_t packets_dropped_flow_budget = 0, packets_dropped_memcap = 0, memcap_hits = 0;
    uint64_t memory_peak_bytes = 0;
    double bytes_per_alert() const { return alerts_with_evidence ? double(bytes) / double(alerts_with_evidence) : 0; }
};

struct RunTotals {
    CaptureCounters capture;
    DecodeStats decode;
    DefragStats defrag;
    FlowStats flow;
    detect::DetectCounters detect;
    app::AppStats app;
    uint64_t alerts = 0;
    uint64_t pseudo_packets = 0;
    uint64_t threshold_table_full = 0;
    std::map<uint32_t, uint64_t> alerts_by_sid;
    std::optional<output::FileStoreStats> file_store;  // when the file store was on
    double packet_seconds = 0;
    // CPU time (all threads) spent while packets were read and inspected: a
    // benchmark figure that load from other processes disturbs less than wall time.
    double packet_cpu_seconds = 0;
    double total_seconds = 0;
    bool truncated = false;
    bool interrupted = false;
    EvidenceTotals evidence;

    void add(const WorkerTotals& w);
};

// stats.json's "evidence" object (also the store's run-stats.json).
nlohmann::json evidence_stats_json(const EvidenceTotals& e);

Result<void> write_stats_json(const std::string& path, const RunTotals& t, const RuleLoadSummary& rl,
                              unsigned workers);
void print_summary(std::FILE* out, const RunTotals& t, const RuleLoadSummary& rl, const detect::Detector& det,
                   const RunConfig& cfg, const detect::IndicatorSet* indicators = nullptr);

}  // namespace vigie::cli
