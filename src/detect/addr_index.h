// AddrIndex: which rules' address set contains a given address, in O(log n).
// Prefilters rules that have no fast pattern but name addresses (Suricata's "IP-only"
// rules: blocklists such as tor.rules or ciarmy.rules), so a packet meets only the
// few whose list holds its address instead of all of them.
// Built as elementary segments: the boundaries of every range cut the address line
// into segments, each listing the rules covering it.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "common/ip_addr.h"
#include "rules/rule.h"

namespace vigie::detect {

class AddrIndex {
public:
    // Add rule `id` for every address of `set` (which must not be `any`).
    void add(uint32_t id, const rules::AddressSet& set);
    // Build the segments; false (index left empty) when they would exceed `max_entries`.
    bool finish(size_t max_entries);
    bool empty() const { return starts_.empty(); }

    template <typename F>
    void query(const IpAddr& a, F&& fn) const {
        if (starts_.empty()) return;
        Key k = key_of(a);
        size_t lo = 0, hi = starts_.size();  // first start > k
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (k < starts_[mid]) hi = mid;
            else lo = mid + 1;
        }
        if (lo == 0) return;
        for (uint32_t i = offsets_[lo - 1]; i < offsets_[lo]; ++i) fn(ids_[i]);
    }

    // A rough count of addresses in a set, to choose the more selective side to index.
    static double span(const rules::AddressSet& set);

private:
    struct Key {
        uint8_t family = 0;  // 4 or 6; 5 and 7 stand for "past the last address" of v4 / v6
        std::array<uint8_t, 16> b{};
        auto operator<=>(const Key&) const = default;
    };
    static Key key_of(const IpAddr& a) { return Key{a.family, a.bytes}; }
    static Key after(const IpAddr& a);  // a + 1, or the family's end marker

    struct Range {
        uint32_t id;
        Key lo, end;  // [lo, end)
    };
    std::vector<Range> ranges_;
    std::vector<Key> starts_;
    std::vector<uint32_t> offsets_;  // CSR: segment i lists ids_[offsets_[i], offsets_[i+1])
    std::vector<uint32_t> ids_;
};

}  // namespace vigie::detect
