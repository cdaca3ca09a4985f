// `vigie run --evidence`: opening the store and key, the recorder settings shared by
// all workers, and closing (final checkpoint, summary, evidence.json counters).
#pragma once
#include <cstdio>
#include <memory>
#include <string>

#include "cli/config.h"
#include "common/result.h"
#include "detect/detector.h"
#include "evidence/recorder.h"
#include "evidence/store.h"

namespace vigie::cli {

struct EvidenceRun {
    std::unique_ptr<evidence::EvidenceStore> store;
    std::unique_ptr<evidence::MemoryBudget> budget;
    evidence::RecorderConfig recorder;
    const detect::Detector* detector = nullptr;
    evidence::RecorderCounters totals;     // summed from the workers by finish_evidence
};

// Null (and no error) when evidence is off. Errors are one line for the user
// (missing or malformed key, unreadable rules, store damaged or another key's).
Result<std::unique_ptr<EvidenceRun>> start_evidence(const RunConfig& cfg, const detect::Detector& det);

// Final checkpoint and fsync; writes <outdir>/evidence/run-stats.json and a summary line.
Result<void> finish_evidence(EvidenceRun& ev, const RunConfig& cfg, std::FILE* summary);

// The META "replay" object: what a replay needs besides rules and packets.
std::string replay_settings_json(const RunConfig& cfg);

}  // namespace vigie::cli
