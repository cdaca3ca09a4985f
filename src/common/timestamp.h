// Packet time as captured: seconds and nanoseconds since the epoch.
#pragma once
#include <compare>
#include <cstdint>
#include <string>

namespace vigie {

struct Timestamp {
    int64_t sec = 0;
    uint32_t nsec = 0;

    auto operator<=>(const Timestamp&) const = default;
    int64_t usec_total() const { return sec * 1000000 + nsec / 1000; }
    double seconds_since(const Timestamp& earlier) const {
        return double(sec - earlier.sec) + (double(nsec) - double(earlier.nsec)) / 1e9;
    }
    // Suricata's EVE format: 2024-01-01T12:00:00.123456+0000 (UTC).
    std::string to_eve() const;
};

}  // namespace vigie
