#include "cli/config.h"

#include "cli/evidence_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vigie::cli {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Set one dotted key to a scalar value. The same table serves the YAML file
// (walked into dotted keys) and --set, so both spell options identically.
Result<void> set_key(const std::string& key, const std::string& value, RunConfig& cfg) {
    auto as_bool = [&](bool& dst) -> Result<void> {
        auto b = parse_bool(value);
        if (!b) return make_error(key + ": " + b.error());
        dst = *b;
        return {};
    };
    auto as_size = [&](uint64_t& dst) -> Result<void> {
        auto n = parse_size(value);
        if (!n) return make_error(key + ": " + n.error());
        dst = *n;
        return {};
    };
    const std::string agroup = "vars.address-groups.";
    const std::string pgroup = "vars.port-groups.";
    if (key.rfind(agroup, 0) == 0) {
        cfg.vars.address[key.substr(agroup.size())] = value;
        return {};
    }
    if (key.rfind(pgroup, 0) == 0) {
        cfg.vars.port[key.substr(pgroup.size())] = value;
        return {};
    }
    if (key.rfind("evidence.", 0) == 0) return set_evidence_key(key.substr(9), value, cfg.evidence);
    if (key == "stream.midstream") return as_bool(cfg.midstream);
    if (key == "stream.async-oneside") return as_bool(cfg.async_oneside);
    if (key == "stream.reassembly.depth") return as_size(cfg.reassembly_depth);
    if (key == "defrag.memcap") return as_size(cfg.defrag_memcap);
    if (key == "flow.max-flows" || key == "vigie.flow.max") {
        uint64_t n = 0;
        auto r = as_size(n);
        if (!r) return r;
        if (n == 0 || n > (1u << 26)) return make_error(key + ": must be between 1 and 67108864");
        cfg.flow_max = static_cast<uint32_t>(n);
        return {};
    }
    auto as_u32 = [&](uint32_t& dst) -> Result<void> {
        uint64_t n = 0;
        auto r = as_size(n);
        if (!r) return r;
        dst = static_cast<uint32_t>(std::min<uint64_t>(n, UINT32_MAX));
        return {};
    };
    const std::string libhtp = "app-layer.protocols.http.libhtp.default-config.";
    if (key == libhtp + "request-body-limit") return as_u32(cfg.http_request_body_limit);
    if (key == libhtp + "response-body-limit") return as_u32(cfg.http_response_body_limit);
    if (key == libhtp + "response-body-decompress-layer-limit") return as_u32(cfg.http_decompress_layer_limit);
    const std::string protos = "app-layer.protocols.";
    if (key.rfind(protos, 0) == 0) {
        // "enabled" may also be "detection-only": parsed, so treat as on.
        auto on = [&](bool& dst) -> Result<void> {
            if (value == "detection-only") {
                dst = true;
                return {};
            }
            return as_bool(dst);
        };
        const std::string rest = key.substr(protos.size());
        if (rest == "http.enabled") return on(cfg.http_enabled);
        if (rest == "tls.enabled") return on(cfg.tls_enabled);
        if (rest == "ssh.enabled") return on(cfg.ssh_enabled);
        bool b = true;
        if (rest == "dns.enabled" || rest == "dns.tcp.enabled" || rest == "dns.udp.enabled") {
            auto r = on(b);
            if (!r) return r;
            if (rest == "dns.enabled") cfg.dns_enabled = b;
            else if (rest == "dns.tcp.enabled") cfg.dns_tcp_enabled = b;
            else cfg.dns_udp_enabled = b;
        }
        return {};
    }
    const std::string fstore = "file-store.";
    if (key.rfind(fstore, 0) == 0) {
        const std::string rest = key.substr(fstore.size());
        FileStoreOptions& o = cfg.file_store;
        if (rest == "enabled") return as_bool(o.enabled);
        if (rest == "force-filestore") return as_bool(o.force);
        if (rest == "stream-depth") return as_size(o.stream_depth);
        if (rest == "dir") {
            if (value.empty()) return make_error(key + ": empty directory");
            o.dir = value;
            return {};
        }
        if (rest == "max-open-files") {
            uint64_t n = 0;
            if (auto r = as_size(n); !r) return r;
            if (n == 0 || n > 1000000) return make_error(key + ": must be between 1 and 1000000");
            o.max_open_files = uint32_t(n);
            return {};
        }
        return {};  // version, write-fileinfo, force-hash...: Suricata's, not needed
    }
    if (key == "classification-file") {
        cfg.classification_file = value;
        return {};
    }
    if (key == "detect.hyperscan-cache" || key == "vigie.detect.hyperscan-cache") {
        cfg.hs_cache_dir = value;
        return {};
    }
    if (key == "packet-alert-max" || key == "detect.packet-alert-max") {
        uint64_t n = 0;
        auto r = as_size(n);
        if (!r) return r;
        cfg.max_alerts_per_packet = static_cast<uint32_t>(std::clamp<uint64_t>(n, 1, 1024));
        return {};
    }
    if (key.rfind("vigie.intel.", 0) == 0) {
        const std::string rest = key.substr(12);
        std::string* dst = rest == "geo" ? &cfg.intel.geo : rest == "asn" ? &cfg.intel.asn
                         : rest == "asn6" ? &cfg.intel.asn6 : rest == "assets" ? &cfg.intel.assets : nullptr;
        if (!dst) return make_error(key + ": unknown key (vigie.intel takes geo, asn, asn6, assets)");
        if (value.empty()) return make_error(key + ": empty path");
        *dst = value;
        return {};
    }
    if (key == "vigie.workers") {
        uint64_t n = 0;
        auto r = as_size(n);
        if (!r) return r;
        cfg.workers = static_cast<unsigned>(std::clamp<uint64_t>(n, 1, 64));
        return {};
    }
    // Keys of Suricata's we accept and do not need (checksum settings map to one switch).
    if (key.find("checksum-validation") != std::string::npos || key.find("checksum-checks") != std::string::npos) {
        auto b = parse_bool(value);
        if (!b) {  // "auto" and the like: keep validation on
            return {};
        }
        cfg.checksum_validation = *b;
        return {};
    }
    // Unknown keys are ignored on purpose: a Suricata config carries hundreds of
    // settings for features Vigie does not have, and rejecting them would make
    // existing configs unusable.
    return {};
}

Result<void> walk_scalars(const YAML::Node& node, const std::string& prefix, RunConfig& cfg);

void walk_outputs(const YAML::Node& outputs, RunConfig& cfg, Result<void>& errors) {
    if (!outputs.IsSequence()) return;
    for (const auto& item : outputs) {
        if (item.IsMap() && item["file-store"]) {
            // Errors in it surface through the same keys as --set file-store.*.
            errors = walk_scalars(item["file-store"], "file-store", cfg);
            if (!errors) return;
            continue;
        }
        if (!item.IsMap() || !item["eve-log"]) continue;
        const auto eve = item["eve-log"];
        if (eve["enabled"] && eve["enabled"].IsScalar()) {
            auto b = parse_bool(eve["enabled"].as<std::string>());
            if (b) cfg.eve_enabled = *b;
        }
        if (eve["filename"] && eve["filename"].IsScalar()) cfg.eve_filename = eve["filename"].as<std::string>();
        if (eve["ethernet"] && eve["ethernet"].IsScalar()) {
            auto b = parse_bool(eve["ethernet"].as<std::string>());
            if (!b) {
                errors = make_error("outputs.eve-log.ethernet: " + b.error());
                return;
            }
            cfg.eve_ethernet = *b;
        }
        if (eve["community-id"] && eve["community-id"].IsScalar()) {
            auto b = parse_bool(eve["community-id"].as<std::string>());
            if (b && *b) cfg.community_id_seed = 0;
            if (b && !*b) cfg.community_id_seed.reset();
        }
        if (cfg.community_id_seed && eve["community-id-seed"] && eve["community-id-seed"].IsScalar()) {
            auto n = parse_size(eve["community-id-seed"].as<std::string>());
            if (!n || *n > 65535) {
                errors = make_error("outputs.eve-log.community-id-seed: expected 0..65535, got '" +
                                    eve["community-id-seed"].as<std::string>() + "'");
                return;
            }
            cfg.community_id_seed = uint16_t(*n);
        }
        const auto types = eve["types"];
        if (!types || !types.IsSequence()) continue;
        // A types list names exactly what is logged.
        cfg.types = EveTypes{};
        EveTypes& t = cfg.types;
        t.alert = t.http = t.dns = t.tls = t.ssh = t.files = t.flow = t.anomaly = false;
        t.http_extended = t.tls_extended = false;
        for (const auto& item : types) {
            std::string name;
            YAML::Node opts;
            if (item.IsScalar()) {
                name = item.as<std::string>();
            } else if (item.IsMap() && item.size() == 1) {
                name = item.begin()->first.as<std::string>();
                opts = item.begin()->second;
            }
            auto flag = [&](const YAML::Node& node, const char* k, bool& dst) {
                if (node && node.IsMap() && node[k] && node[k].IsScalar()) {
                    auto b = parse_bool(node[k].as<std::string>());
                    if (b) dst = *b;
                }
            };
            bool enabled = true;
            flag(opts, "enabled", enabled);
            if (!enabled) continue;
            if (name == "alert") {
                t.alert = true;
                flag(opts, "payload", cfg.alert.payload);
                flag(opts, "payload-printable", cfg.alert.payload_printable);
                flag(opts, "packet", cfg.alert.packet);
                flag(opts, "metadata", cfg.alert.metadata);
                flag(opts, "rule", cfg.alert.rule_text);
            } else if (name == "http") {
                t.http = true;
                flag(opts, "extended", t.http_extended);
                if (opts && opts.IsMap() && opts["dump-all-headers"] && opts["dump-all-headers"].IsScalar()) {
                    std::string v = opts["dump-all-headers"].as<std::string>();
                    t.http_dump_all_headers = v == "both" || v == "request" || v == "response" || v == "yes";
                }
            } else if (name == "dns") {
                t.dns = true;
                auto& d = t.dns_log;
                d = output::DnsLogConfig{};
                if (opts && opts.IsMap()) {
                    if (opts["version"] && opts["version"].IsScalar()) d.version = opts["version"].as<int>() == 2 ? 2 : 3;
                    flag(opts, "requests", d.requests);
                    flag(opts, "responses", d.responses);
                    flag(opts, "query", d.requests);   // version 2 spellings
                    flag(opts, "answer", d.responses);
                    if (opts["formats"] && opts["formats"].IsSequence()) {
                        d.detailed = d.grouped = false;
                        for (const auto& f : opts["formats"]) {
                            const std::string v = f.as<std::string>();
                            d.detailed = d.detailed || v == "detailed";
                            d.grouped = d.grouped || v == "grouped";
                        }
                    }
                    if (opts["types"] && opts["types"].IsSequence()) {
                        for (const auto& ty : opts["types"])
                            if (auto code = output::dns_log_type_from_name(ty.as<std::string>())) d.types.push_back(*code);
                    }
                }
            } else if (name == "tls") {
                t.tls = true;
                flag(opts, "extended", t.tls_extended);
                t.tls_custom.reset();
                if (opts && opts.IsMap() && opts["custom"] && opts["custom"].IsSequence()) {
                    output::TlsLogFields fields;
                    for (const auto& n : opts["custom"]) output::tls_log_field_enable(fields, n.as<std::string>());
                    bool ja4 = false;
                    flag(opts, "ja4", ja4);
                    if (ja4) fields.ja4 = true;
                    t.tls_custom = fields;
                }
            } else if (name == "ssh") {
                t.ssh = true;
            } else if (name == "files") {
                t.files = true;
                flag(opts, "force-magic", t.files_magic);
            } else if (name == "flow") {
                t.flow = true;
            } else if (name == "anomaly") {
                t.anomaly = true;
                t.anomaly_applayer = true;
                t.anomaly_decode = false;
                if (opts && opts.IsMap() && opts["types"]) {
                    flag(opts["types"], "decode", t.anomaly_decode);
                    flag(opts["types"], "applayer", t.anomaly_applayer);
                }
            }
        }
        cfg.eve_alert = t.alert;
    }
}

Result<void> walk_scalars(const YAML::Node& node, const std::string& prefix, RunConfig& cfg) {
    if (node.IsScalar()) return set_key(prefix, node.as<std::string>(), cfg);
    if (node.IsMap()) {
        for (const auto& kv : node) {
            std::string k = kv.first.as<std::string>();
            auto r = walk_scalars(kv.second, prefix.empty() ? k : prefix + "." + k, cfg);
            if (!r) return r;
        }
    }
    return {};
}

// Suricata configs start with "%YAML 1.1"; yaml-cpp knows only 1.2 and rejects the
// directive, and nothing in these files depends on the difference.
Result<YAML::Node> load_yaml(const std::string& path) {
    std::ifstream in(path);
    if (!in) return make_error("cannot open config " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("%YAML", 0) == 0) text.erase(0, text.find('\n'));
    try {
        return YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return make_error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

Result<void> load_node(const YAML::Node& root, const std::filesystem::path& dir, RunConfig& cfg, int depth) {
    if (!root || root.IsNull()) return {};
    if (!root.IsMap()) return make_error("top level is not a mapping");
    // include: first, so the including file's own keys win.
    if (const auto inc = root["include"]) {
        std::vector<std::string> files;
        if (inc.IsScalar()) files.push_back(inc.as<std::string>());
        if (inc.IsSequence())
            for (const auto& f : inc) files.push_back(f.as<std::string>());
        for (const auto& f : files) {
            if (depth > 8) return make_error("include nested too deeply at " + f);
            std::filesystem::path p = f;
            if (p.is_relative()) p = dir / p;
            auto sub = load_yaml(p.string());
            if (!sub) return make_error("cannot read included " + sub.error());
            auto r = load_node(*sub, p.parent_path(), cfg, depth + 1);
            if (!r) return make_error(p.string() + ": " + r.error());
        }
    }
    for (const auto& kv : root) {
        const std::string k = kv.first.as<std::string>();
        if (k == "include") continue;
        if (k == "outputs") {
            Result<void> errors = {};
            walk_outputs(kv.second, cfg, errors);
            if (!errors) return errors;
            continue;
        }
        if (k == "rule-files" && kv.second.IsSequence()) {
            std::string base = root["default-rule-path"] && root["default-rule-path"].IsScalar()
                                   ? root["default-rule-path"].as<std::string>()
                                   : "";
            for (const auto& f : kv.second) {
                std::filesystem::path p = f.as<std::string>();
                if (p.is_relative() && !base.empty()) p = std::filesystem::path(base) / p;
                else if (p.is_relative()) p = dir / p;
                cfg.rule_files.push_back(p.string());
            }
            continue;
        }
        auto r = walk_scalars(kv.second, k, cfg);
        if (!r) return r;
    }
    return {};
}

}  // namespace

Result<bool> parse_bool(const std::string& text) {
    const std::string t = lower(text);
    if (t == "yes" || t == "true" || t == "on" || t == "1" || t == "enabled") return true;
    if (t == "no" || t == "false" || t == "off" || t == "0" || t == "disabled") return false;
    return make_error("expected yes or no, got '" + text + "'");
}

Result<uint64_t> parse_size(const std::string& text) {
    std::string t = lower(text);
    t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c); }), t.end());
    if (t.empty()) return make_error("empty size");
    size_t i = 0;
    uint64_t n = 0;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
        if (n > (UINT64_MAX - 9) / 10) return make_error("size too large: " + text);
        n = n * 10 + uint64_t(t[i] - '0');
        ++i;
    }
    if (i == 0) return make_error("not a size: '" + text + "'");
    const std::string unit = t.substr(i);
    uint64_t mult = 1;
    if (unit.empty() || unit == "b") mult = 1;
    else if (unit == "kb" || unit == "k" || unit == "kib") mult = 1ull << 10;
    else if (unit == "mb" || unit == "m" || unit == "mib") mult = 1ull << 20;
    else if (unit == "gb" || unit == "g" || unit == "gib") mult = 1ull << 30;
    else return make_error("unknown size unit in '" + text + "'");
    return n * mult;
}

Result<void> load_config_file(const std::string& path, RunConfig& cfg) {
    auto root = load_yaml(path);
    if (!root) return make_error(root.error());
    auto r = load_node(*root, std::filesystem::path(path).parent_path(), cfg, 0);
    if (!r) return make_error(path + ": " + r.error());
    return {};
}

Result<void> apply_set_option(const std::string& assignment, RunConfig& cfg) {
    auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) return make_error("--set expects key=value, got '" + assignment + "'");
    return set_key(assignment.substr(0, eq), assignment.substr(eq + 1), cfg);
}

}  // namespace vigie::cli
