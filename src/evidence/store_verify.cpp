#include "evidence/store_verify.h"

#include <map>

#include "evidence/checkpoint.h"
#include "evidence/merkle.h"
#include "evidence/store_reader.h"

namespace vigie::evidence {

StoreVerifyReport verify_store(const std::string& dir, const PublicKey& key) {
    StoreVerifyReport rep;
    using S = StoreVerifyReport::Status;
    auto invalid = [&](std::string why) {
        rep.status = S::Invalid;
        rep.problem = std::move(why);
        return rep;
    };
    // One pass over the records: the tree and chain as they stood at each size a
    // checkpoint signs are kept (not the records), then the checkpoints are judged.
    std::map<uint64_t, std::pair<Digest, Digest>> at_size;  // tree size -> (root, chain head)
    MerkleFrontier tree;
    auto note = [&](const Digest& head) {
        auto it = at_size.find(tree.size());
        if (it != at_size.end()) it->second = {tree.root(), head};
    };
    auto loaded = scan_store(
        dir,
        [&](const StoreRecord& r) {
            tree.append(leaf_hash(r.record));
            note(r.chain);
        },
        [&](const StoreScan& s) {
            for (const auto& c : s.checkpoints) at_size.emplace(c.cp.tree_size, std::pair<Digest, Digest>{});
            note(Digest{});  // a checkpoint of the empty log
        });
    if (!loaded) return invalid(loaded.error());
    const StoreScan& ls = *loaded;
    rep.records = ls.records;
    if (!ls.damage.empty()) return invalid(ls.damage);

    // Checkpoints in file order: sizes never shrink, and each names the root and
    // chain head of exactly the first tree_size records.
    uint64_t prev_size = 0;
    for (size_t i = 0; i < ls.checkpoints.size(); ++i) {
        const SignedCheckpoint& sc = ls.checkpoints[i];
        const std::string where = "checkpoints.log line " + std::to_string(i + 1) + " (tree size " +
                                  std::to_string(sc.cp.tree_size) + ")";
        auto v = verify_checkpoint(sc, key);
        if (!v) return invalid(where + ": " + v.error());
        if (sc.cp.tree_size < prev_size) return invalid(where + ": smaller than the checkpoint before it");
        if (sc.cp.tree_size > ls.records)
            return invalid(where + ": signs " + std::to_string(sc.cp.tree_size) + " records but the log holds only " +
                           std::to_string(ls.records) + " valid ones (signed records were removed or damaged" +
                           (ls.torn.empty() ? "" : "; " + ls.torn) + ")");
        const auto& [root, head] = at_size.at(sc.cp.tree_size);
        if (root != sc.cp.root) return invalid(where + ": Merkle root does not match the records");
        if (head != sc.cp.chain_head) return invalid(where + ": chain head does not match the records");
        prev_size = sc.cp.tree_size;
        ++rep.checkpoints;
    }
    rep.signed_records = prev_size;
    for (const auto& t : ls.recovered_tails)
        rep.notes.push_back("torn tail from an earlier interrupted run, set aside when the store reopened: " + t);
    // A run that ends normally signs everything it wrote. Records past the last
    // checkpoint, or a torn tail, mean the writer stopped abruptly: reported apart
    // from tampering, and not as valid either (unsigned records prove nothing).
    std::string incomplete;
    if (!ls.torn.empty()) incomplete = "torn tail (incomplete write, typically a crash): " + ls.torn;
    if (ls.records > prev_size)
        incomplete += (incomplete.empty() ? "" : "; ") + std::to_string(ls.records - prev_size) +
                      " record(s) after the last signed checkpoint are chained but unsigned (the run did not finish)";
    if (!incomplete.empty()) {
        rep.status = S::Incomplete;
        rep.problem = incomplete;
    }
    return rep;
}

}  // namespace vigie::evidence
