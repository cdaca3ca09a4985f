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
// The same bytes in pieces, so export can hash and write proofs.json one entry at a
// time: head, then each entry (`first` for the first), then tail. The spelling is
// nlohmann::json's dump(2) of the object, plus LF.
std::string render_proofs_head(uint64_t tree_size, bool empty);
std::string render_proof_entry(const ProofEntry& e, bool first);
std::string render_proofs_tail(bool empty);
// A manifest entry: what export knows of a member before writing it.
struct MemberDigest {
    std::string name;
    uint64_t size = 0;
    Digest sha256{};
};

// `members` excludes manifest.json itself.
std::string render_manifest(const std::vector<MemberDigest>& members, const std::string& key_fingerprint);
std::string render_manifest(const std::vector<TarMember>& members, const std::string& key_fingerprint);
// rules.rules from the records' RULE sections: each distinct line once, first-seen order.
void merge_rule_lines(std::string& out, std::vector<std::string>& seen_sorted, const std::string& rules);

}  // namespace vigie::evidence
