#include "intel/assets.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>

namespace vigie::intel {

namespace {

std::string at(const std::string& name, const YAML::Node& n) {
    return name + ":" + std::to_string(n.Mark().line + 1);
}

// "oil-and-gas", "Oil_and_Gas" -> "oil and gas".
std::string normalise(std::string s) {
    for (auto& c : s) c = (c == '-' || c == '_') ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

template <size_t N>
bool one_of(const std::string& s, const char* const (&list)[N]) {
    return std::any_of(std::begin(list), std::end(list), [&](const char* x) { return s == x; });
}

Result<Asset> parse_entry(const YAML::Node& e, const std::string& name) {
    if (!e.IsMap()) return make_error(at(name, e) + ": an asset is a map {cidr, organisation, sector, criticality}");
    Asset a;
    for (const auto& kv : e) {
        const std::string key = kv.first.as<std::string>();
        if (!kv.second.IsScalar()) return make_error(at(name, kv.second) + ": '" + key + "' must be a plain value");
        const std::string v = kv.second.as<std::string>();
        if (key == "cidr") a.cidr = v;
        else if (key == "organisation" || key == "organization") a.organisation = v;
        else if (key == "sector") a.sector = normalise(v);
        else if (key == "criticality") a.criticality = normalise(v);
        else return make_error(at(name, kv.first) + ": unknown key '" + key + "' (cidr, organisation, sector, criticality)");
    }
    const std::string where = at(name, e);
    if (a.cidr.empty()) return make_error(where + ": missing cidr");
    if (a.organisation.empty()) return make_error(where + ": missing organisation");
    if (!one_of(a.sector, kSectors))
        return make_error(where + ": sector '" + a.sector +
                          "' is not one of aerospace, research, energy, oil and gas, internet, telecom, government, "
                          "finance, health, transport, education, other");
    if (a.criticality.empty()) a.criticality = "medium";
    if (!one_of(a.criticality, kCriticalities))
        return make_error(where + ": criticality '" + a.criticality + "' is not one of low, medium, high, critical");

    const size_t slash = a.cidr.find('/');
    auto ip = parse_ip(std::string_view(a.cidr).substr(0, slash));
    if (!ip) return make_error(where + ": bad cidr '" + a.cidr + "'");
    const unsigned max_len = ip->v4 ? 32 : 128;
    a.prefix_len = max_len;
    if (slash != std::string::npos) {
        const char* b = a.cidr.data() + slash + 1;
        const char* end = a.cidr.data() + a.cidr.size();
        auto [p, ec] = std::from_chars(b, end, a.prefix_len);
        if (ec != std::errc() || p != end || b == end || a.prefix_len > max_len)
            return make_error(where + ": bad prefix length in '" + a.cidr + "'");
    }
    a.net = *ip;
    return a;
}

}  // namespace

Result<Assets> Assets::parse(const std::string& yaml_text, const std::string& name) {
    // yaml-cpp reports syntax errors by exception; they stop here, as a Result.
    YAML::Node root;
    try {
        root = YAML::Load(yaml_text);
    } catch (const YAML::Exception& e) {
        return make_error(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    YAML::Node list = root;
    if (root.IsMap() && root["assets"]) list = root["assets"];
    if (root.IsNull()) return Assets{};
    if (!list.IsSequence())
        return make_error(at(name, root) + ": expected a list of assets (or a map with an 'assets:' list)");
    Assets out;
    try {
        for (const auto& e : list) {
            auto a = parse_entry(e, name);
            if (!a) return make_error(a.error());
            out.list_.push_back(std::move(*a));
        }
    } catch (const YAML::Exception& e) {
        return make_error(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    std::stable_sort(out.list_.begin(), out.list_.end(), [](const Asset& a, const Asset& b) {
        return (a.net.v4 ? 96 : 0) + a.prefix_len > (b.net.v4 ? 96 : 0) + b.prefix_len;
    });
    return out;
}

Result<Assets> Assets::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return make_error("cannot read assets file " + path);
    return parse(std::string(std::istreambuf_iterator<char>(in), {}), path);
}

const Asset* Assets::match(const IpAddress& a) const {
    for (const auto& e : list_)
        if (in_prefix(a, e.net, e.prefix_len)) return &e;
    return nullptr;
}

}  // namespace vigie::intel
