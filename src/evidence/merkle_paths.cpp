#include "evidence/merkle_paths.h"

#include <bit>
#include <stdexcept>

#include "evidence/merkle.h"

namespace vigie::evidence {

namespace {
// Largest power of two strictly below n (n >= 2): RFC 6962's split.
uint64_t split_point(uint64_t n) { return std::bit_floor(n - 1); }
}  // namespace

void StreamingAuditPaths::need(uint64_t begin, uint64_t end) {
    const uint64_t n = end - begin;
    if (std::has_single_bit(n) && begin % n == 0) {
        const Node node{unsigned(std::countr_zero(n)), begin / n};
        if (end <= size_) {
            // Complete already: it is one of the frontier peaks.
            for (const auto& p : peaks_)
                if (p.node == node) nodes_[node] = p.hash;
        } else {
            wanted_.insert(node);
        }
        return;
    }
    const uint64_t k = split_point(n);
    need(begin, begin + k);
    need(begin + k, end);
}

void StreamingAuditPaths::want(uint64_t index) {
    if (index >= tree_size_) return;
    // The same walk as path(), noting the sibling ranges instead of hashing them.
    uint64_t begin = 0, end = tree_size_;
    while (end - begin > 1) {
        const uint64_t k = split_point(end - begin);
        if (index < begin + k) {
            need(begin + k, end);
            end = begin + k;
        } else {
            need(begin, begin + k);
            begin += k;
        }
    }
}

void StreamingAuditPaths::keep(const Node& n, const Digest& d) {
    if (wanted_.count(n)) nodes_[n] = d;
}

void StreamingAuditPaths::append(const Digest& leaf) {
    if (size_ >= tree_size_) return;
    Peak carry{{0, size_}, leaf};
    keep(carry.node, carry.hash);
    // Equal-sized peaks merge as a binary counter carries.
    for (uint64_t s = size_; s & 1; s >>= 1) {
        const Peak& left = peaks_.back();
        carry = Peak{{carry.node.first + 1, left.node.second / 2}, node_hash(left.hash, carry.hash)};
        peaks_.pop_back();
        keep(carry.node, carry.hash);
    }
    peaks_.push_back(carry);
    ++size_;
}

Digest StreamingAuditPaths::root() const {
    if (peaks_.empty()) return sha256({});
    Digest r = peaks_.back().hash;
    for (size_t i = peaks_.size() - 1; i-- > 0;) r = node_hash(peaks_[i].hash, r);
    return r;
}

Digest StreamingAuditPaths::range_hash(uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (std::has_single_bit(n) && begin % n == 0) {
        auto it = nodes_.find(Node{unsigned(std::countr_zero(n)), begin / n});
        // Only reachable if want() was not called before the leaf was appended.
        if (it == nodes_.end()) throw std::logic_error("audit path node was not kept");
        return it->second;
    }
    const uint64_t k = split_point(n);
    return node_hash(range_hash(begin, begin + k), range_hash(begin + k, end));
}

std::vector<Digest> StreamingAuditPaths::path(uint64_t index) const {
    std::vector<Digest> top_down;
    uint64_t begin = 0, end = tree_size_;
    while (end - begin > 1) {
        const uint64_t k = split_point(end - begin);
        if (index < begin + k) {
            top_down.push_back(range_hash(begin + k, end));
            end = begin + k;
        } else {
            top_down.push_back(range_hash(begin, begin + k));
            begin += k;
        }
    }
    return {top_down.rbegin(), top_down.rend()};
}

}  // namespace vigie::evidence
