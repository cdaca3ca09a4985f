// IntervalSet: a sorted, merged set of inclusive [lo, hi] ranges over 0..max.
// Address and port expressions resolve through it; complement is taken within [0, max],
// which is how Suricata's "!x" works inside one address family or the port space.
#pragma once
#include <utility>
#include <vector>

namespace vigie::rules {

using u128 = unsigned __int128;

class IntervalSet {
public:
    explicit IntervalSet(u128 max = 0) : max_(max) {}
    static IntervalSet full(u128 max) {
        IntervalSet s(max);
        s.ranges_.push_back({0, max});
        return s;
    }
    void add(u128 lo, u128 hi);
    void add(const IntervalSet& other) {
        for (auto& r : other.ranges_) add(r.first, r.second);
    }
    IntervalSet complement() const;
    IntervalSet minus(const IntervalSet& other) const;
    bool empty() const { return ranges_.empty(); }
    bool is_full() const { return ranges_.size() == 1 && ranges_[0].first == 0 && ranges_[0].second == max_; }
    const std::vector<std::pair<u128, u128>>& ranges() const { return ranges_; }
    u128 max() const { return max_; }

private:
    u128 max_;
    std::vector<std::pair<u128, u128>> ranges_;  // sorted, disjoint, non-adjacent
};

}  // namespace vigie::rules
