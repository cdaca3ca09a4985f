// RangeIndex: which of many address blocks (CIDR) contain an address, for a
// million blocks at packet rate. Blocks are cut into sorted, non-overlapping
// segments once, at build; a lookup is one binary search. Each segment lists the
// blocks covering it, the most specific first.
//
// Relies on CIDR blocks being either nested or disjoint (never partly
// overlapping), which add() guarantees by taking a network and a prefix length.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace vigie::detect {

template <typename Key>  // uint32_t for IPv4, unsigned __int128 for IPv6
class RangeIndex {
public:
    static constexpr unsigned kBits = sizeof(Key) * 8;

    // The block network/prefix_len (host bits of `network` are ignored).
    void add(Key network, unsigned prefix_len, uint32_t entry) {
        const Key host_mask = prefix_len >= kBits ? Key(0) : (Key(~Key(0)) >> prefix_len);
        const Key lo = network & ~host_mask;
        pending_.push_back(Block{lo, Key(lo | host_mask), entry});
    }

    void build() {
        // Outer blocks before the blocks they contain: by start, then widest first.
        std::sort(pending_.begin(), pending_.end(), [](const Block& a, const Block& b) {
            return a.lo != b.lo ? a.lo < b.lo : a.hi > b.hi;
        });
        lo_.clear();
        hi_.clear();
        begin_.clear();
        entries_.clear();
        std::vector<const Block*> open;  // nested blocks containing the cursor, innermost last
        Key cursor = 0;
        bool done = false;  // the cursor passed the largest key
        auto emit = [&](Key from, Key to) {
            lo_.push_back(from);
            hi_.push_back(to);
            begin_.push_back(static_cast<uint32_t>(entries_.size()));
            for (auto it = open.rbegin(); it != open.rend(); ++it) entries_.push_back((*it)->entry);
        };
        // Closes the innermost open block: its remaining part becomes a segment.
        auto close_top = [&]() {
            const Block* top = open.back();
            if (!done && cursor <= top->hi) {
                emit(cursor, top->hi);
                if (top->hi == Key(~Key(0))) done = true;
                else cursor = top->hi + 1;
            }
            open.pop_back();
        };
        for (const Block& b : pending_) {
            while (!open.empty() && open.back()->hi < b.lo) close_top();
            if (!open.empty() && cursor < b.lo) emit(cursor, b.lo - 1);
            cursor = b.lo;
            done = false;
            open.push_back(&b);
        }
        while (!open.empty()) close_top();
        begin_.push_back(static_cast<uint32_t>(entries_.size()));
        blocks_ = pending_.size();
        pending_.clear();
        pending_.shrink_to_fit();
    }

    // Entries of the blocks containing `k`, most specific first (empty: none).
    std::span<const uint32_t> find(Key k) const {
        auto it = std::upper_bound(lo_.begin(), lo_.end(), k);
        if (it == lo_.begin()) return {};
        const size_t i = static_cast<size_t>(it - lo_.begin()) - 1;
        if (k > hi_[i]) return {};
        return {entries_.data() + begin_[i], entries_.data() + begin_[i + 1]};
    }

    size_t blocks() const { return blocks_; }
    size_t segments() const { return lo_.size(); }
    bool empty() const { return lo_.empty(); }

private:
    struct Block {
        Key lo, hi;
        uint32_t entry;
    };
    std::vector<Block> pending_;
    std::vector<Key> lo_, hi_;
    std::vector<uint32_t> begin_;   // segment i's entries: entries_[begin_[i], begin_[i+1])
    std::vector<uint32_t> entries_;
    size_t blocks_ = 0;
};

}  // namespace vigie::detect
