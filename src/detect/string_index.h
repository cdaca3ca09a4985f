// StringIndex: exact lookup of byte strings (domains, URLs, hex digests) among
// millions, with no allocation per lookup: keys live in one arena, an open-
// addressing table holds their positions, and duplicate keys share one slot with
// the list of their entries.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace vigie::detect {

class StringIndex {
public:
    // `key` must stay valid until build(), which copies the keys.
    void add(std::string_view key, uint32_t entry);
    void build();
    // Entries stored under exactly `key` (empty: none).
    std::span<const uint32_t> find(std::string_view key) const;
    size_t keys() const { return keys_.size(); }
    bool empty() const { return keys_.empty(); }

private:
    struct Key {
        uint64_t hash;
        uint32_t offset, len;       // in arena_
        uint32_t begin, end;        // in entries_
    };
    static uint64_t hash_of(std::string_view s);

    std::vector<std::pair<std::string_view, uint32_t>> pending_;
    std::string arena_;
    std::vector<Key> keys_;
    std::vector<uint32_t> entries_;
    std::vector<uint32_t> slots_;   // index+1 into keys_; 0 = empty
    uint64_t mask_ = 0;
};

}  // namespace vigie::detect
