// AlertSequencer: applies host-tracked thresholds in capture order when several
// workers run.
//
// threshold and detection_filter tracked by source, destination or rule count hits
// across flows, and flows live on different workers. Applied as each worker meets
// its hits, the outcome would depend on thread timing. Instead, workers hand such
// alerts here (already formatted), and the reader thread releases them sorted by
// pcap_cnt up to the point every worker has passed: the same decisions, in the same
// order, as one worker makes. Memory is bounded by the frames in flight.
//
// With evidence on, the alert's line waits in its worker's evidence recorder (the
// record must include it or not); the sequencer sends the verdict back to that
// worker through its PendingAlerts, and the worker writes the line with its proof.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "output/eve_file.h"

namespace vigie::cli {

struct PendingAlert {
    uint64_t pcap_cnt = 0;
    uint32_t order = 0;            // position among the packet's alerts
    detect::Alert alert;
    IpAddr src, dst;
    uint64_t flow_id = 0;
    Timestamp ts;
    std::string line;              // the EVE line to write if the threshold allows it
    uint64_t evidence_token = 0;   // non-zero: the worker's recorder holds the line (verdict goes back)
    class PendingAlerts* from = nullptr;
};

// One per worker: the worker appends, the sequencer takes.
class PendingAlerts {
public:
    void add(PendingAlert&& a) {
        std::lock_guard<std::mutex> lock(mu_);
        items_.push_back(std::move(a));
    }
    // Verdicts on alerts with an evidence token: the sequencer posts, the worker takes.
    void decide(uint64_t token, bool allowed) {
        std::lock_guard<std::mutex> lock(mu_);
        verdicts_.emplace_back(token, allowed);
        has_verdicts_.store(true, std::memory_order_release);
    }
    bool has_verdicts() const { return has_verdicts_.load(std::memory_order_acquire); }
    void take_verdicts(std::vector<std::pair<uint64_t, bool>>& into) {
        std::lock_guard<std::mutex> lock(mu_);
        into.swap(verdicts_);
        verdicts_.clear();
        has_verdicts_.store(false, std::memory_order_release);
    }
    // Moves out every alert with pcap_cnt <= upto.
    void take(uint64_t upto, std::vector<PendingAlert>& into) {
        std::lock_guard<std::mutex> lock(mu_);
        auto it = std::stable_partition(items_.begin(), items_.end(),
                                        [&](const PendingAlert& a) { return a.pcap_cnt <= upto; });
        for (auto a = items_.begin(); a != it; ++a) a->from = this;
        std::move(items_.begin(), it, std::back_inserter(into));
        items_.erase(items_.begin(), it);
    }

private:
    std::mutex mu_;
    std::vector<PendingAlert> items_;
    std::vector<std::pair<uint64_t, bool>> verdicts_;
    std::atomic<bool> has_verdicts_{false};
};

class AlertSequencer {
public:
    AlertSequencer(const detect::Detector& det, output::EveFile* eve) : det_(det), eve_(eve) {}

    // Release every pending alert with pcap_cnt <= upto, in capture order.
    void release(uint64_t upto, std::vector<PendingAlerts*> const& sources) {
        batch_.clear();
        for (auto* s : sources) s->take(upto, batch_);
        std::sort(batch_.begin(), batch_.end(), [](const PendingAlert& a, const PendingAlert& b) {
            return a.pcap_cnt != b.pcap_cnt ? a.pcap_cnt < b.pcap_cnt : a.order < b.order;
        });
        for (const auto& a : batch_) {
            const bool allowed = det_.threshold_allows(a.alert, a.src, a.dst, a.flow_id, a.ts);
            if (a.evidence_token) a.from->decide(a.evidence_token, allowed);
            if (!allowed) continue;
            ++alerts_;
            ++by_sid_[a.alert.rule->sid];
            if (eve_ && !a.evidence_token) out_.append(a.line);
        }
        if (eve_ && !out_.empty()) eve_->write(out_);
        out_.clear();
    }
    uint64_t alerts() const { return alerts_; }
    const std::map<uint32_t, uint64_t>& alerts_by_sid() const { return by_sid_; }

private:
    const detect::Detector& det_;
    output::EveFile* eve_;
    std::vector<PendingAlert> batch_;
    std::string out_;
    uint64_t alerts_ = 0;
    std::map<uint32_t, uint64_t> by_sid_;
};

}  // namespace vigie::cli
