// Thresholds: threshold (limit / threshold / both / backoff) and detection_filter
// state, keyed by rule and tracked host(s) or flow, shared by all workers. Alerts are
// rare, so one mutex is enough. The table is bounded; a key that does not fit is
// judged as if seen for the first time and counted (table_full).
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "common/ip_addr.h"
#include "common/timestamp.h"
#include "rules/rule.h"

namespace vigie::detect {

class ThresholdTable {
public:
    explicit ThresholdTable(uint32_t max_entries) : max_(max_entries) {}

    // May the rule alert now? `internal_id` names the rule; src/dst/flow_id are the
    // packet's. The detection_filter is applied first: until it lets a match through,
    // the threshold does not count it (Suricata's order).
    bool allow(const rules::Rule& r, uint32_t internal_id, const IpAddr& src, const IpAddr& dst, uint64_t flow_id,
               const Timestamp& ts);
    uint64_t table_full() const { return full_.load(std::memory_order_relaxed); }

private:
    struct Key {
        uint32_t rule;
        uint8_t kind;   // 0 threshold, 1 detection_filter
        uint8_t track;
        IpAddr a, b;
        uint64_t flow;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const;
    };
    struct Entry {
        int64_t first_usec = 0;  // start of the current window
        uint32_t count = 0;
        uint64_t next_alert = 0; // backoff: the hit count that alerts next
    };
    Entry* find_or_insert(const Key& k, bool* fresh, Entry* overflow);
    bool threshold_step(const rules::Threshold& t, Entry& e, bool fresh, int64_t now);
    bool filter_step(const rules::DetectionFilter& d, Entry& e, bool fresh, int64_t now);
    static Key make_key(uint32_t rule, uint8_t kind, rules::Track track, const IpAddr& src, const IpAddr& dst,
                        uint64_t flow_id);

    std::mutex mu_;
    std::unordered_map<Key, Entry, KeyHash> map_;
    uint32_t max_;
    std::atomic<uint64_t> full_{0};
};

}  // namespace vigie::detect
