#include "evidence/checkpoint.h"

#include <ctime>
#include <cstring>
#include <nlohmann/json.hpp>

namespace vigie::evidence {

std::string checkpoint_json(const Checkpoint& c) {
    // ordered_json keeps this order, which is the documented one.
    nlohmann::ordered_json j;
    j["format"] = "vigie-checkpoint/1";
    j["tree_size"] = c.tree_size;
    j["root_hash"] = to_hex(c.root);
    j["chain_head"] = to_hex(c.chain_head);
    j["time"] = c.time;
    j["sensor_id"] = c.sensor_id;
    j["engine_version"] = c.engine_version;
    j["key_fingerprint"] = c.key_fingerprint;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Checkpoint> parse_checkpoint_json(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return make_error("checkpoint is not a JSON object");
    auto str = [&](const char* k) -> const std::string* {
        auto it = j.find(k);
        return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* fmt = str("format");
    if (!fmt || *fmt != "vigie-checkpoint/1") return make_error("checkpoint format is not vigie-checkpoint/1");
    Checkpoint c;
    auto ts = j.find("tree_size");
    if (ts == j.end() || !ts->is_number_unsigned()) return make_error("checkpoint tree_size missing");
    c.tree_size = ts->get<uint64_t>();
    const std::string *root = str("root_hash"), *head = str("chain_head"), *time = str("time"),
                      *sensor = str("sensor_id"), *eng = str("engine_version"), *fp = str("key_fingerprint");
    if (!root || !head || !time || !sensor || !eng || !fp) return make_error("checkpoint field missing");
    auto r = digest_from_hex(*root);
    auto h = digest_from_hex(*head);
    if (!r || !h) return make_error("checkpoint hash is not 64 hex digits");
    c.root = *r;
    c.chain_head = *h;
    c.time = *time;
    c.sensor_id = *sensor;
    c.engine_version = *eng;
    c.key_fingerprint = *fp;
    return c;
}

SignedCheckpoint sign_checkpoint(const Checkpoint& c, const SigningKey& key) {
    SignedCheckpoint s;
    s.cp = c;
    s.json = checkpoint_json(c);
    s.sig = key.sign(std::string(kCheckpointDomain) + s.json);
    return s;
}

std::string checkpoint_log_line(const SignedCheckpoint& s) {
    return s.json + "\t" + base64_encode(std::string_view(reinterpret_cast<const char*>(s.sig.data()), 64)) + "\n";
}

Result<SignedCheckpoint> parse_checkpoint_log_line(std::string_view line) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return make_error("checkpoint line has no signature");
    SignedCheckpoint s;
    s.json.assign(line.substr(0, tab));
    auto sig = base64_decode(line.substr(tab + 1));
    if (!sig || sig->size() != 64) return make_error("checkpoint signature is not 64 bytes of base64");
    std::memcpy(s.sig.data(), sig->data(), 64);
    auto c = parse_checkpoint_json(s.json);
    if (!c) return make_error(c.error());
    s.cp = std::move(*c);
    return s;
}

Result<void> verify_checkpoint(const SignedCheckpoint& s, const PublicKey& key) {
    if (s.cp.key_fingerprint != key.fingerprint())
        return make_error("checkpoint was signed by key " + s.cp.key_fingerprint.substr(0, 16) +
                          "..., not by the given key " + key.fingerprint().substr(0, 16) + "...");
    if (!verify_signature(key, std::string(kCheckpointDomain) + s.json, s.sig.data()))
        return make_error("checkpoint signature does not verify with the given key");
    return {};
}

std::string utc_now_rfc3339() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace vigie::evidence
