#include "detect/addr_index.h"

#include <algorithm>
#include <cmath>

namespace vigie::detect {

AddrIndex::Key AddrIndex::after(const IpAddr& a) {
    Key k = key_of(a);
    const int width = a.is_v4() ? 4 : 16;
    for (int i = width - 1; i >= 0; --i) {
        if (++k.b[i] != 0) return k;  // no carry out of this byte
    }
    return Key{uint8_t(a.family + 1), {}};  // wrapped: one past the family's last address
}

void AddrIndex::add(uint32_t id, const rules::AddressSet& set) {
    for (const auto& r : set.ranges) ranges_.push_back(Range{id, key_of(r.lo), after(r.hi)});
}

bool AddrIndex::finish(size_t max_entries) {
    std::vector<Key> cuts;
    cuts.reserve(ranges_.size() * 2);
    for (const auto& r : ranges_) {
        cuts.push_back(r.lo);
        cuts.push_back(r.end);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    auto seg = [&](const Key& k) { return size_t(std::lower_bound(cuts.begin(), cuts.end(), k) - cuts.begin()); };
    // Count first, so a pathological overlap is refused before it is built.
    std::vector<uint32_t> count(cuts.size() + 1, 0);
    size_t total = 0;
    for (const auto& r : ranges_) {
        size_t a = seg(r.lo), b = seg(r.end);
        total += b - a;
        if (total > max_entries) {
            ranges_.clear();
            return false;
        }
        for (size_t i = a; i < b; ++i) ++count[i];
    }
    offsets_.assign(cuts.size() + 1, 0);
    for (size_t i = 0; i < cuts.size(); ++i) offsets_[i + 1] = offsets_[i] + count[i];
    ids_.assign(total, 0);
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (const auto& r : ranges_)  // ranges_ are in rule order, so each list is ascending
        for (size_t i = seg(r.lo), e = seg(r.end); i < e; ++i) ids_[fill[i]++] = r.id;
    // A rule listing adjacent ranges covers a segment once per range: keep one.
    std::vector<uint32_t> out_off(offsets_.size(), 0);
    size_t w = 0;
    for (size_t i = 0; i + 1 < offsets_.size(); ++i) {
        out_off[i] = uint32_t(w);
        uint32_t prev = UINT32_MAX;
        for (uint32_t k = offsets_[i]; k < offsets_[i + 1]; ++k)
            if (ids_[k] != prev) ids_[w++] = prev = ids_[k];
    }
    out_off.back() = uint32_t(w);
    ids_.resize(w);
    offsets_ = std::move(out_off);
    starts_ = std::move(cuts);
    ranges_.clear();
    ranges_.shrink_to_fit();
    return true;
}

double AddrIndex::span(const rules::AddressSet& set) {
    if (set.any) return INFINITY;
    double n = 0;
    for (const auto& r : set.ranges) {
        const int width = r.lo.is_v4() ? 4 : 16;
        double lo = 0, hi = 0;
        for (int i = 0; i < width; ++i) {
            lo = lo * 256 + r.lo.bytes[i];
            hi = hi * 256 + r.hi.bytes[i];
        }
        n += hi - lo + 1;
    }
    return n;
}

}  // namespace vigie::detect
