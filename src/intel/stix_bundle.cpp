// STIX 2.1 bundle reader: indicators with STIX patterns; every other object is
// counted as skipped (relationships, identities, reports carry no detection).
#include <nlohmann/json.hpp>

#include "intel/indicator_formats.h"
#include "intel/stix_pattern.h"

namespace vigie::intel {

namespace {

// Reads one indicator object; false (with an error issue) when it cannot be used.
bool read_indicator(const nlohmann::json& o, const std::string& where, Indicator& ind, ImportResult& res) {
    auto err = [&](const std::string& msg) {
        res.issues.push_back({where, msg, true});
        return false;
    };
    const auto str = [&](const char* key) -> const std::string* {
        auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* id = str("id");
    if (!id || !id->starts_with("indicator--")) return err("indicator without a valid id");
    ind.ref = *id;
    const std::string* pattern = str("pattern");
    if (!pattern) return err("no pattern");
    const std::string* ptype = str("pattern_type");
    if (ptype && *ptype != "stix") return err("pattern_type '" + *ptype + "' is not supported (only stix)");
    ind.pattern = *pattern;
    if (const std::string* n = str("name")) ind.name = *n;
    if (const std::string* m = str("modified")) ind.modified = *m;
    if (const std::string* vf = str("valid_from")) {
        auto t = parse_rfc3339(*vf);
        if (!t) return err("valid_from '" + *vf + "' is not an RFC 3339 timestamp");
        ind.valid_from = *t;
    } else {
        res.issues.push_back({where, "no valid_from (required by STIX 2.1): valid from any time", false});
    }
    if (const std::string* vu = str("valid_until")) {
        auto t = parse_rfc3339(*vu);
        if (!t) return err("valid_until '" + *vu + "' is not an RFC 3339 timestamp");
        if (ind.valid_from && *t <= ind.valid_from) return err("valid_until is not after valid_from");
        ind.valid_until = *t;
    }
    if (auto it = o.find("revoked"); it != o.end()) {
        if (!it->is_boolean()) return err("revoked is not a boolean");
        ind.revoked = it->get<bool>();
    }
    if (auto it = o.find("confidence"); it != o.end()) {
        if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 100)
            return err("confidence is not an integer from 0 to 100");
        ind.confidence = it->get<int>();
    }
    PatternReduction red = reduce_stix_pattern(*pattern);
    if (!red.syntax_error.empty()) return err("pattern is not valid STIX patterning (" + red.syntax_error + ")");
    for (const auto& u : red.unsupported)
        res.issues.push_back({where, "pattern part not used: " + u, red.observables.empty()});
    if (red.observables.empty()) return false;
    ind.observables = std::move(red.observables);
    return true;
}

}  // namespace

ImportResult parse_stix_bundle(const nlohmann::json& bundle) {
    ImportResult res;
    res.format = "stix";
    auto objs = bundle.find("objects");
    if (objs == bundle.end() || !objs->is_array()) {
        res.issues.push_back({"bundle", "no \"objects\" array", true});
        return res;
    }
    size_t i = 0;
    for (const auto& o : *objs) {
        const std::string pos = "objects[" + std::to_string(i++) + "]";
        ++res.objects;
        if (!o.is_object()) {
            res.issues.push_back({pos, "not a JSON object", true});
            continue;
        }
        auto type = o.find("type");
        if (type == o.end() || !type->is_string()) {
            res.issues.push_back({pos, "object without a type", true});
            continue;
        }
        if (*type != "indicator") {
            ++res.skipped;
            continue;
        }
        auto id = o.find("id");
        const std::string where = id != o.end() && id->is_string() ? pos + " " + id->get<std::string>() : pos;
        Indicator ind;
        if (read_indicator(o, where, ind, res)) res.indicators.push_back(std::move(ind));
    }
    return res;
}

}  // namespace vigie::intel
