// Plain indicator lists ("ip 192.0.2.1", or bare values with --type), and the
// choice of reader by content.
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "intel/indicator_formats.h"

namespace vigie::intel {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<ObservableKind> kind_from_type_name(std::string_view name) {
    if (auto k = kind_from_name(name)) return k;
    if (name == "ip-src" || name == "ip-dst" || name == "ipv4" || name == "ipv6") return ObservableKind::Ip;
    if (name == "hostname") return ObservableKind::Domain;
    if (name == "ja3-fingerprint-md5") return ObservableKind::Ja3;
    if (name == "x509-fingerprint-sha1") return ObservableKind::X509Sha1;
    return std::nullopt;
}

ImportResult parse_plain_list(std::string_view text, std::optional<ObservableKind> type, const std::string& source) {
    ImportResult res;
    res.format = "plain";
    size_t line_no = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        ++res.objects;
        const std::string where = source + ":" + std::to_string(line_no);
        std::optional<ObservableKind> kind = type;
        std::string_view value = line;
        const size_t sp = line.find_first_of(" \t");
        if (!type) {
            if (sp == std::string_view::npos) {
                res.issues.push_back({where, "expected 'TYPE VALUE' (or give --type)", true});
                continue;
            }
            kind = kind_from_type_name(line.substr(0, sp));
            if (!kind) {
                res.issues.push_back({where, "unknown type '" + std::string(line.substr(0, sp)) + "'", true});
                continue;
            }
            value = trim(line.substr(sp));
        } else if (sp != std::string_view::npos) {
            res.issues.push_back({where, "expected one value per line", true});
            continue;
        }
        NormalisedValue nv = normalise_value(*kind, value);
        if (!nv.error.empty()) {
            res.issues.push_back({where, nv.error, true});
            continue;
        }
        Indicator ind;
        ind.ref = std::string("plain:") + kind_name(*kind) + ":" + nv.value;
        ind.pattern = std::string(kind_name(*kind)) + " " + std::string(value);
        ind.observables.push_back(Observable{*kind, nv.value});
        res.indicators.push_back(std::move(ind));
    }
    return res;
}

Result<ImportResult> read_indicator_file(const std::string& path, std::optional<ObservableKind> plain_type) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return make_error(path + ": read error");
    const std::string text = ss.str();
    const size_t first = text.find_first_not_of(" \t\r\n");
    const bool json = first != std::string::npos && (text[first] == '{' || text[first] == '[');
    if (!json || plain_type) return parse_plain_list(text, plain_type, path);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return make_error(path + ": not valid JSON (" + std::string(e.what()) + ")");
    }
    const bool stix = doc.is_object() && (doc.value("type", std::string{}) == "bundle" || doc.contains("objects"));
    if (stix) return parse_stix_bundle(doc);
    // A lone STIX object (as some examples and feeds publish): a bundle of one.
    if (doc.is_object() && doc.contains("spec_version") && doc.contains("type"))
        return parse_stix_bundle(nlohmann::json{{"type", "bundle"}, {"objects", nlohmann::json::array({doc})}});
    const auto misp_like = [](const nlohmann::json& o) {
        return o.is_object() && (o.contains("Event") || o.contains("Attribute") || o.contains("response"));
    };
    if (misp_like(doc) || (doc.is_array() && !doc.empty() && misp_like(doc.front()))) return parse_misp(doc);
    return make_error(path + ": JSON that is neither a STIX bundle nor a MISP event");
}

}  // namespace vigie::intel
