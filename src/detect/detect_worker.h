// DetectWorker: one inspection thread's scratch, made by Detector::make_worker and
// reused for every packet: Hyperscan scratch, PCRE2 match data, the candidate list
// and byte_extract variables. Nothing here is allocated per packet.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <hs/hs.h>

#include "app/transaction.h"
#include "detect/app_buffers.h"
#include "detect/detector.h"
#include "detect/pcre_program.h"

namespace vigie::detect {

class DetectWorker {
public:
    ~DetectWorker();
    DetectWorker(const DetectWorker&) = delete;
    DetectWorker& operator=(const DetectWorker&) = delete;

    const DetectCounters& counters() const { return counters_; }

private:
    friend class RuleSet;
    friend const Packet& reversed(DetectWorker& w, const Packet& p);
    DetectWorker() = default;

    // Mark rule `id` as a candidate whose fast pattern hit buffer `bit` (1 packet, 2 stream).
    void add_candidate(uint32_t id, uint8_t bit) {
        if (stamp_[id] != gen_) {
            stamp_[id] = gen_;
            hits_[id] = 0;
            candidates_.push_back(id);
        }
        hits_[id] |= bit;
    }
    void begin_packet() {
        if (++gen_ == 0) {  // wrapped: forget every old stamp
            std::fill(stamp_.begin(), stamp_.end(), 0);
            gen_ = 1;
        }
        candidates_.clear();
    }

    // One transaction's buffers of one kind and side, fetched (and transformed) once
    // per transaction and packet: `values` point into the transaction, or into
    // `arena` when the kind has transforms.
    struct KindCache {
        uint64_t stamp = 0;
        std::vector<app::BufferView> values;
        std::vector<uint8_t> arena;
        std::vector<uint32_t> ends;  // end offset of each value in arena
    };
    // Start a transaction: forget the buffers of the previous one.
    void begin_tx() { ++tx_gen_; }

    const void* owner_ = nullptr;
    hs_scratch_t* hs_ = nullptr;
    std::unique_ptr<PcreScratch> pcre_;
    std::vector<uint32_t> stamp_;
    std::vector<uint8_t> hits_;
    std::vector<uint32_t> candidates_;
    std::vector<int64_t> vars_;
    uint32_t gen_ = 0;
    DetectCounters counters_;
    std::vector<KindCache> kinds_;  // [kind * 2 + (to_server ? 0 : 1)]
    uint64_t tx_gen_ = 0;
    TransformScratch xs_;
    Packet rev_;                 // the current packet reversed ("=>" rules on responses)
    Packet late_;                // the other side's view of a finished transaction's packet
    const Packet* rev_of_ = nullptr;
    uint32_t rev_gen_ = 0;
    std::vector<uint8_t> check_scratch_;
};

}  // namespace vigie::detect
