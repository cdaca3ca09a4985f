#include "intel/campaigns.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <unordered_map>

namespace vigie::intel {

namespace {

// Weak evidence pairs up (kind A value x kind B value); an incident with hundreds
// of URLs would make that quadratic, so only the first few values of each kind (in
// sorted order, hence deterministic) take part in weak pairing. Strong evidence and
// the reasons always use every value.
constexpr size_t kWeakValuesPerKind = 4;

void add_domain(std::vector<Evidence>& ev, const std::string& name) {
    if (name.empty()) return;
    if (auto d = normalize_domain(name)) ev.push_back({EvidenceKind::Domain, std::move(*d)});
}

// Two weak kinds that may link together: different, and one a fingerprint.
bool weak_pair(EvidenceKind a, EvidenceKind b) { return a != b && (is_fingerprint(a) || is_fingerprint(b)); }

// What two incidents share, as a reason: every strong item, and the weak items when
// they span two kinds or more, one a fingerprint. Empty when the two are not linked.
std::vector<Evidence> shared_evidence(const std::vector<Evidence>& a, const std::vector<Evidence>& b) {
    std::vector<Evidence> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    std::vector<Evidence> strong, weak;
    bool pair = false;
    for (auto& e : common) {
        if (is_strong(e.kind)) {
            strong.push_back(std::move(e));
        } else {
            for (const auto& w : weak) pair |= weak_pair(w.kind, e.kind);
            weak.push_back(std::move(e));
        }
    }
    if (pair) strong.insert(strong.end(), weak.begin(), weak.end());
    return strong;
}

// Small integer ids for evidence values, so pairs and counts are sorted integers.
class EvidenceIds {
public:
    uint32_t id(const Evidence& e) { return ids_.try_emplace(key(e), static_cast<uint32_t>(ids_.size())).first->second; }
    size_t size() const { return ids_.size(); }

private:
    static std::string key(const Evidence& e) { return static_cast<char>(e.kind) + e.value; }
    std::unordered_map<std::string, uint32_t> ids_;
};

// Removes, from every incident, the weak evidence seen from more than
// kCommonEvidenceNetworks source networks (counted over the whole store, so the
// result does not depend on the order incidents come in).
void drop_background(std::vector<std::vector<Evidence>>& ev, EvidenceIds& ids) {
    std::vector<std::pair<uint32_t, uint32_t>> seen;  // (evidence, network)
    for (const auto& list : ev) {
        auto net = std::find_if(list.begin(), list.end(), [](const Evidence& e) { return e.kind == EvidenceKind::SourceNet; });
        if (net == list.end()) continue;
        const uint32_t n = ids.id(*net);
        for (const auto& e : list)
            if (can_be_background(e.kind)) seen.emplace_back(ids.id(e), n);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    std::vector<uint32_t> networks(ids.size(), 0);
    for (const auto& [evidence, net] : seen) ++networks[evidence];
    for (auto& list : ev)
        std::erase_if(list, [&](const Evidence& e) {
            if (!can_be_background(e.kind)) return false;
            const uint32_t id = ids.id(e);  // new (past the counts) when its incident had no network
            return id < networks.size() && networks[id] > kCommonEvidenceNetworks;
        });
}

// Edges of the link graph: for each piece of evidence (or weak pair), every holder is
// joined to its first holder; a star per value keeps the graph linear in size while
// connecting exactly what the all-pairs graph connects.
std::vector<std::vector<uint32_t>> link_graph(const std::vector<std::vector<Evidence>>& ev, EvidenceIds& ids) {
    std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (evidence key, incident)
    std::vector<std::pair<EvidenceKind, uint32_t>> weak;
    for (uint32_t i = 0; i < ev.size(); ++i) {
        weak.clear();
        size_t run = 0;
        for (size_t j = 0; j < ev[i].size(); ++j) {
            const Evidence& e = ev[i][j];
            run = (j > 0 && ev[i][j - 1].kind == e.kind) ? run + 1 : 0;
            if (is_strong(e.kind)) keyed.emplace_back(uint64_t{ids.id(e) + 1} << 32, i);
            else if (run < kWeakValuesPerKind) weak.emplace_back(e.kind, ids.id(e));
        }
        for (size_t x = 0; x < weak.size(); ++x)
            for (size_t y = x + 1; y < weak.size(); ++y)
                if (weak_pair(weak[x].first, weak[y].first)) {
                    const uint32_t lo = std::min(weak[x].second, weak[y].second);
                    const uint32_t hi = std::max(weak[x].second, weak[y].second);
                    keyed.emplace_back((uint64_t{lo} + 1) << 32 | (uint64_t{hi} + 1), i);
                }
    }
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::vector<uint32_t>> adj(ev.size());
    for (size_t s = 0; s < keyed.size();) {
        size_t e = s;
        while (e < keyed.size() && keyed[e].first == keyed[s].first) ++e;
        const uint32_t first = keyed[s].second;
        for (size_t k = s + 1; k < e; ++k) {
            if (keyed[k].second == first) continue;
            adj[first].push_back(keyed[k].second);
            adj[keyed[k].second].push_back(first);
        }
        s = e;
    }
    return adj;
}

template <typename Key>
Key most_common(const std::map<Key, int64_t>& counts) {
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it)
        if (it->second > best->second) best = it;  // ties: the smallest key (map order)
    return best->first;
}

std::string short_value(const Evidence& e) {
    // Networks and ASNs fit; hashes and user agents are cut to a recognisable prefix.
    std::string v = e.value.size() > 18 ? e.value.substr(0, 8) + ".." : e.value;
    return std::string(kind_tag(e.kind)) + " " + v;
}

std::string label_of(const std::vector<uint32_t>& members, const std::vector<Incident>& incidents,
                     const std::vector<std::vector<Evidence>>& ev, const std::map<Evidence, int64_t>& reasons) {
    std::map<std::string, int64_t> sources, families;
    for (uint32_t m : members) {
        const auto n = static_cast<int64_t>(incidents[m].alerts.size());
        std::string source;
        for (const auto& e : ev[m])
            if (e.kind == EvidenceKind::Asn) source = e.value;
        if (source.empty())
            for (const auto& e : ev[m])
                if (e.kind == EvidenceKind::SourceNet) source = e.value;
        if (source.empty()) source = incidents[m].attacker_ip.empty() ? "unknown source" : incidents[m].attacker_ip;
        sources[source] += n;
        families[incidents[m].family] += n;
    }
    const std::string source = most_common(sources);
    std::string label = source + " / " + most_common(families);
    // The evidence in most links, unless it only repeats the source (a campaign of one /24).
    std::map<Evidence, int64_t> other = reasons;
    std::erase_if(other, [&](const auto& r) { return r.first.value == source; });
    if (!other.empty()) label += " / " + short_value(most_common(other));
    return label;
}

}  // namespace

std::vector<Evidence> incident_evidence(const Incident& inc, const std::vector<AlertFacts>& alerts) {
    std::vector<Evidence> ev;
    if (auto net = source_network(inc.attacker_ip)) ev.push_back({EvidenceKind::SourceNet, std::move(*net)});
    std::vector<int64_t> sids;
    bool asn_done = false;
    for (uint32_t i : inc.alerts) {
        const AlertFacts& a = alerts[i];
        if (!asn_done && a.attacker_asn) {
            ev.push_back({EvidenceKind::Asn, "AS" + std::to_string(*a.attacker_asn)});
            asn_done = true;
        }
        if (a.app) {
            const AppFacts& f = *a.app;
            if (!f.file_sha256.empty()) ev.push_back({EvidenceKind::FileSha256, f.file_sha256});
            if (!f.ja3.empty()) ev.push_back({EvidenceKind::Ja3, f.ja3});
            if (!f.ja4.empty()) ev.push_back({EvidenceKind::Ja4, f.ja4});
            if (meaningful_user_agent(f.http_user_agent)) ev.push_back({EvidenceKind::UserAgent, f.http_user_agent});
            add_domain(ev, f.http_hostname);
            add_domain(ev, f.tls_sni);
            add_domain(ev, f.dns_rrname);
            if (!f.http_url.empty())
                if (auto p = uri_pattern(f.http_url)) ev.push_back({EvidenceKind::UriPattern, std::move(*p)});
        }
        sids.push_back(a.sid);
    }
    std::sort(sids.begin(), sids.end());
    sids.erase(std::unique(sids.begin(), sids.end()), sids.end());
    // One signature says little (everyone trips "ET SCAN Nmap"); a set of two or more is a habit.
    if (sids.size() >= 2) {
        std::string set;
        for (int64_t s : sids) set += (set.empty() ? "" : ",") + std::to_string(s);
        ev.push_back({EvidenceKind::SignatureSet, std::move(set)});
    }
    std::sort(ev.begin(), ev.end());
    ev.erase(std::unique(ev.begin(), ev.end()), ev.end());
    return ev;
}

CampaignSet link_campaigns(const std::vector<Incident>& incidents, const std::vector<AlertFacts>& alerts) {
    std::vector<std::vector<Evidence>> ev(incidents.size());
    for (size_t i = 0; i < incidents.size(); ++i) ev[i] = incident_evidence(incidents[i], alerts);
    EvidenceIds ids;
    drop_background(ev, ids);
    const auto adj = link_graph(ev, ids);

    CampaignSet out;
    out.campaign_of.assign(incidents.size(), 0);
    std::vector<char> seen(incidents.size(), 0);
    std::vector<uint32_t> parent(incidents.size(), 0);
    for (uint32_t founder = 0; founder < incidents.size(); ++founder) {
        if (seen[founder] || adj[founder].empty()) continue;
        // Smallest id first: the walk, hence every recorded link, depends only on the graph.
        std::priority_queue<uint32_t, std::vector<uint32_t>, std::greater<>> next;
        std::vector<uint32_t> members;
        seen[founder] = 1;
        next.push(founder);
        while (!next.empty()) {
            const uint32_t u = next.top();
            next.pop();
            members.push_back(u);
            for (uint32_t v : adj[u])
                if (!seen[v]) {
                    seen[v] = 1;
                    parent[v] = u;
                    next.push(v);
                }
        }
        std::sort(members.begin(), members.end());
        Campaign c;
        c.id = static_cast<int64_t>(out.campaigns.size() + 1);
        c.first_seen = incidents[founder].first_seen;
        c.last_seen = incidents[founder].last_seen;
        std::map<Evidence, int64_t> reason_counts;
        for (uint32_t m : members) {
            const Incident& inc = incidents[m];
            out.campaign_of[m] = c.id;
            c.first_seen = std::min(c.first_seen, inc.first_seen);
            c.last_seen = std::max(c.last_seen, inc.last_seen);
            c.alerts += static_cast<int64_t>(inc.alerts.size());
            CampaignLink link;
            link.incident_id = inc.id;
            if (m == founder) {
                link.reason = "founder: earliest incident of the campaign";
            } else {
                link.linked_to = incidents[parent[m]].id;
                const auto shared = shared_evidence(ev[m], ev[parent[m]]);
                for (const auto& e : shared) ++reason_counts[e];
                link.reason = describe(shared);
            }
            c.links.push_back(std::move(link));
        }
        c.label = label_of(members, incidents, ev, reason_counts);
        out.campaigns.push_back(std::move(c));
    }
    return out;
}

}  // namespace vigie::intel
