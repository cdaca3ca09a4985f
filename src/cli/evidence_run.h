// `vigie run --evidence`: opening the store and key, the recorder settings shared by
// all workers, and closing (final checkpoint, summary, evidence.json counters).
#pragma once
#include <cstdio>
#include <memory>
#include <string>

#include "cli/config.h"
#include "cli/run_stats.h"
#include "common/result.h"
#include "detect/detector.h"
#include "evidence/checkpoint_timer.h"
#include "evidence/recorder.h"
#include "evidence/store.h"

namespace vigie::cli {

struct EvidenceRun {
    std::unique_ptr<evidence::EvidenceStore> store;
    std::unique_ptr<evidence::MemoryBudget> budget;
    evidence::RecorderConfig recorder;
    const detect::Detector* detector = nullptr;
    evidence::RecorderCounters totals;     // summed from the workers by finish_evidence
    // Time-based checkpoints: capture time reading a file, wall-clock time live.
    std::unique_ptr<evidence::CaptureTimeCheckpoints> by_capture_time;
    std::unique_ptr<evidence::WallClockCheckpoints> by_wall_clock;

    // Every frame read, on the reader thread.
    void on_frame(const Timestamp& ts) {
        if (by_capture_time) by_capture_time->on_frame(ts);
    }
};

// Null (and no error) when evidence is off. Errors are one line for the user
// (missing or malformed key, unreadable rules, store damaged or another key's).
Result<std::unique_ptr<EvidenceRun>> start_evidence(const RunConfig& cfg, const detect::Detector& det);

// Final checkpoint and fsync; writes <store>/run-stats.json and returns the counters
// (for stats.json and the summary line).
Result<EvidenceTotals> finish_evidence(EvidenceRun& ev, const RunConfig& cfg);
void print_evidence_summary(std::FILE* out, const EvidenceTotals& e);

// <outdir>/evidence unless the configuration names another directory.
std::string evidence_store_dir(const RunConfig& cfg);

// The META "replay" object: what a replay needs besides rules and packets.
std::string replay_settings_json(const RunConfig& cfg);

}  // namespace vigie::cli
