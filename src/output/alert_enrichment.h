// What Vigie adds to an alert under its own top-level "vigie" object when intel
// options are given (docs/store.md, "Enrichment in EVE"): who the attacker is and
// how that was decided, the attacker's country and AS, the target's asset. Plain
// text here: the output stage writes it, the cli fills it from src/intel (which
// output does not link).
#pragma once
#include <cstdint>
#include <string>

#include "output/json_line.h"
#include "rules/rule.h"

namespace vigie::output {

// Which of the alert's two addresses is the attacker's, and why.
struct AttackerSide {
    bool attacker_is_src = true;
    const char* reason = "default: packet source";
};

// The rule's `target:` keyword first (Suricata's own statement of the victim); then
// the direction the rule inspects (`flow:to_server` / `to_client`): an alert raised
// on a packet of the other direction (a transaction completed by the reply, a
// flow-end inspection) names the sender of the inspected direction, which is then
// the packet's destination; else the packet source.
AttackerSide decide_attacker_side(const rules::Rule& r, bool has_flow, bool to_server);

struct EnrichedAddress {
    std::string ip;
    std::string country, country_name;  // attacker side only
    uint32_t asn = 0;                   // 0: unknown (not written)
    std::string as_org;
    std::string org = "unknown", sector = "unknown", criticality = "unknown";
    std::string asset_cidr;  // empty: in no asset
};

struct AlertEnrichment {
    AttackerSide side;
    EnrichedAddress source;  // the attacker
    EnrichedAddress target;
};

// Members of the "vigie" object (already opened by the caller): attacker_side,
// side_reason, source {...}, target {...}.
void write_enrichment_members(JsonLine& j, const AlertEnrichment& e);

}  // namespace vigie::output
