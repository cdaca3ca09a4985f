#include "cli/evidence_config.h"

#include <cctype>

#include "cli/config.h"

namespace vigie::cli {

namespace {

// A count (no size suffix): digits only, within [lo, hi].
Result<uint64_t> parse_count(const std::string& text, uint64_t lo, uint64_t hi) {
    if (text.empty() || text.size() > 19) return make_error("expected a number, got '" + text + "'");
    uint64_t n = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return make_error("expected a number, got '" + text + "'");
        n = n * 10 + uint64_t(c - '0');
    }
    if (n < lo || n > hi)
        return make_error("must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " + text);
    return n;
}

Result<uint64_t> parse_size_in(const std::string& text, uint64_t lo, uint64_t hi) {
    auto n = parse_size(text);
    if (!n) return n;
    if (*n < lo || *n > hi)
        return make_error("must be between " + std::to_string(lo) + " and " + std::to_string(hi) + " bytes, got " + text);
    return n;
}

}  // namespace

Result<void> set_evidence_key(const std::string& key, const std::string& value, EvidenceOptions& ev) {
    auto named = [&](auto r) -> Result<void> {
        if (!r) return make_error("evidence." + key + ": " + r.error());
        return {};
    };
    auto text = [&](std::string& dst) -> Result<void> {
        if (value.empty()) return make_error("evidence." + key + ": empty value");
        dst = value;
        return {};
    };
    if (key == "enabled") {
        auto b = parse_bool(value);
        if (b) ev.enabled = *b;
        return named(b);
    }
    if (key == "key") return text(ev.key_path);
    if (key == "sensor-id") return text(ev.sensor_id);
    if (key == "store-dir") return text(ev.store_dir);
    // A record holds at most a flow budget of packets and must stay well under the
    // format's 256 MiB record limit.
    if (key == "flow-budget") {
        auto n = parse_size_in(value, 4096, 64ull << 20);
        if (n) ev.flow_budget = *n;
        return named(n);
    }
    if (key == "memcap") {
        auto n = parse_size_in(value, 64ull << 10, 1ull << 40);
        if (n) ev.memcap = *n;
        return named(n);
    }
    if (key == "post-alert-packets") {
        auto n = parse_count(value, 0, 1000000);
        if (n) ev.post_alert_packets = uint32_t(*n);
        return named(n);
    }
    if (key == "checkpoint.records") {
        auto n = parse_count(value, 0, 1000000000);
        if (n) ev.checkpoint_every = *n;
        return named(n);
    }
    if (key == "checkpoint.seconds") {
        auto n = parse_count(value, 0, 31536000);
        if (n) ev.checkpoint_seconds = *n;
        return named(n);
    }
    // Our own section: an unknown key is a typo, not a Suricata setting to tolerate.
    return make_error("unknown key evidence." + key +
                      " (known: enabled, key, sensor-id, store-dir, flow-budget, memcap, post-alert-packets, "
                      "checkpoint.records, checkpoint.seconds)");
}

Result<void> EvidenceFlags::apply(EvidenceOptions& ev) const {
    if (enabled) ev.enabled = true;
    for (const auto& [key, value] : values) {
        if (!value) continue;
        auto r = set_evidence_key(key, *value, ev);
        if (!r) return r;
    }
    return {};
}

}  // namespace vigie::cli
