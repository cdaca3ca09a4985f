// Rendering of the bundle's JSON members, shared by export and verify: the verifier
// re-renders what it parsed and requires the same bytes, so the JSON members have
// exactly one valid spelling and no byte of them goes unchecked.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "evidence/hash.h"
#include "evidence/tar.h"

namespace vigie::evidence {

struct ProofEntry {
    uint64_t log_index = 0;
    std::string file;
    Digest record_sha256{};
    Digest leaf_hash{};
    std::vector<Digest> audit_path;
};

std::string render_proofs(uint64_t tree_size, const std::vector<ProofEntry>& entries);
// `members` excludes manifest.json itself.
std::string render_manifest(const std::vector<TarMember>& members, const std::string& key_fingerprint);
// rules.rules from the records' RULE sections: each distinct line once, first-seen order.
void merge_rule_lines(std::string& out, std::vector<std::string>& seen_sorted, const std::string& rules);

}  // namespace vigie::evidence
