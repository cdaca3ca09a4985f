#include "evidence/bundle_format.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vigie::evidence {

std::string render_proofs_head(uint64_t tree_size, bool empty) {
    return "{\n  \"tree_size\": " + std::to_string(tree_size) + ",\n  \"records\": [" + (empty ? "" : "\n");
}

std::string render_proof_entry(const ProofEntry& p, bool first) {
    // Names are "records/<digits>.rec" and hashes are hex: nothing to escape.
    std::string o = first ? "" : ",\n";
    o += "    {\n      \"log_index\": " + std::to_string(p.log_index) + ",\n";
    o += "      \"file\": \"" + p.file + "\",\n";
    o += "      \"record_sha256\": \"" + to_hex(p.record_sha256) + "\",\n";
    o += "      \"leaf_hash\": \"" + to_hex(p.leaf_hash) + "\",\n";
    o += "      \"audit_path\": [";
    for (size_t i = 0; i < p.audit_path.size(); ++i) o += (i ? ",\n        \"" : "\n        \"") + to_hex(p.audit_path[i]) + "\"";
    o += p.audit_path.empty() ? "]\n    }" : "\n      ]\n    }";
    return o;
}

std::string render_proofs_tail(bool empty) { return empty ? "]\n}\n" : "\n  ]\n}\n"; }

std::string render_proofs(uint64_t tree_size, const std::vector<ProofEntry>& entries) {
    std::string out = render_proofs_head(tree_size, entries.empty());
    for (size_t i = 0; i < entries.size(); ++i) out += render_proof_entry(entries[i], i == 0);
    return out + render_proofs_tail(entries.empty());
}

std::string render_manifest(const std::vector<MemberDigest>& members, const std::string& key_fingerprint) {
    nlohmann::ordered_json man;
    man["format"] = "vigie-bundle/1";
    man["key_fingerprint"] = key_fingerprint;
    man["members"] = nlohmann::ordered_json::array();
    for (const auto& m : members) {
        nlohmann::ordered_json e;
        e["name"] = m.name;
        e["size"] = m.size;
        e["sha256"] = to_hex(m.sha256);
        man["members"].push_back(std::move(e));
    }
    return man.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_manifest(const std::vector<TarMember>& members, const std::string& key_fingerprint) {
    std::vector<MemberDigest> d;
    d.reserve(members.size());
    for (const auto& m : members) d.push_back({m.name, m.data.size(), sha256(m.data)});
    return render_manifest(d, key_fingerprint);
}

void merge_rule_lines(std::string& out, std::vector<std::string>& seen_sorted, const std::string& rules) {
    size_t pos = 0;
    while (pos < rules.size()) {
        size_t nl = rules.find('\n', pos);
        if (nl == std::string::npos) nl = rules.size();
        std::string line = rules.substr(pos, nl - pos);
        pos = nl + 1;
        auto it = std::lower_bound(seen_sorted.begin(), seen_sorted.end(), line);
        if (it != seen_sorted.end() && *it == line) continue;
        seen_sorted.insert(it, line);
        out += line;
        out += '\n';
    }
}

}  // namespace vigie::evidence
