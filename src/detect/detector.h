// Detector: the compiled, immutable rule set and its per-packet inspection.
// Build once at start (grouping, fast patterns, Hyperscan databases); inspect from
// any number of workers, each with its own DetectWorker (scratch, buffers).
// See detect/NOTES.md for the grouping scheme and the packet-vs-stream decision.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "decode/packet.h"
#include "detect/alert.h"
#include "detect/app_input.h"
#include "flow/flow.h"
#include "rules/rule.h"

namespace vigie::detect {

struct DetectConfig {
    std::string cache_dir;               // Hyperscan database cache; empty = no cache
    unsigned build_threads = 0;          // threads compiling Hyperscan databases (0 = one per core)
    // Suricata's packet_alert_max: alerts kept per packet (highest precedence first).
    uint32_t max_alerts_per_packet = 15;
    // True when the pipeline hands TCP stream chunks for flows it reassembles: payload
    // rules then inspect the chunk, not the packet, so the same bytes never alert twice.
    bool tcp_payload_from_stream = true;
    // Port groups per protocol and direction (Suricata's toserver/toclient-groups):
    // the ports named by most rules get their own group, every other port shares one.
    uint32_t toserver_port_groups = 16;
    uint32_t toclient_port_groups = 4;
    // A rule naming more ports than this is "wide" and sits in every group of its side.
    uint32_t narrow_port_limit = 32;
    uint32_t threshold_table_max = 65536;    // tracked (rule, host|flow) entries
    uint32_t inspection_recursion_limit = 3000;  // Suricata's detect.inspection-recursion-limit
    uint32_t pcre_match_limit = 3500;            // Suricata's pcre.match-limit
    uint32_t pcre_recursion_limit = 1500;        // Suricata's pcre.match-limit-recursion
    // Several workers: thresholds tracked by source, destination or rule (which span
    // flows, hence workers) are not applied in inspect(); alerts come out with
    // threshold_pending set, for the caller to decide in capture order.
    bool defer_thresholds = false;
};

struct BuildStats {
    uint32_t rules = 0;                  // rules compiled
    uint32_t rejected = 0;               // rules refused (see CompileRejection)
    uint32_t groups = 0;                 // distinct rule groups
    uint32_t hs_databases = 0;           // distinct Hyperscan databases
    uint32_t fast_patterns = 0;          // distinct fast patterns over all databases
    uint32_t rules_without_prefilter = 0;  // rules evaluated on every packet of their group
    uint32_t flowbits = 0, flowints = 0; // interned variable names
    uint32_t app_rules = 0;              // rules evaluated per app-layer transaction
    uint32_t app_kinds = 0;              // distinct (app buffer, transforms) pairs
    double seconds = 0;
    bool cache_hit = false;              // every database came from the cache
};

// Runtime counters, summed over a worker's life (see DetectWorker::counters()).
struct DetectCounters {
    uint64_t packets = 0;
    uint64_t candidates = 0;             // rules fully inspected
    uint64_t alerts = 0;
    uint64_t alerts_over_cap = 0;        // matches dropped by max_alerts_per_packet
    uint64_t recursion_limit_hits = 0;   // inspections cut by inspection_recursion_limit
    uint64_t pcre_limit_hits = 0;        // regex matches stopped by the PCRE2 limits
    uint64_t flows_passed = 0;           // flows stopped by a flow-scope pass rule
    uint64_t transactions = 0;           // app-layer transactions inspected (once per packet that fed them)
};

// A rule the compiler could not accept (e.g. uses a buffer no parser provides yet).
// The rule is moved here, so the rejection owns it.
struct CompileRejection {
    rules::Rule rule;
    std::string reason;
};

class DetectWorker;  // per-thread scratch; defined in detect_worker.h

class Detector {
public:
    // Takes the parsed rules; rules that cannot be compiled are moved out into `rejected`.
    // Fails only when Hyperscan cannot build a database.
    static Result<std::unique_ptr<Detector>> build(std::vector<rules::Rule> rules, const DetectConfig& cfg,
                                                   std::vector<CompileRejection>* rejected = nullptr);
    virtual ~Detector() = default;

    virtual std::unique_ptr<DetectWorker> make_worker() const = 0;

    // Inspect one decoded packet. `flow` is null for packets without a flow (non-IP,
    // or when flow tracking is off); `stream` is non-null when the packet released new
    // reassembled stream bytes in its direction. Alerts are appended to `out`, in
    // precedence order (pass, drop, reject, alert; then priority, then sid).
    virtual void inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                         AlertList& out) const = 0;
    // Same, with the application layer's view of the packet (null = none). App-layer
    // rules only run here, on `app->txs`; packet and stream rules run as above.
    virtual void inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                         const AppInput* app, AlertList& out) const {
        inspect(w, p, flow, to_server, stream, out);
    }

    virtual const std::vector<rules::Rule>& rules() const = 0;
    virtual BuildStats build_stats() const = 0;
    // The threshold/detection_filter decision held back by defer_thresholds. Call in
    // capture order; `src`, `dst`, `flow_id` and `ts` are those of the alert's packet.
    virtual bool threshold_allows(const Alert& a, const IpAddr& src, const IpAddr& dst, uint64_t flow_id,
                                  const Timestamp& ts) const = 0;
    // Detector-wide counters (the threshold table is shared by all workers).
    virtual uint64_t threshold_table_full() const = 0;
};

}  // namespace vigie::detect
