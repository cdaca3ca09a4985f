// Detector: the compiled, immutable rule set and its per-packet inspection.
// Build once at start (grouping, fast patterns, Hyperscan databases); inspect from
// any number of workers, each with its own DetectWorker (scratch, buffers).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "decode/packet.h"
#include "detect/alert.h"
#include "flow/flow.h"
#include "rules/rule.h"

namespace vigie::detect {

struct DetectConfig {
    std::string cache_dir;        // Hyperscan database cache; empty = no cache
};

struct BuildStats {
    uint32_t rules = 0;
    uint32_t groups = 0;
    uint32_t rules_without_prefilter = 0;
    double seconds = 0;
    bool cache_hit = false;
};

// A rule the compiler could not accept (e.g. uses a buffer no parser provides yet).
struct CompileRejection {
    const rules::Rule* rule;
    std::string reason;
};

class DetectWorker;  // per-thread scratch; defined in detect_worker.h

class Detector {
public:
    // Takes the parsed rules; rules that cannot be compiled are moved out into `rejected`.
    static Result<std::unique_ptr<Detector>> build(std::vector<rules::Rule> rules, const DetectConfig& cfg,
                                                   std::vector<CompileRejection>* rejected = nullptr);
    virtual ~Detector() = default;

    virtual std::unique_ptr<DetectWorker> make_worker() const = 0;

    // Inspect one decoded packet. `flow` is null for packets without a flow (non-IP,
    // or when flow tracking is off); `stream` is non-null when the packet released new
    // reassembled stream bytes in its direction. Alerts are appended to `out`.
    virtual void inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                         AlertList& out) const = 0;

    virtual const std::vector<rules::Rule>& rules() const = 0;
    virtual BuildStats build_stats() const = 0;
};

}  // namespace vigie::detect
