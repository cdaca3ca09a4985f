#include "output/alert_enrichment.h"

namespace vigie::output {

AttackerSide decide_attacker_side(const rules::Rule& r, bool has_flow, bool to_server) {
    using T = rules::Rule::Target;
    if (r.target == T::Dst) return {true, "rule target: dest_ip is the target"};
    if (r.target == T::Src) return {false, "rule target: src_ip is the target"};
    const bool one_way = r.has_flow && (r.flow.to_server != r.flow.to_client);
    if (has_flow && one_way) {
        const bool same = r.flow.to_server == to_server;
        if (r.flow.to_server)
            return {same, same ? "flow direction: sender of the to_server traffic the rule inspects"
                               : "flow direction: the rule inspects to_server, alert on a to_client packet"};
        return {same, same ? "flow direction: sender of the to_client traffic the rule inspects"
                           : "flow direction: the rule inspects to_client, alert on a to_server packet"};
    }
    return {};
}

namespace {

void write_asset(JsonLine& j, const EnrichedAddress& a) {
    j.str("org", a.org);
    j.str("sector", a.sector);
}

}  // namespace

void write_enrichment_members(JsonLine& j, const AlertEnrichment& e) {
    j.str("attacker_side", e.side.attacker_is_src ? "src" : "dest");
    j.str("side_reason", e.side.reason);
    j.open_object("source");
    j.str("ip", e.source.ip);
    j.str("country", e.source.country);
    if (!e.source.country_name.empty()) j.str("country_name", e.source.country_name);
    if (e.source.asn) {
        j.unum("asn", e.source.asn);
        j.str("as_org", e.source.as_org);
    }
    // An attacker inside the inventory (an infected workstation) is worth knowing.
    if (!e.source.asset_cidr.empty()) write_asset(j, e.source);
    j.close_object();
    j.open_object("target");
    j.str("ip", e.target.ip);
    write_asset(j, e.target);
    j.str("criticality", e.target.criticality);
    if (!e.target.asset_cidr.empty()) j.str("asset_cidr", e.target.asset_cidr);
    j.close_object();
}

}  // namespace vigie::output
