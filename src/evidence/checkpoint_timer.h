// Time-based checkpoints: besides every N records, the store is signed every T
// seconds, so a sensor that sees few alerts still vouches for its log regularly
// and a crash can take back at most T seconds of unsigned records.
//
// Reading a capture file, "seconds" are capture time (the frames' timestamps): a
// replayed day of traffic is signed as often as it would have been live, and the
// run is reproducible whatever the machine's speed. Live, they are wall-clock
// seconds, counted by a thread of its own, because a quiet interface delivers no
// frames to count time with. A checkpoint with no new record is a no-op.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "common/timestamp.h"
#include "evidence/store.h"

namespace vigie::evidence {

// Driven by the reader thread, once per frame: one comparison, except when due.
class CaptureTimeCheckpoints {
public:
    CaptureTimeCheckpoints(EvidenceStore& store, uint64_t every_seconds)
        : store_(store), every_(int64_t(every_seconds)) {}
    void on_frame(const Timestamp& ts) {
        if (!every_) return;
        if (armed_ && ts.sec >= next_) {
            store_.request_checkpoint();  // signed off this thread; a failure is counted by the store
        } else if (armed_ && ts.sec >= next_ - 2 * every_) {
            return;  // not due yet
        }
        // Just signed, first frame, or the clock of a merged capture jumped back: rearm.
        armed_ = true;
        next_ = ts.sec + every_;
    }

private:
    EvidenceStore& store_;
    const int64_t every_;
    bool armed_ = false;
    int64_t next_ = 0;
};

// A thread that signs the store every `every_seconds` of wall-clock time until stopped.
class WallClockCheckpoints {
public:
    WallClockCheckpoints(EvidenceStore& store, uint64_t every_seconds);
    ~WallClockCheckpoints() { stop(); }
    WallClockCheckpoints(const WallClockCheckpoints&) = delete;
    WallClockCheckpoints& operator=(const WallClockCheckpoints&) = delete;
    void stop();

private:
    std::mutex mu_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace vigie::evidence
