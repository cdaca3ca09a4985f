#include "intel/export_policy.h"

#include "intel/special_ranges.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

namespace vigie::intel {

namespace {

std::string at(const std::string& name, const YAML::Node& n) { return name + ":" + std::to_string(n.Mark().line + 1); }

}  // namespace

Result<ExportPolicy> ExportPolicy::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) return make_error(path + ": cannot open");
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str(), path);
}

Result<ExportPolicy> ExportPolicy::parse(const std::string& text, const std::string& name) {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        return make_error(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    ExportPolicy p;
    if (root.IsNull()) return p;
    if (!root.IsMap()) return make_error(name + ": a policy is a map (share_addresses, share_asset_names)");
    for (const auto& kv : root) {
        const std::string key = kv.first.as<std::string>();
        const YAML::Node& v = kv.second;
        if (key != "share_addresses" && key != "share_asset_names")
            return make_error(at(name, kv.first) + ": unknown key '" + key + "' (share_addresses, share_asset_names)");
        if (v.IsNull()) continue;
        if (!v.IsSequence()) return make_error(at(name, v) + ": '" + key + "' must be a list");
        for (const auto& item : v) {
            if (!item.IsScalar()) return make_error(at(name, item) + ": a plain value expected");
            const std::string s = item.as<std::string>();
            if (key == "share_asset_names") {
                p.asset_names_.push_back(s);
                continue;
            }
            const size_t slash = s.find('/');
            auto ip = parse_ip(std::string_view(s).substr(0, slash));
            if (!ip) return make_error(at(name, item) + ": bad address '" + s + "'");
            unsigned len = ip->v4 ? 32 : 128;
            if (slash != std::string::npos) {
                auto [end, ec] = std::from_chars(s.data() + slash + 1, s.data() + s.size(), len);
                if (ec != std::errc() || end != s.data() + s.size() || len > (ip->v4 ? 32u : 128u))
                    return make_error(at(name, item) + ": bad prefix length in '" + s + "'");
            }
            p.addresses_.push_back({*ip, len});
        }
    }
    return p;
}

bool ExportPolicy::address_may_leave(const std::string& text) const {
    auto ip = parse_ip(text);
    if (!ip) return false;
    for (const auto& n : addresses_)
        if (n.net.v4 == ip->v4 && in_prefix(*ip, n.net, n.len)) return true;
    return false;
}

bool ExportPolicy::asset_name_may_leave(const std::string& org) const {
    for (const auto& n : asset_names_)
        if (n == org) return true;
    return false;
}

bool ExportPolicy::network_may_leave(const std::string& cidr) const {
    const size_t slash = cidr.find('/');
    auto ip = parse_ip(std::string_view(cidr).substr(0, slash));
    if (!ip) return false;
    unsigned len = ip->v4 ? 32 : 128;
    if (slash != std::string::npos) {
        auto [end, ec] = std::from_chars(cidr.data() + slash + 1, cidr.data() + cidr.size(), len);
        if (ec != std::errc() || end != cidr.data() + cidr.size()) return false;
    }
    for (const auto& n : addresses_)
        if (n.net.v4 == ip->v4 && n.len <= len && in_prefix(*ip, n.net, n.len)) return true;
    return false;
}

std::string ExportPolicy::scrub(const std::string& text) const {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t end = std::min(text.find_first_of(" ;,()[]", i), text.size());
        if (end == i) {
            out.push_back(text[i++]);
            continue;
        }
        const std::string word = text.substr(i, end - i);
        const auto ip = parse_ip(std::string_view(word).substr(0, word.find('/')));
        const bool internal = ip && classify_special(*ip).has_value();
        out += internal && !network_may_leave(word) ? "[internal]" : word;
        i = end;
    }
    return out;
}

}  // namespace vigie::intel
