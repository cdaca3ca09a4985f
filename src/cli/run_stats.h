// Run totals: counters of every stage summed over workers, written to stats.json
// and summarised for a person at the end of `vigie run`.
#pragma once
#include <cstdio>
#include <map>
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
    double total_seconds = 0;
    bool truncated = false;
    bool interrupted = false;

    void add(const WorkerTotals& w);
};

Result<void> write_stats_json(const std::string& path, const RunTotals& t, const RuleLoadSummary& rl,
                              unsigned workers);
void print_summary(std::FILE* out, const RunTotals& t, const RuleLoadSummary& rl, const detect::Detector& det,
                   const RunConfig& cfg);

}  // namespace vigie::cli
