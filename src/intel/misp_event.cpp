// MISP event reader: Event.Attribute[] and Event.Object[].Attribute[] of the types
// Vigie detects; to_ids is honoured (false = context only, not detection).
#include <map>
#include <nlohmann/json.hpp>

#include "intel/indicator_formats.h"

namespace vigie::intel {

namespace {

// MISP writes booleans as true/false, "1"/"0" or 1/0 depending on version and path.
std::optional<bool> misp_bool(const nlohmann::json& v) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_integer()) return v.get<int64_t>() != 0;
    if (v.is_string()) {
        if (v == "1" || v == "true") return true;
        if (v == "0" || v == "false") return false;
    }
    return std::nullopt;
}

struct EventContext {
    std::string info;
    std::map<std::string, uint64_t> other_types;  // attribute types not detected, counted
};

// The observables of one attribute; composite types ("domain|ip", "ip-dst|port",
// "filename|sha256") are split on '|'.
bool attribute_observables(const std::string& type, const std::string& value, std::vector<Observable>& out,
                           std::string& error) {
    auto add = [&](ObservableKind k, std::string_view v) {
        NormalisedValue nv = normalise_value(k, v);
        if (!nv.error.empty()) {
            error = nv.error;
            return false;
        }
        out.push_back(Observable{k, nv.value});
        return true;
    };
    const size_t bar = type.find('|');
    if (bar == std::string::npos) {
        auto k = kind_from_type_name(type);
        return k && add(*k, value);
    }
    const size_t vbar = value.find('|');
    if (vbar == std::string::npos) {
        error = "composite type " + type + " without '|' in its value";
        return false;
    }
    const std::string left = type.substr(0, bar), right = type.substr(bar + 1);
    const std::string lv = value.substr(0, vbar), rv = value.substr(vbar + 1);
    if (left == "domain" && right == "ip") return add(ObservableKind::Domain, lv) && add(ObservableKind::Ip, rv);
    if ((left == "ip-dst" || left == "ip-src") && right == "port") {
        if (!add(ObservableKind::Ip, lv)) return false;
        char* end = nullptr;
        const long port = std::strtol(rv.c_str(), &end, 10);
        if (rv.empty() || *end || port < 0 || port > 65535) {
            error = "bad port '" + rv + "'";
            return false;
        }
        (left == "ip-dst" ? out.back().dst_port : out.back().src_port) = static_cast<int32_t>(port);
        return true;
    }
    if (left == "filename") {
        auto k = kind_from_type_name(right);
        return k && add(*k, rv);
    }
    return false;
}

void read_attribute(const nlohmann::json& a, const std::string& where_prefix, EventContext& ev, ImportResult& res) {
    ++res.objects;
    if (!a.is_object()) {
        res.issues.push_back({where_prefix, "attribute is not a JSON object", true});
        return;
    }
    const std::string uuid = a.value("uuid", std::string{});
    const std::string where = uuid.empty() ? where_prefix : where_prefix + " " + uuid;
    auto type = a.find("type");
    auto value = a.find("value");
    if (type == a.end() || !type->is_string() || value == a.end() || !value->is_string()) {
        res.issues.push_back({where, "attribute without a string type and value", true});
        return;
    }
    if (auto d = a.find("deleted"); d != a.end() && misp_bool(*d).value_or(false)) {
        ++res.skipped;
        return;
    }
    if (auto t = a.find("to_ids"); t != a.end()) {
        auto b = misp_bool(*t);
        if (!b) {
            res.issues.push_back({where, "to_ids is not a boolean", true});
            return;
        }
        if (!*b) {
            ++res.skipped;  // shared as context, not for detection
            return;
        }
    }
    const std::string type_s = type->get<std::string>(), value_s = value->get<std::string>();
    Indicator ind;
    std::string error;
    if (!attribute_observables(type_s, value_s, ind.observables, error)) {
        if (error.empty()) {
            ++ev.other_types[type_s];
            ++res.skipped;
        } else {
            res.issues.push_back({where, type_s + ": " + error, true});
        }
        return;
    }
    ind.ref = uuid.empty() ? "misp:" + type_s + ":" + value_s : "misp:" + uuid;
    ind.name = ev.info;
    ind.pattern = type_s + "=" + value_s;
    if (auto ts = a.find("timestamp"); ts != a.end() && (ts->is_string() || ts->is_number_integer()))
        ind.modified = ts->is_string() ? ts->get<std::string>() : std::to_string(ts->get<int64_t>());
    res.indicators.push_back(std::move(ind));
}

void read_event(const nlohmann::json& e, const std::string& where, ImportResult& res) {
    if (!e.is_object()) {
        res.issues.push_back({where, "event is not a JSON object", true});
        return;
    }
    EventContext ev;
    ev.info = e.value("info", std::string{});
    const std::string ename = where + (e.contains("uuid") && e["uuid"].is_string() ? " " + e["uuid"].get<std::string>() : "");
    if (auto attrs = e.find("Attribute"); attrs != e.end()) {
        if (!attrs->is_array()) res.issues.push_back({ename, "Attribute is not an array", true});
        else
            for (size_t i = 0; i < attrs->size(); ++i)
                read_attribute((*attrs)[i], ename + " Attribute[" + std::to_string(i) + "]", ev, res);
    }
    if (auto objs = e.find("Object"); objs != e.end() && objs->is_array()) {
        for (size_t o = 0; o < objs->size(); ++o) {
            const auto& obj = (*objs)[o];
            const std::string oname = ename + " Object[" + std::to_string(o) + "]";
            if (!obj.is_object() || !obj.contains("Attribute") || !obj["Attribute"].is_array()) {
                res.issues.push_back({oname, "object without an Attribute array", true});
                continue;
            }
            for (size_t i = 0; i < obj["Attribute"].size(); ++i)
                read_attribute(obj["Attribute"][i], oname + " Attribute[" + std::to_string(i) + "]", ev, res);
        }
    }
    if (!ev.other_types.empty()) {
        std::string list;
        uint64_t n = 0;
        for (const auto& [t, c] : ev.other_types) {
            list += (list.empty() ? "" : ", ") + t + ": " + std::to_string(c);
            n += c;
        }
        res.issues.push_back({ename, std::to_string(n) + " attributes of types Vigie does not detect (" + list + ")", false});
    }
}

}  // namespace

ImportResult parse_misp(const nlohmann::json& doc) {
    ImportResult res;
    res.format = "misp";
    std::vector<const nlohmann::json*> events;
    auto collect = [&](const nlohmann::json& item) {
        if (item.is_object() && item.contains("Event")) events.push_back(&item["Event"]);
        else events.push_back(&item);
    };
    if (doc.is_array()) {
        for (const auto& it : doc) collect(it);
    } else if (doc.is_object() && doc.contains("response") && doc["response"].is_array()) {
        for (const auto& it : doc["response"]) collect(it);
    } else {
        collect(doc);
    }
    for (size_t i = 0; i < events.size(); ++i) read_event(*events[i], "Event[" + std::to_string(i) + "]", res);
    return res;
}

}  // namespace vigie::intel
