// RFC 6962 (Certificate Transparency) Merkle tree: leaf = SHA-256(0x00 || data),
// node = SHA-256(0x01 || left || right), a tree of n leaves splits at the largest
// power of two below n. Using CT's exact definition means any CT tooling, and the
// published test vectors, agree with Vigie's roots and proofs.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "evidence/hash.h"

namespace vigie::evidence {

Digest leaf_hash(std::string_view data);
Digest node_hash(const Digest& left, const Digest& right);

// The Merkle Tree Hash of `leaves` (leaf hashes). Empty: SHA-256 of nothing.
Digest merkle_root(std::span<const Digest> leaves);

// Append-only root tracking in O(log n) memory: the roots of the perfect subtrees
// the leaves form so far (the "frontier"). What the store keeps while writing.
class MerkleFrontier {
public:
    void append(const Digest& leaf);
    Digest root() const;
    uint64_t size() const { return size_; }

private:
    std::vector<Digest> peaks_;  // peaks_[i] covers a perfect subtree; sizes decrease
    uint64_t size_ = 0;
};

// All interior levels of a fixed set of leaves, so each audit path costs
// O(log^2 n) hashes instead of rehashing the whole tree (exports ask for many).
class MerkleLevels {
public:
    explicit MerkleLevels(std::vector<Digest> leaves);
    uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
    // Root of the first `tree_size` leaves (tree_size <= size()).
    Digest root(uint64_t tree_size) const;
    // RFC 6962 PATH(index, D[tree_size]): siblings from the leaf up.
    std::vector<Digest> audit_path(uint64_t index, uint64_t tree_size) const;

private:
    Digest subtree(uint64_t begin, uint64_t end) const;
    void path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Digest>& out) const;
    std::vector<std::vector<Digest>> levels_;
};

// RFC 9162 section 2.1.3.2: does `path` prove leaf `leaf` at `index` in a tree of
// `tree_size` leaves whose root is `root`?
bool verify_inclusion(uint64_t index, uint64_t tree_size, const Digest& leaf, std::span<const Digest> path,
                      const Digest& root);

}  // namespace vigie::evidence
