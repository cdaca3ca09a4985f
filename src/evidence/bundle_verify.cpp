// Bundle verification, in trust order: container, manifest, key, checkpoint
// signature, inclusion proofs, record contents, derived members. Each step names
// the member and the check that failed, so the first broken link is precise.
#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "evidence/bundle.h"
#include "evidence/bundle_format.h"
#include "evidence/checkpoint.h"
#include "evidence/merkle.h"
#include "evidence/record.h"
#include "evidence/tar.h"

namespace vigie::evidence {

namespace {

Result<std::vector<ProofEntry>> parse_proofs(const std::string& text, uint64_t* tree_size) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("tree_size") || !j["tree_size"].is_number_unsigned() ||
        !j.contains("records") || !j["records"].is_array())
        return make_error("proofs.json: not the documented structure");
    *tree_size = j["tree_size"].get<uint64_t>();
    std::vector<ProofEntry> out;
    for (const auto& e : j["records"]) {
        ProofEntry p;
        if (!e.is_object() || !e.contains("log_index") || !e["log_index"].is_number_unsigned() ||
            !e.contains("file") || !e["file"].is_string() || !e.contains("record_sha256") ||
            !e["record_sha256"].is_string() || !e.contains("leaf_hash") || !e["leaf_hash"].is_string() ||
            !e.contains("audit_path") || !e["audit_path"].is_array())
            return make_error("proofs.json: record entry " + std::to_string(out.size()) + " is malformed");
        p.log_index = e["log_index"].get<uint64_t>();
        p.file = e["file"].get<std::string>();
        auto rs = digest_from_hex(e["record_sha256"].get<std::string>());
        auto lh = digest_from_hex(e["leaf_hash"].get<std::string>());
        if (!rs || !lh) return make_error("proofs.json: record entry " + std::to_string(out.size()) + " has a bad hash");
        p.record_sha256 = *rs;
        p.leaf_hash = *lh;
        for (const auto& h : e["audit_path"]) {
            auto d = h.is_string() ? digest_from_hex(h.get<std::string>()) : std::nullopt;
            if (!d) return make_error("proofs.json: audit path of log index " + std::to_string(p.log_index) + " has a bad hash");
            p.audit_path.push_back(*d);
        }
        out.push_back(std::move(p));
    }
    return out;
}

// (gid, sid, pcap_cnt) of each EVE alert line; fails on a line that is not one.
Result<std::vector<BundleAlert>> parse_alerts(const std::string& lines, const std::string& where) {
    std::vector<BundleAlert> out;
    size_t pos = 0;
    while (pos < lines.size()) {
        size_t nl = lines.find('\n', pos);
        if (nl == std::string::npos) return make_error(where + ": alert lines do not end in a newline");
        auto a = nlohmann::json::parse(lines.substr(pos, nl - pos), nullptr, false);
        pos = nl + 1;
        if (!a.is_object() || !a.contains("alert") || !a["alert"].is_object() ||
            !a["alert"].contains("signature_id") || !a["alert"]["signature_id"].is_number_unsigned())
            return make_error(where + ": alert " + std::to_string(out.size()) + " is not an EVE alert");
        BundleAlert b;
        b.sid = a["alert"]["signature_id"].get<uint32_t>();
        if (a["alert"].contains("gid") && a["alert"]["gid"].is_number_unsigned()) b.gid = a["alert"]["gid"].get<uint32_t>();
        if (a.contains("pcap_cnt") && a["pcap_cnt"].is_number_unsigned()) b.pcap_cnt = a["pcap_cnt"].get<uint64_t>();
        out.push_back(b);
    }
    return out;
}

}  // namespace

Result<VerifiedBundle> verify_bundle(std::string_view bytes, const PublicKey& key) {
    auto tar = read_tar(bytes);
    if (!tar) return make_error(tar.error());
    std::vector<TarMember>& ms = *tar;

    // ---- manifest: lists every other member, in order, with its SHA-256 ----
    if (ms.empty() || ms[0].name != "manifest.json") return make_error("bundle: first member is not manifest.json");
    auto man = nlohmann::json::parse(ms[0].data, nullptr, false);
    if (man.is_discarded() || !man.is_object() || !man.contains("members") || !man["members"].is_array() ||
        !man.contains("key_fingerprint") || !man["key_fingerprint"].is_string())
        return make_error("manifest.json: not the documented structure");
    const auto& listed = man["members"];
    for (size_t i = 0; i < std::max(listed.size(), ms.size() - 1); ++i) {
        if (i >= listed.size()) return make_error("bundle: member '" + ms[i + 1].name + "' is not in the manifest");
        const auto& e = listed[i];
        const std::string name = e.is_object() && e.contains("name") && e["name"].is_string() ? e["name"].get<std::string>() : "?";
        if (i + 1 >= ms.size()) return make_error("bundle: member '" + name + "' listed in the manifest is missing");
        if (ms[i + 1].name != name)
            return make_error("bundle: member " + std::to_string(i + 1) + " is '" + ms[i + 1].name + "', the manifest lists '" +
                              name + "' there (removed, added or reordered)");
        const std::string want = e.contains("sha256") && e["sha256"].is_string() ? e["sha256"].get<std::string>() : "";
        if (to_hex(sha256(ms[i + 1].data)) != want)
            return make_error("bundle: member '" + name + "' does not match its SHA-256 in the manifest (altered)");
    }
    if (ms[0].data != render_manifest(std::vector<TarMember>(ms.begin() + 1, ms.end()), man["key_fingerprint"].get<std::string>()))
        return make_error("manifest.json: not in canonical form (altered)");
    std::map<std::string, const std::string*> by_name;
    for (const auto& m : ms) {
        if (!by_name.emplace(m.name, &m.data).second) return make_error("bundle: member '" + m.name + "' appears twice");
    }
    auto member = [&](const char* n) -> const std::string* {
        auto it = by_name.find(n);
        return it == by_name.end() ? nullptr : it->second;
    };
    const char* fixed[] = {"sensor.pub", "checkpoint.json", "checkpoint.sig", "proofs.json",
                           "packets.pcapng", "alerts.json", "rules.rules"};
    for (const char* n : fixed)
        if (!member(n)) return make_error(std::string("bundle: member ") + n + " is missing");
    const size_t nrec = ms.size() - 1 - std::size(fixed);
    // fixed order: sensor.pub, checkpoint.json, checkpoint.sig, proofs.json, records..., packets, alerts, rules
    for (size_t i = 0; i < 4; ++i)
        if (ms[1 + i].name != fixed[i]) return make_error(std::string("bundle: member ") + std::to_string(1 + i) + " should be " + fixed[i]);
    for (size_t i = 0; i < 3; ++i)
        if (ms[5 + nrec + i].name != fixed[4 + i])
            return make_error(std::string("bundle: member ") + std::to_string(5 + nrec + i) + " should be " + fixed[4 + i]);

    // ---- key ----
    const std::string& pub = *member("sensor.pub");
    if (pub.size() != 32 || std::memcmp(pub.data(), key.bytes.data(), 32) != 0)
        return make_error("sensor.pub in the bundle is not the given key (bundle key " +
                          (pub.size() == 32 ? to_hex(sha256(pub)).substr(0, 16) : std::string("malformed")) +
                          "..., given " + key.fingerprint().substr(0, 16) + "...)");
    if (man["key_fingerprint"].get<std::string>() != key.fingerprint())
        return make_error("manifest.json: key_fingerprint is not the fingerprint of sensor.pub");

    // ---- checkpoint ----
    SignedCheckpoint sc;
    sc.json = *member("checkpoint.json");
    auto sig = base64_decode(std::string_view(*member("checkpoint.sig")).substr(0, member("checkpoint.sig")->size() - 1));
    if (member("checkpoint.sig")->empty() || member("checkpoint.sig")->back() != '\n' || !sig || sig->size() != 64)
        return make_error("checkpoint.sig: not a base64 Ed25519 signature");
    std::memcpy(sc.sig.data(), sig->data(), 64);
    auto cp = parse_checkpoint_json(sc.json);
    if (!cp) return make_error("checkpoint.json: " + cp.error());
    if (checkpoint_json(*cp) != sc.json) return make_error("checkpoint.json: not in canonical form (altered)");
    sc.cp = *cp;
    auto cv = verify_checkpoint(sc, key);
    if (!cv) return make_error("checkpoint.json: " + cv.error());

    // ---- proofs: each record is a leaf of the signed tree ----
    uint64_t tree_size = 0;
    auto proofs = parse_proofs(*member("proofs.json"), &tree_size);
    if (!proofs) return make_error(proofs.error());
    if (render_proofs(tree_size, *proofs) != *member("proofs.json")) return make_error("proofs.json: not in canonical form (altered)");
    if (tree_size != sc.cp.tree_size)
        return make_error("proofs.json: tree_size " + std::to_string(tree_size) + " is not the checkpoint's " +
                          std::to_string(sc.cp.tree_size));
    if (proofs->size() != nrec)
        return make_error("proofs.json lists " + std::to_string(proofs->size()) + " records, the bundle holds " + std::to_string(nrec));
    if (proofs->empty()) return make_error("bundle holds no record");

    VerifiedBundle vb;
    vb.tree_size = tree_size;
    vb.checkpoint_time = sc.cp.time;
    vb.sensor_id = sc.cp.sensor_id;
    vb.engine_version = sc.cp.engine_version;
    vb.key_fingerprint = sc.cp.key_fingerprint;
    std::string pcap, alerts, rules;
    std::vector<std::string> rule_seen;
    std::map<uint64_t, EvidenceFrame> frames;
    for (size_t i = 0; i < proofs->size(); ++i) {
        const ProofEntry& p = (*proofs)[i];
        const std::string where = "record " + std::to_string(p.log_index);
        if (i > 0 && p.log_index <= (*proofs)[i - 1].log_index)
            return make_error("proofs.json: " + where + " is out of order or duplicated");
        if (p.file != record_member_name(p.log_index) || ms[5 + i].name != p.file)
            return make_error("proofs.json: " + where + " should be member " + record_member_name(p.log_index));
        const std::string& rec = ms[5 + i].data;
        if (sha256(rec) != p.record_sha256) return make_error(where + ": content does not match its record_sha256 (altered)");
        if (leaf_hash(rec) != p.leaf_hash) return make_error(where + ": leaf_hash is not SHA-256(0x00 || record)");
        if (!verify_inclusion(p.log_index, tree_size, p.leaf_hash, p.audit_path, sc.cp.root))
            return make_error(where + ": inclusion proof does not lead to the signed root of tree size " +
                              std::to_string(tree_size));
        auto rc = decode_record(rec);
        if (!rc) return make_error(where + ": " + rc.error());
        auto meta = nlohmann::json::parse(rc->meta, nullptr, false);
        if (meta.is_discarded() || !meta.is_object() || meta.value("format", "") != "vigie-record/1")
            return make_error(where + ": META is not a vigie-record/1 object");
        if (i == 0 && meta.contains("replay")) vb.replay_json = meta["replay"].dump();
        if (meta.contains("packets_dropped") && meta["packets_dropped"].is_number_unsigned())
            vb.packets_dropped += meta["packets_dropped"].get<uint64_t>();
        auto fr = read_pcapng(rc->pcapng);
        if (!fr) return make_error(where + ": packets: " + fr.error());
        auto al = parse_alerts(rc->alerts, where);
        if (!al) return make_error(al.error());
        for (const auto& a : *al) {
            bool found = a.pcap_cnt == 0;
            for (const auto& f : *fr) found = found || f.pcap_cnt == a.pcap_cnt;
            if (!found)
                return make_error(where + ": alert on packet " + std::to_string(a.pcap_cnt) + " but that packet is not in the record");
            vb.alerts.push_back(a);
        }
        for (auto& f : *fr) frames.emplace(f.pcap_cnt, std::move(f));
        vb.log_indices.push_back(p.log_index);
        pcap += rc->pcapng;
        alerts += rc->alerts;
        merge_rule_lines(rules, rule_seen, rc->rules);
    }
    if (pcap != *member("packets.pcapng")) return make_error("packets.pcapng: not the packets of the bundled records");
    if (alerts != *member("alerts.json")) return make_error("alerts.json: not the alerts of the bundled records");
    if (rules != *member("rules.rules")) return make_error("rules.rules: not the rules of the bundled records");
    vb.rules = std::move(rules);
    for (auto& [cnt, f] : frames) vb.frames.push_back(std::move(f));
    return vb;
}

}  // namespace vigie::evidence
