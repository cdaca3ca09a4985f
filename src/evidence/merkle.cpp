#include "evidence/merkle.h"

namespace vigie::evidence {

namespace {
// Largest power of two strictly below n (n >= 2).
uint64_t split_point(uint64_t n) {
    uint64_t k = 1;
    while (k << 1 < n) k <<= 1;
    return k;
}
bool is_pow2(uint64_t n) { return n && !(n & (n - 1)); }
}  // namespace

Digest leaf_hash(std::string_view data) {
    const uint8_t prefix = 0x00;
    return Sha256().update(&prefix, 1).update(data).final();
}

Digest node_hash(const Digest& left, const Digest& right) {
    const uint8_t prefix = 0x01;
    return Sha256().update(&prefix, 1).update(left).update(right).final();
}

Digest merkle_root(std::span<const Digest> leaves) {
    if (leaves.empty()) return sha256({});
    if (leaves.size() == 1) return leaves[0];
    const uint64_t k = split_point(leaves.size());
    return node_hash(merkle_root(leaves.subspan(0, k)), merkle_root(leaves.subspan(k)));
}

void MerkleFrontier::append(const Digest& leaf) {
    // Adding a leaf merges equal-sized peaks, exactly as a binary counter carries.
    Digest carry = leaf;
    for (uint64_t s = size_; s & 1; s >>= 1) {
        carry = node_hash(peaks_.back(), carry);
        peaks_.pop_back();
    }
    peaks_.push_back(carry);
    ++size_;
}

Digest MerkleFrontier::root() const {
    if (peaks_.empty()) return sha256({});
    // RFC 6962's split puts the largest perfect subtree on the left at every level,
    // so folding the peaks from the smallest (right) gives MTH.
    Digest r = peaks_.back();
    for (size_t i = peaks_.size() - 1; i-- > 0;) r = node_hash(peaks_[i], r);
    return r;
}

MerkleLevels::MerkleLevels(std::vector<Digest> leaves) {
    levels_.push_back(std::move(leaves));
    while (levels_.back().size() > 1) {
        const auto& below = levels_.back();
        std::vector<Digest> up;
        up.reserve(below.size() / 2);
        for (size_t i = 0; i + 1 < below.size(); i += 2) up.push_back(node_hash(below[i], below[i + 1]));
        levels_.push_back(std::move(up));
    }
}

Digest MerkleLevels::subtree(uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (is_pow2(n) && begin % n == 0) {
        int level = 0;
        while ((uint64_t(1) << level) < n) ++level;
        return levels_[level][begin >> level];
    }
    const uint64_t k = split_point(n);
    return node_hash(subtree(begin, begin + k), subtree(begin + k, end));
}

Digest MerkleLevels::root(uint64_t tree_size) const {
    if (tree_size == 0) return sha256({});
    return subtree(0, tree_size);
}

void MerkleLevels::path(uint64_t index, uint64_t begin, uint64_t end, std::vector<Digest>& out) const {
    const uint64_t n = end - begin;
    if (n <= 1) return;
    const uint64_t k = split_point(n);
    if (index < begin + k) {
        path(index, begin, begin + k, out);
        out.push_back(subtree(begin + k, end));
    } else {
        path(index, begin + k, end, out);
        out.push_back(subtree(begin, begin + k));
    }
}

std::vector<Digest> MerkleLevels::audit_path(uint64_t index, uint64_t tree_size) const {
    std::vector<Digest> out;
    if (index < tree_size && tree_size <= size()) path(index, 0, tree_size, out);
    return out;
}

bool verify_inclusion(uint64_t index, uint64_t tree_size, const Digest& leaf, std::span<const Digest> path,
                      const Digest& root) {
    if (index >= tree_size) return false;
    uint64_t fn = index, sn = tree_size - 1;
    Digest r = leaf;
    for (const Digest& p : path) {
        if (sn == 0) return false;
        if ((fn & 1) || fn == sn) {
            r = node_hash(p, r);
            if (!(fn & 1))
                while (fn != 0 && !(fn & 1)) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    return sn == 0 && r == root;
}

}  // namespace vigie::evidence
