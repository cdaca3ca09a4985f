#include "cli/alert_intel.h"

namespace vigie::cli {

output::EnrichedAddress AlertIntel::look_up(const IpAddr& a) {
    ++lookups_;
    output::EnrichedAddress e;
    e.ip = a.to_string();
    auto ia = intel::from_ip_addr(a);
    if (!ia) {
        e.country = "unknown";
        return e;
    }
    intel::IpIntel ip = enricher_.lookup(*ia);
    e.country = std::move(ip.country);
    e.country_name = std::move(ip.country_name);
    e.asn = ip.asn;
    e.as_org = std::move(ip.as_org);
    intel::TargetIntel t = enricher_.target(*ia);
    e.org = std::move(t.organisation);
    e.sector = std::move(t.sector);
    e.criticality = std::move(t.criticality);
    e.asset_cidr = std::move(t.cidr);
    return e;
}

const output::AlertEnrichment& AlertIntel::enrich(const detect::Alert& al, const Packet& p, const Flow* flow,
                                                  bool to_server) {
    const IpAddr& host = al.indicator_host;
    if (al.indicator && host.family && (host == p.src || host == p.dst))
        out_.side = {host == p.dst, "shared indicator: the listed end (vigie.indicator)"};
    else
        out_.side = output::decide_attacker_side(*al.rule, flow != nullptr, to_server);
    const IpAddr& attacker = out_.side.attacker_is_src ? p.src : p.dst;
    const IpAddr& target = out_.side.attacker_is_src ? p.dst : p.src;
    if (flow) {
        auto [it, fresh] = flows_.try_emplace(flow->flow_id);
        if (fresh) {
            it->second.client = look_up(flow->client);
            it->second.server = look_up(flow->server);
        }
        // The packet's addresses are the flow's two ends, in one order or the other.
        const bool attacker_is_client = attacker == flow->client && !(attacker == flow->server);
        out_.source = attacker_is_client ? it->second.client : it->second.server;
        out_.target = attacker_is_client ? it->second.server : it->second.client;
    } else {
        out_.source = look_up(attacker);
        out_.target = look_up(target);
    }
    return out_;
}

}  // namespace vigie::cli
