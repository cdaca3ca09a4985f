// RFC 6962 audit paths for chosen leaves of a tree whose leaves stream past once
// (export reads a store of any size record by record and keeps no leaf list).
//
// Every node of an audit path is the hash of a range of leaves that splits into
// aligned perfect subtrees. When leaf m is chosen (before it is appended), the
// subtrees to its left are complete: they are exactly the current frontier peaks,
// copied then. The ones to its right are not built yet: their (level, index) is
// noted, and each is kept when the stream completes it. Memory: O(log^2 n) hashes
// per chosen leaf, nothing per other leaf.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "evidence/hash.h"

namespace vigie::evidence {

class StreamingAuditPaths {
public:
    // Leaves beyond `tree_size` are ignored: paths and root are of the first tree_size.
    explicit StreamingAuditPaths(uint64_t tree_size) : tree_size_(tree_size) {}
    // Before append()ing leaf `index` (== size()): a path for it will be wanted.
    void want(uint64_t index);
    void append(const Digest& leaf);
    uint64_t size() const { return size_; }
    // After tree_size leaves: the root, and PATH(index, D[tree_size]) from the leaf up.
    Digest root() const;
    std::vector<Digest> path(uint64_t index) const;

private:
    using Node = std::pair<unsigned, uint64_t>;  // (level, index at that level): leaves [i<<l, (i+1)<<l)
    struct Peak {
        Node node;
        Digest hash;
    };
    // The hash of leaves [begin, end), from kept nodes (decomposed into aligned perfect subtrees).
    Digest range_hash(uint64_t begin, uint64_t end) const;
    void need(uint64_t begin, uint64_t end);
    void keep(const Node& n, const Digest& d);

    uint64_t tree_size_;
    uint64_t size_ = 0;
    std::vector<Peak> peaks_;
    std::set<Node> wanted_;
    std::map<Node, Digest> nodes_;
};

}  // namespace vigie::evidence
