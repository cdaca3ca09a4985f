#include "rules/interval_set.h"

#include <algorithm>

namespace vigie::rules {

void IntervalSet::add(u128 lo, u128 hi) {
    if (lo > hi) std::swap(lo, hi);
    auto it = std::lower_bound(ranges_.begin(), ranges_.end(), std::make_pair(lo, lo));
    // merge with the predecessor when it touches [lo, hi]
    if (it != ranges_.begin()) {
        auto prev = std::prev(it);
        if (prev->second == ~u128(0) || prev->second + 1 >= lo) it = prev;
    }
    auto first = it;
    while (it != ranges_.end() && (hi == ~u128(0) || it->first <= hi + 1)) {
        lo = std::min(lo, it->first);
        hi = std::max(hi, it->second);
        ++it;
    }
    it = ranges_.erase(first, it);
    ranges_.insert(it, {lo, hi});
}

IntervalSet IntervalSet::complement() const {
    IntervalSet out(max_);
    u128 next = 0;
    bool done = false;
    for (auto& [lo, hi] : ranges_) {
        if (lo > next) out.ranges_.push_back({next, lo - 1});
        if (hi >= max_) {
            done = true;
            break;
        }
        next = hi + 1;
    }
    if (!done) out.ranges_.push_back({next, max_});
    return out;
}

IntervalSet IntervalSet::minus(const IntervalSet& other) const {
    // A \ B == A ∩ ¬B; intersect two sorted lists with a sweep.
    IntervalSet nb = other.complement();
    IntervalSet out(max_);
    size_t i = 0, j = 0;
    const auto& a = ranges_;
    const auto& b = nb.ranges_;
    while (i < a.size() && j < b.size()) {
        u128 lo = std::max(a[i].first, b[j].first);
        u128 hi = std::min(a[i].second, b[j].second);
        if (lo <= hi) out.ranges_.push_back({lo, hi});
        if (a[i].second < b[j].second) ++i; else ++j;
    }
    return out;
}

}  // namespace vigie::rules
