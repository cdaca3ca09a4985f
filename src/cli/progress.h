// Progress line on stderr for long runs: packets and MB/s, refreshed twice a
// second, only when stderr is a terminal (never in logs or pipes).
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>

namespace vigie::cli {

class Progress {
public:
    explicit Progress(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}
    void tick(uint64_t packets, uint64_t bytes) {
        if (!enabled_ || (packets & 0x3fff) != 0) return;  // look at the clock every 16k packets
        auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        double s = std::chrono::duration<double>(now - start_).count();
        std::fprintf(stderr, "\rvigie: %llu packets, %.1f MB, %.1f MB/s   ", static_cast<unsigned long long>(packets),
                     double(bytes) / 1e6, s > 0 ? double(bytes) / 1e6 / s : 0.0);
        shown_ = true;
    }
    void done() {
        if (shown_) std::fprintf(stderr, "\n");
    }

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace vigie::cli
