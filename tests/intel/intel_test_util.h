// Building alert rows for the incident and campaign tests: times in whole minutes
// or dates, so each expectation can be checked by reading the test.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "intel/alert_facts.h"

namespace vigie::intel::test {

inline constexpr int64_t kMinute = 60LL * 1000000;

// Microseconds of a UTC date (days from civil, valid 1970..2099).
inline int64_t date_us(int y, int m, int d) {
    static const int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int64_t days = (y - 1970) * 365 + (y - 1969) / 4 + before[m - 1] + d - 1;
    if (m > 2 && y % 4 == 0) ++days;
    return days * 86400 * 1000000;
}

// AlertFacts views its text: the tests' strings live here until the binary exits.
inline std::string_view keep(std::string s) {
    static std::deque<std::string> pool;
    return pool.emplace_back(std::move(s));
}

inline AlertFacts alert(int64_t id, int64_t ts, std::string attacker, std::string target, std::string signature,
                        int64_t sid = 1, std::string org = "unknown") {
    AlertFacts a;
    a.alert_id = id;
    a.ts = ts;
    a.attacker_ip = keep(std::move(attacker));
    a.target_ip = keep(std::move(target));
    a.signature = keep(std::move(signature));
    a.sid = sid;
    a.target_org = keep(std::move(org));
    a.target_sector = a.target_org == "unknown" ? "unknown" : "aerospace";
    return a;
}

}  // namespace vigie::intel::test
