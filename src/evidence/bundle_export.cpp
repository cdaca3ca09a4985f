#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <ostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "evidence/bundle.h"
#include "evidence/bundle_format.h"
#include "evidence/merkle.h"
#include "evidence/merkle_paths.h"
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

namespace {

// A record chosen for the bundle, located for the second pass.
struct Picked {
    uint64_t index = 0;
    uint32_t segment_no = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
    Digest sha{}, leaf{};
};

// Writes tar members to the output, each from pieces.
class TarOut {
public:
    explicit TarOut(std::ostream& out) : out_(out) {}
    void begin(const std::string& name, uint64_t size) {
        out_ << tar_header(name, size);
        size_ = size;
    }
    void write(std::string_view b) { out_.write(b.data(), std::streamsize(b.size())); }
    void end() { out_ << tar_padding(size_); }
    void member(const std::string& name, std::string_view data) {
        begin(name, data.size());
        write(data);
        end();
    }

private:
    std::ostream& out_;
    uint64_t size_ = 0;
};

}  // namespace

Result<ExportSummary> export_bundle(const std::string& dir, const ExportQuery& q, std::ostream& out) {
    std::ifstream pub_in(dir + "/sensor.pub", std::ios::binary);
    std::string pub_bytes((std::istreambuf_iterator<char>(pub_in)), {});
    if (pub_bytes.size() != 32) return make_error(dir + "/sensor.pub is missing or not a public key");
    PublicKey pub;
    std::copy(pub_bytes.begin(), pub_bytes.end(), pub.bytes.begin());

    // Pass 1: choose the records, hash what the manifest lists, collect the audit
    // path nodes as the leaves stream past. Only the chosen records' places are kept.
    std::optional<SignedCheckpoint> cp;
    std::unique_ptr<StreamingAuditPaths> paths;
    std::vector<Picked> picked;
    Sha256 pcap_hash, alerts_hash;
    uint64_t pcap_size = 0, alerts_size = 0;
    std::string rules;
    std::vector<std::string> rule_lines;
    bool uncovered = false;
    ExportSummary sum;
    auto scan = scan_store(
        dir,
        [&](const StoreRecord& r) {
            if (!paths) return;
            const Digest leaf = leaf_hash(r.record);
            auto rc = decode_record(r.record);
            const Digest sha = sha256(r.record);
            if (rc && selected(*rc, to_hex(sha), q)) {
                if (r.index >= cp->cp.tree_size) {
                    uncovered = true;
                } else {
                    paths->want(r.index);
                    picked.push_back({r.index, r.segment_no, r.offset, r.record.size(), sha, leaf});
                    pcap_hash.update(rc->pcapng);
                    pcap_size += rc->pcapng.size();
                    alerts_hash.update(rc->alerts);
                    alerts_size += rc->alerts.size();
                    merge_rule_lines(rules, rule_lines, rc->rules);
                    sum.alerts += size_t(std::count(rc->alerts.begin(), rc->alerts.end(), '\n'));
                    auto frames = read_pcapng(rc->pcapng);
                    if (frames) sum.packets += frames->size();
                }
            }
            paths->append(leaf);
        },
        [&](const StoreScan& s) {
            // The newest checkpoint that verifies: proofs are made against it.
            for (auto it = s.checkpoints.rbegin(); it != s.checkpoints.rend(); ++it)
                if (verify_checkpoint(*it, pub)) {
                    cp = *it;
                    paths = std::make_unique<StreamingAuditPaths>(it->cp.tree_size);
                    break;
                }
        });
    if (!scan) return make_error(scan.error());
    if (!cp) return make_error("the store has no signed checkpoint that verifies with its sensor.pub");
    const uint64_t tree_size = cp->cp.tree_size;
    if (scan->records < tree_size)
        return make_error("the store holds " + std::to_string(scan->records) + " valid records but its newest checkpoint signs " +
                          std::to_string(tree_size) + " (damaged: run vigie verify --store)");
    if (picked.empty())
        return make_error(uncovered ? "the matching records are not yet covered by a signed checkpoint (run still going?)"
                                    : "no evidence record matches");
    if (paths->root() != cp->cp.root) return make_error("the store's Merkle root disagrees with its checkpoint");

    // proofs.json is rendered entry by entry twice (hash, then write) rather than held.
    auto each_proof = [&](const std::function<void(const std::string&)>& use) {
        use(render_proofs_head(tree_size, false));
        for (size_t i = 0; i < picked.size(); ++i) {
            const Picked& p = picked[i];
            use(render_proof_entry({p.index, record_member_name(p.index), p.sha, p.leaf, paths->path(p.index)}, i == 0));
        }
        use(render_proofs_tail(false));
    };
    Sha256 proofs_hash;
    uint64_t proofs_size = 0;
    each_proof([&](const std::string& piece) {
        proofs_hash.update(piece);
        proofs_size += piece.size();
    });
    const std::string sig = base64_encode(std::string_view(reinterpret_cast<const char*>(cp->sig.data()), 64)) + "\n";

    std::vector<MemberDigest> members;
    members.push_back({"sensor.pub", pub_bytes.size(), sha256(pub_bytes)});
    members.push_back({"checkpoint.json", cp->json.size(), sha256(cp->json)});
    members.push_back({"checkpoint.sig", sig.size(), sha256(sig)});
    members.push_back({"proofs.json", proofs_size, proofs_hash.final()});
    for (const auto& p : picked) members.push_back({record_member_name(p.index), p.size, p.sha});
    members.push_back({"packets.pcapng", pcap_size, pcap_hash.final()});
    members.push_back({"alerts.json", alerts_size, alerts_hash.final()});
    members.push_back({"rules.rules", rules.size(), sha256(rules)});

    // Pass 2: write, reading each chosen record again from its place.
    TarOut tar(out);
    tar.member("manifest.json", render_manifest(members, pub.fingerprint()));
    tar.member("sensor.pub", pub_bytes);
    tar.member("checkpoint.json", cp->json);
    tar.member("checkpoint.sig", sig);
    tar.begin("proofs.json", proofs_size);
    each_proof([&](const std::string& piece) { tar.write(piece); });
    tar.end();
    // Each record is read again per member that draws on it; it must be the record
    // hashed in pass 1 (a store is append-only: anything else is damage).
    auto each_record = [&](const std::function<void(const std::string&)>& use) -> Result<void> {
        for (const auto& p : picked) {
            auto rec = read_record_at(dir, p.segment_no, p.offset, p.index);
            if (!rec) return make_error(rec.error());
            if (sha256(*rec) != p.sha) return make_error("record " + std::to_string(p.index) + " changed during export");
            use(*rec);
        }
        return {};
    };
    size_t k = 0;
    auto r = each_record([&](const std::string& rec) { tar.member(record_member_name(picked[k++].index), rec); });
    if (!r) return make_error(r.error());
    tar.begin("packets.pcapng", pcap_size);
    r = each_record([&](const std::string& rec) { tar.write(decode_record(rec)->pcapng); });
    if (!r) return make_error(r.error());
    tar.end();
    tar.begin("alerts.json", alerts_size);
    r = each_record([&](const std::string& rec) { tar.write(decode_record(rec)->alerts); });
    if (!r) return make_error(r.error());
    tar.end();
    tar.member("rules.rules", rules);
    out << tar_end();
    if (!out) return make_error("cannot write the bundle");

    sum.records = picked.size();
    sum.tree_size = tree_size;
    return sum;
}

}  // namespace vigie::evidence
