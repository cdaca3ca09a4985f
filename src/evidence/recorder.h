// EvidenceRecorder: per worker, keeps each flow's packets in a bounded ring
// (flow->ext[Flow::kEvidence]) and turns a flow with alerts into one evidence record.
//
// Life of a record: packets are copied as they arrive (oldest dropped first past the
// per-flow budget or the global memory cap; the first `head_packets` of the flow,
// which hold the handshake a replay needs, and every alerting packet are kept).
// An alert pins its packet, holds its EVE line, and opens a window of
// `post_alert_packets` more packets (or the rule's tag count). When the window is
// used up, the flow ends, or the pinned packets fill the
// budget, the record is sealed: built, appended to the store, and the held alert
// lines are emitted with vigie.evidence naming it. The flow's ring then starts over.
//
// Undecided alerts (several workers: a threshold tracked across flows is decided
// later, in capture order, by the alert sequencer) are recorded like the others
// with a token. A record holding an undecided alert is parked when sealed, and
// written once decide() has settled every token: suppressed alerts leave it (a
// record with none left is not written), allowed ones are emitted with evidence.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "decode/packet.h"
#include "detect/alert.h"
#include "evidence/store.h"
#include "flow/flow.h"
#include "rules/rule.h"

namespace vigie::evidence {

struct RecorderConfig {
    uint64_t flow_budget = 2ull << 20;     // bytes of packets kept per flow
    uint32_t post_alert_packets = 64;
    uint32_t head_packets = 4;
    std::string sensor_id;
    std::string engine_version;
    std::string ruleset_sha256;            // hex
    std::string replay_json = "{}";        // vars and engine settings a replay needs (META "replay")
};

// Global cap on packet bytes held by all rings of all workers.
class MemoryBudget {
public:
    explicit MemoryBudget(uint64_t cap) : cap_(cap) {}
    bool take(uint64_t n) {
        uint64_t cur = used_.load(std::memory_order_relaxed);
        do {
            if (cur + n > cap_) {
                hits_.fetch_add(1, std::memory_order_relaxed);
                return false;
            }
        } while (!used_.compare_exchange_weak(cur, cur + n, std::memory_order_relaxed));
        note_peak(cur + n);
        return true;
    }
    void force(uint64_t n) { note_peak(used_.fetch_add(n, std::memory_order_relaxed) + n); }
    void give(uint64_t n) { used_.fetch_sub(n, std::memory_order_relaxed); }
    uint64_t used() const { return used_.load(); }
    uint64_t peak() const { return peak_.load(); }
    uint64_t cap_hits() const { return hits_.load(); }

private:
    void note_peak(uint64_t v) {
        uint64_t p = peak_.load(std::memory_order_relaxed);
        while (v > p && !peak_.compare_exchange_weak(p, v, std::memory_order_relaxed)) {
        }
    }
    const uint64_t cap_;
    std::atomic<uint64_t> used_{0}, peak_{0}, hits_{0};
};

struct RecorderCounters {
    uint64_t records = 0;
    uint64_t record_bytes = 0;
    uint64_t alerts_with_evidence = 0;
    uint64_t alerts_without_evidence = 0;   // the store failed: line written without vigie.evidence
    uint64_t packets_copied = 0;            // copied into flow rings
    uint64_t packets_recorded = 0;          // in written records
    uint64_t packets_dropped_flow_budget = 0;
    uint64_t packets_dropped_memcap = 0;
    uint64_t store_errors = 0;
    uint64_t alerts_suppressed = 0;         // undecided alerts the sequencer's threshold dropped
    uint64_t records_discarded = 0;         // records left with no alert after that
    void add(const RecorderCounters& o);
};

// Buffers of dropped or sealed packets, reused for new copies so that recording a
// packet does not cost a malloc/free pair. Bounded in count and buffer size.
class BufferPool {
public:
    std::string take() {
        if (free_.empty()) return {};
        std::string s = std::move(free_.back());
        free_.pop_back();
        return s;
    }
    void put(std::string&& s) {
        if (free_.size() < 512 && s.capacity() <= 16384) free_.push_back(std::move(s));
    }

private:
    std::vector<std::string> free_;
};

class EvidenceRecorder {
public:
    using EmitFn = std::function<void(std::string_view line)>;

    // `all_rules` is the detector's rule set (for the flowbits setters of a matched
    // rule); `emit` writes a finished EVE line.
    EvidenceRecorder(const RecorderConfig& cfg, EvidenceStore& store, MemoryBudget& budget,
                     const std::vector<rules::Rule>& all_rules, EmitFn emit);

    // Every decoded packet that belongs to a flow, before detection.
    void on_packet(Flow& f, const Packet& p);
    ~EvidenceRecorder();

    // One alert (not a pass) on `p`; `line` is its EVE line. `f` may be null (no flow):
    // the record is then that one packet, sealed at once. A non-zero `token` marks an
    // alert not decided yet: its fate comes through decide(token, ...).
    void on_alert(Flow* f, const Packet& p, const detect::Alert& a, std::string_view line, uint64_t token = 0);
    // Inside the flow-end callback, after its last inspection.
    void on_flow_end(Flow& f);
    // The sequencer's verdict on an undecided alert. Parked records are written by
    // write_parked() once all their alerts are decided.
    void decide(uint64_t token, bool allowed) { decisions_[token] = allowed; }
    void write_parked();
    // Records still waiting for a decision.
    size_t parked() const { return parked_.size(); }
    const RecorderCounters& counters() const { return counters_; }

    struct Ring;   // the per-flow extension (recorder.cpp)
    struct Draft;  // a sealed record's content, before it is written (recorder.cpp)

private:
    void push(Ring& r, const Packet& p, bool force, bool keep);
    void seal(Ring& r, const Flow* f, const char* why);
    // Writes the draft when every alert in it is decided; false: still waiting.
    bool write_draft(Draft& d);
    std::string rules_text(const std::vector<const rules::Rule*>& matched) const;

    const RecorderConfig& cfg_;
    EvidenceStore& store_;
    MemoryBudget& budget_;
    const std::vector<rules::Rule>& all_rules_;
    EmitFn emit_;
    // flowbit / flowint name -> rules that write it, to ship a matched rule's setters.
    std::unordered_map<std::string, std::vector<const rules::Rule*>> writers_;
    RecorderCounters counters_;
    BufferPool pool_;
    std::unordered_map<uint64_t, bool> decisions_;   // token -> allowed, until its record is written
    std::vector<std::unique_ptr<Draft>> parked_;
};

// The ruleset digest recorded in every record: SHA-256 over the rule files' bytes,
// concatenated in load order. Fails when a file cannot be read.
Result<std::string> ruleset_sha256(const std::vector<std::string>& rule_files);

}  // namespace vigie::evidence
