#include "evidence/bundle_format.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace vigie::evidence {

std::string render_proofs(uint64_t tree_size, const std::vector<ProofEntry>& entries) {
    nlohmann::ordered_json j;
    j["tree_size"] = tree_size;
    j["records"] = nlohmann::ordered_json::array();
    for (const auto& p : entries) {
        nlohmann::ordered_json e;
        e["log_index"] = p.log_index;
        e["file"] = p.file;
        e["record_sha256"] = to_hex(p.record_sha256);
        e["leaf_hash"] = to_hex(p.leaf_hash);
        e["audit_path"] = nlohmann::ordered_json::array();
        for (const auto& d : p.audit_path) e["audit_path"].push_back(to_hex(d));
        j["records"].push_back(std::move(e));
    }
    return j.dump(2) + "\n";
}

std::string render_manifest(const std::vector<TarMember>& members, const std::string& key_fingerprint) {
    nlohmann::ordered_json man;
    man["format"] = "vigie-bundle/1";
    man["key_fingerprint"] = key_fingerprint;
    man["members"] = nlohmann::ordered_json::array();
    for (const auto& m : members) {
        nlohmann::ordered_json e;
        e["name"] = m.name;
        e["size"] = m.data.size();
        e["sha256"] = to_hex(sha256(m.data));
        man["members"].push_back(std::move(e));
    }
    return man.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
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
