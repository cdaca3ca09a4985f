#include "evidence/checkpoint_timer.h"

#include <chrono>

namespace vigie::evidence {

WallClockCheckpoints::WallClockCheckpoints(EvidenceStore& store, uint64_t every_seconds) {
    if (!every_seconds) return;
    thread_ = std::thread([this, &store, every_seconds] {
        std::unique_lock<std::mutex> lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::seconds(every_seconds), [this] { return stop_; })) {
            lock.unlock();
            // A failure is counted by the store (write_errors); the next one covers more.
            store.request_checkpoint();
            lock.lock();
        }
    });
}

void WallClockCheckpoints::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace vigie::evidence
