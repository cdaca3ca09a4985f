// The `evidence:` section of vigie.yaml, `--set evidence.KEY=VALUE`, and the run's
// evidence flags, all checked by one function: a flag is the same as its key, so
// `--evidence-flow-budget 1mb` and `--set evidence.flow-budget=1mb` accept and refuse
// the same values. Keys and ranges: docs/evidence.md.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace vigie::cli {

struct EvidenceOptions;

// `key` is the part after "evidence." (e.g. "flow-budget", "checkpoint.seconds").
// Unknown keys and out-of-range values are errors naming the key.
Result<void> set_evidence_key(const std::string& key, const std::string& value, EvidenceOptions& ev);

// Flags given on the command line, applied after the config file and --set.
struct EvidenceFlags {
    bool enabled = false;
    std::vector<std::pair<std::string, std::optional<std::string>>> values;  // key, value if given
    Result<void> apply(EvidenceOptions& ev) const;
};

}  // namespace vigie::cli
