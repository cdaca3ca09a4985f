#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "evidence/bundle.h"
#include "evidence/bundle_format.h"
#include "evidence/merkle.h"
#include "evidence/record.h"
#include "evidence/tar.h"

namespace vigie::evidence {

std::string record_member_name(uint64_t log_index) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "records/%020llu.rec", static_cast<unsigned long long>(log_index));
    return buf;
}

std::optional<double> parse_time_arg(std::string_view t) {
    if (t.empty()) return std::nullopt;
    if (t.find('T') == std::string_view::npos) {
        try {
            size_t used = 0;
            const double v = std::stod(std::string(t), &used);
            if (used == t.size()) return v;
        } catch (...) {
        }
        return std::nullopt;
    }
    std::tm tm{};
    int consumed = 0;
    const std::string s(t);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &consumed) != 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double v = double(timegm(&tm));
    std::string_view rest = t.substr(size_t(consumed));
    if (!rest.empty() && rest[0] == '.') {
        size_t n = 1;
        double scale = 0.1;
        while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') {
            v += scale * (rest[n] - '0');
            scale /= 10;
            ++n;
        }
        rest.remove_prefix(n);
    }
    if (!rest.empty() && rest != "Z" && rest != "+0000" && rest != "+00:00") return std::nullopt;
    return v;
}

namespace {

// Does the record match the query? Reads only META and the alert lines.
bool selected(const RecordContent& rc, const std::string& sha_hex, const ExportQuery& q) {
    if (!q.alert_id.empty()) {
        std::string prefix = q.alert_id.substr(0, q.alert_id.find('.'));
        return prefix.size() >= 8 && sha_hex.compare(0, prefix.size(), prefix) == 0;
    }
    if (q.flow_id) {
        auto m = nlohmann::json::parse(rc.meta, nullptr, false);
        return m.is_object() && m.contains("flow_id") && m["flow_id"].is_number_unsigned() &&
               m["flow_id"].get<uint64_t>() == *q.flow_id;
    }
    size_t pos = 0;
    while (pos < rc.alerts.size()) {
        size_t nl = rc.alerts.find('\n', pos);
        if (nl == std::string::npos) nl = rc.alerts.size();
        auto a = nlohmann::json::parse(rc.alerts.substr(pos, nl - pos), nullptr, false);
        pos = nl + 1;
        if (!a.is_object() || !a.contains("timestamp") || !a["timestamp"].is_string()) continue;
        auto t = parse_time_arg(a["timestamp"].get<std::string>());
        if (t && (!q.since || *t >= *q.since) && (!q.until || *t <= *q.until)) return true;
    }
    return false;
}

}  // namespace

Result<std::string> export_bundle(const LoadedStore& store, const ExportQuery& q, ExportSummary* summary) {
    std::ifstream pub_in(store.dir + "/sensor.pub", std::ios::binary);
    std::string pub_bytes((std::istreambuf_iterator<char>(pub_in)), {});
    if (pub_bytes.size() != 32) return make_error(store.dir + "/sensor.pub is missing or not a public key");
    PublicKey pub;
    std::copy(pub_bytes.begin(), pub_bytes.end(), pub.bytes.begin());

    // The newest checkpoint that verifies: proofs are made against it.
    const SignedCheckpoint* cp = nullptr;
    for (auto it = store.checkpoints.rbegin(); it != store.checkpoints.rend(); ++it)
        if (verify_checkpoint(*it, pub) && it->cp.tree_size <= store.records.size()) {
            cp = &*it;
            break;
        }
    if (!cp) return make_error("the store has no signed checkpoint that verifies with its sensor.pub");
    const uint64_t tree_size = cp->cp.tree_size;

    std::vector<const StoreRecord*> picked;
    std::vector<RecordContent> contents;
    bool uncovered = false;
    for (const auto& r : store.records) {
        auto rc = decode_record(r.record);
        if (!rc) continue;
        if (!selected(*rc, to_hex(sha256(r.record)), q)) continue;
        if (r.index >= tree_size) {
            uncovered = true;
            continue;
        }
        picked.push_back(&r);
        contents.push_back(std::move(*rc));
    }
    if (picked.empty())
        return make_error(uncovered ? "the matching records are not yet covered by a signed checkpoint (run still going?)"
                                    : "no evidence record matches");

    MerkleLevels levels(std::vector<Digest>(store.leaves.begin(), store.leaves.begin() + long(tree_size)));
    if (levels.root(tree_size) != cp->cp.root) return make_error("the store's Merkle root disagrees with its checkpoint");

    std::vector<TarMember> members;
    members.push_back({"sensor.pub", pub_bytes});
    members.push_back({"checkpoint.json", cp->json});
    members.push_back({"checkpoint.sig",
                       base64_encode(std::string_view(reinterpret_cast<const char*>(cp->sig.data()), 64)) + "\n"});
    std::vector<ProofEntry> proofs;
    std::string pcap, alerts, rules;
    std::vector<std::string> rule_lines;
    ExportSummary sum;
    for (size_t i = 0; i < picked.size(); ++i) {
        const StoreRecord& r = *picked[i];
        ProofEntry e;
        e.log_index = r.index;
        e.file = record_member_name(r.index);
        e.record_sha256 = sha256(r.record);
        e.leaf_hash = store.leaves[r.index];
        e.audit_path = levels.audit_path(r.index, tree_size);
        proofs.push_back(std::move(e));
        pcap += contents[i].pcapng;
        alerts += contents[i].alerts;
        merge_rule_lines(rules, rule_lines, contents[i].rules);
        sum.alerts += size_t(std::count(contents[i].alerts.begin(), contents[i].alerts.end(), '\n'));
        auto frames = read_pcapng(contents[i].pcapng);
        if (frames) sum.packets += frames->size();
    }
    members.push_back({"proofs.json", render_proofs(tree_size, proofs)});
    for (const auto* r : picked) members.push_back({record_member_name(r->index), std::string(r->record)});
    members.push_back({"packets.pcapng", pcap});
    members.push_back({"alerts.json", alerts});
    members.push_back({"rules.rules", rules});

    members.insert(members.begin(), TarMember{"manifest.json", render_manifest(members, pub.fingerprint())});

    sum.records = picked.size();
    sum.tree_size = tree_size;
    if (summary) *summary = sum;
    return write_tar(members);
}

}  // namespace vigie::evidence
