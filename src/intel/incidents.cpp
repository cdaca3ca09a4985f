#include "intel/incidents.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <unordered_map>

#include "intel/signature_family.h"

namespace vigie::intel {

namespace {

// The target asset: the organisation when the inventory knows it, else the address.
void append_target_key(std::string& key, const AlertFacts& a) {
    if (a.target_org != "unknown") key.append(a.target_org);
    else key.append("ip:").append(a.target_ip);
}

}  // namespace

std::vector<Incident> group_incidents(const std::vector<AlertFacts>& alerts, int64_t window_us) {
    // Families: many alerts share one signature text, so compute each once.
    // Keys are built in reused buffers: a million alerts, no allocation each.
    std::unordered_map<std::string, std::string> family_of;
    std::unordered_map<std::string, std::vector<uint32_t>> groups;
    std::string key, sig_key;
    for (uint32_t i = 0; i < alerts.size(); ++i) {
        const AlertFacts& a = alerts[i];
        sig_key.assign(a.signature).append(1, '\x1f').append(a.category);
        auto fam = family_of.find(sig_key);
        if (fam == family_of.end()) fam = family_of.emplace(sig_key, signature_family(a.signature, a.category, a.sid)).first;
        key.assign(a.attacker_ip).append(1, '\x1f');
        append_target_key(key, a);
        key.append(1, '\x1f').append(fam->second);
        auto g = groups.find(key);
        if (g == groups.end()) g = groups.emplace(key, std::vector<uint32_t>{}).first;
        g->second.push_back(i);
    }
    std::vector<Incident> out;
    for (auto& [k, idx] : groups) {
        // Ties in time keep the row order of the input; membership does not depend on it.
        std::stable_sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) { return alerts[x].ts < alerts[y].ts; });
        const std::string family = k.substr(k.rfind('\x1f') + 1);  // the key ends with it
        Incident* cur = nullptr;
        for (uint32_t i : idx) {
            const AlertFacts& a = alerts[i];
            if (!cur || a.ts - cur->last_seen > window_us) {
                cur = &out.emplace_back();
                cur->attacker_ip = a.attacker_ip;
                cur->target_org = a.target_org;
                cur->target_sector = a.target_sector;
                cur->target_ip = std::string(a.target_ip);
                cur->family = family;
                cur->first_seen = a.ts;
            } else if (cur->target_ip && *cur->target_ip != a.target_ip) {
                cur->target_ip.reset();  // an organisation's several hosts
            }
            cur->last_seen = a.ts;
            cur->alerts.push_back(i);
        }
    }
    std::sort(out.begin(), out.end(), [](const Incident& x, const Incident& y) {
        return std::tie(x.first_seen, x.attacker_ip, x.target_org, x.target_ip, x.family) <
               std::tie(y.first_seen, y.attacker_ip, y.target_org, y.target_ip, y.family);
    });
    for (size_t i = 0; i < out.size(); ++i) out[i].id = static_cast<int64_t>(i + 1);
    return out;
}

std::optional<int64_t> parse_window(const std::string& text) {
    int64_t n = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || n <= 0) return std::nullopt;
    const std::string_view unit(p, static_cast<size_t>(text.data() + text.size() - p));
    int64_t seconds = 0;
    if (unit.empty() || unit == "s") seconds = 1;
    else if (unit == "m") seconds = 60;
    else if (unit == "h") seconds = 3600;
    else if (unit == "d") seconds = 86400;
    else return std::nullopt;
    if (n > INT64_MAX / 1000000 / seconds) return std::nullopt;
    return n * seconds * 1000000;
}

}  // namespace vigie::intel
