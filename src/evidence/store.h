// EvidenceStore: the append-only, hash-chained, Merkle-tree log in <outdir>/evidence/.
// Shared by all workers: append() is serialised by a mutex that covers only the
// chain/tree update and one write(2); records are built outside it. A signed
// checkpoint is written every `checkpoint_every` records, when asked
// (request_checkpoint: time-based checkpoints) and by close(), each after an fsync
// of the segment, so a signed tree never names records that a crash can take back.
//
// Signing is off the packet path: the tree is snapshotted (size, root, chain head)
// under the mutex, and a signer thread of the store does the fsyncs and the
// signature, in snapshot order. An fsync costs milliseconds; done inline it stalled
// every worker appending a record (a third of the throughput on the benchmark).
// At most kMaxQueued snapshots wait; past that, the newest waiting one is replaced
// by the new one (which covers its records), so append() never waits for a disk.
// Format: segment.h, checkpoint.h, docs/evidence.md.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <string_view>

#include "common/result.h"
#include "evidence/checkpoint.h"
#include "evidence/keys.h"
#include "evidence/merkle.h"

namespace vigie::evidence {

struct StoreConfig {
    std::string dir;                       // <outdir>/evidence
    uint64_t checkpoint_every = 1000;      // records between signed checkpoints (0: only at close)
    uint64_t segment_max = 64ull << 20;    // a new segment file starts past this size
    std::string sensor_id;
    std::string engine_version;
};

struct AppendResult {
    uint64_t log_index = 0;
    Digest record_sha256{};
};

struct StoreCounters {
    uint64_t records = 0;          // appended by this process
    uint64_t bytes = 0;            // frame bytes written by this process
    uint64_t checkpoints = 0;
    uint64_t write_errors = 0;
    uint64_t tree_size = 0;        // whole log, including earlier runs
};

class EvidenceStore {
public:
    // Opens (creating if needed) the store. An existing log is read and checked; a
    // torn tail left by a crash is moved aside to <file>.torn-<offset> and reported
    // through `notice` (never dropped silently). A damaged log, or one signed by
    // another key, is refused.
    static Result<std::unique_ptr<EvidenceStore>> open(const StoreConfig& cfg, const SigningKey& key,
                                                       std::string* notice);
    ~EvidenceStore();
    EvidenceStore(const EvidenceStore&) = delete;
    EvidenceStore& operator=(const EvidenceStore&) = delete;

    Result<AppendResult> append(std::string_view record);
    // Queues a checkpoint of the current tree (no-op when nothing changed since the
    // last one); the signer thread writes it.
    void request_checkpoint();
    // Waits until every queued checkpoint is written.
    void wait_checkpoints();
    // Signs the current tree and waits for it; fails when a checkpoint could not be
    // written since the last call. The store stays usable.
    Result<void> checkpoint();
    Result<void> close() { return checkpoint(); }
    StoreCounters counters() const;

private:
    EvidenceStore(const StoreConfig& cfg, const SigningKey& key) : cfg_(cfg), key_(key) {}
    Result<void> open_segment_locked();
    void request_checkpoint_locked();
    void signer_loop();
    // fsync of the records (through `seg_fd`, a dup), signature, checkpoints.log line.
    Result<void> write_checkpoint(const Checkpoint& c, int seg_fd);

    struct Snapshot {
        Checkpoint c;
        int seg_fd = -1;
    };
    static constexpr size_t kMaxQueued = 1024;

    const StoreConfig cfg_;
    const SigningKey key_;
    mutable std::mutex mu_;
    int seg_fd_ = -1;
    int log_fd_ = -1;
    uint32_t seg_no_ = 0;
    uint64_t seg_size_ = 0;
    MerkleFrontier tree_;
    Digest chain_{};
    uint64_t signed_size_ = 0;      // tree size of the last checkpoint (queued or written)
    bool signed_any_ = false;
    StoreCounters counters_;        // checkpoints and write_errors: see below

    // Signer thread and its queue (taken under mu_ by append(); the signer never
    // takes mu_).
    std::mutex q_mu_;
    std::condition_variable q_cv_;
    std::deque<Snapshot> queue_;
    bool busy_ = false, stop_ = false;
    std::thread signer_;
    std::atomic<uint64_t> checkpoints_written_{0}, signer_errors_{0};
    std::string last_signer_error_;  // under q_mu_
};

}  // namespace vigie::evidence
