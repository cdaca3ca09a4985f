#include "evidence/store_verify.h"

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
    auto loaded = load_store(dir);
    if (!loaded) return invalid(loaded.error());
    const LoadedStore& ls = *loaded;
    rep.records = ls.records.size();
    if (!ls.damage.empty()) return invalid(ls.damage);

    // Checkpoints in file order: sizes never shrink, and each names the root and
    // chain head of exactly the first tree_size records.
    MerkleFrontier tree;
    uint64_t prev_size = 0;
    for (size_t i = 0; i < ls.checkpoints.size(); ++i) {
        const SignedCheckpoint& sc = ls.checkpoints[i];
        const std::string where = "checkpoints.log line " + std::to_string(i + 1) + " (tree size " +
                                  std::to_string(sc.cp.tree_size) + ")";
        auto v = verify_checkpoint(sc, key);
        if (!v) return invalid(where + ": " + v.error());
        if (sc.cp.tree_size < prev_size) return invalid(where + ": smaller than the checkpoint before it");
        if (sc.cp.tree_size > ls.records.size())
            return invalid(where + ": signs " + std::to_string(sc.cp.tree_size) + " records but the log holds only " +
                           std::to_string(ls.records.size()) + " valid ones (signed records were removed or damaged" +
                           (ls.torn.empty() ? "" : "; " + ls.torn) + ")");
        while (tree.size() < sc.cp.tree_size) tree.append(ls.leaves[tree.size()]);
        if (tree.root() != sc.cp.root) return invalid(where + ": Merkle root does not match the records");
        const Digest head = sc.cp.tree_size ? ls.records[sc.cp.tree_size - 1].chain : Digest{};
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
    if (ls.records.size() > prev_size)
        incomplete += (incomplete.empty() ? "" : "; ") + std::to_string(ls.records.size() - prev_size) +
                      " record(s) after the last signed checkpoint are chained but unsigned (the run did not finish)";
    if (!incomplete.empty()) {
        rep.status = S::Incomplete;
        rep.problem = incomplete;
    }
    return rep;
}

}  // namespace vigie::evidence
