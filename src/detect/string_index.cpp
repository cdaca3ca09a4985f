#include "detect/string_index.h"

#include <algorithm>
#include <functional>

namespace vigie::detect {

uint64_t StringIndex::hash_of(std::string_view s) {
    // libstdc++'s string hash (murmur-derived), then a final mix so the low bits
    // used as table index depend on every byte.
    uint64_t h = std::hash<std::string_view>{}(s);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

void StringIndex::add(std::string_view key, uint32_t entry) { pending_.emplace_back(key, entry); }

void StringIndex::build() {
    size_t bytes = 0;
    for (const auto& p : pending_) bytes += p.first.size();
    arena_.reserve(bytes);
    std::sort(pending_.begin(), pending_.end());
    keys_.clear();
    entries_.clear();
    for (size_t i = 0; i < pending_.size();) {
        size_t j = i;
        Key k{hash_of(pending_[i].first), static_cast<uint32_t>(arena_.size()),
              static_cast<uint32_t>(pending_[i].first.size()), static_cast<uint32_t>(entries_.size()), 0};
        arena_.append(pending_[i].first);
        while (j < pending_.size() && pending_[j].first == pending_[i].first) entries_.push_back(pending_[j++].second);
        k.end = static_cast<uint32_t>(entries_.size());
        keys_.push_back(k);
        i = j;
    }
    size_t cap = 16;
    while (cap < keys_.size() * 2) cap <<= 1;  // load factor at most 1/2: short probes
    slots_.assign(cap, 0);
    mask_ = cap - 1;
    for (uint32_t i = 0; i < keys_.size(); ++i) {
        uint64_t pos = keys_[i].hash & mask_;
        while (slots_[pos]) pos = (pos + 1) & mask_;
        slots_[pos] = i + 1;
    }
    pending_.clear();
    pending_.shrink_to_fit();
}

std::span<const uint32_t> StringIndex::find(std::string_view key) const {
    if (keys_.empty()) return {};
    const uint64_t h = hash_of(key);
    for (uint64_t pos = h & mask_;; pos = (pos + 1) & mask_) {
        const uint32_t s = slots_[pos];
        if (!s) return {};
        const Key& k = keys_[s - 1];
        if (k.hash == h && k.len == key.size() && std::string_view(arena_.data() + k.offset, k.len) == key)
            return {entries_.data() + k.begin, entries_.data() + k.end};
    }
}

}  // namespace vigie::detect
