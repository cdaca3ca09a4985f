// Per-worker enrichment of alerts while the capture runs (vigie run with intel
// options): the attacker's country and AS, the target's asset, looked up once per
// flow and forgotten when the flow ends, so the cost is per flow with alerts, never
// per packet, and memory stays bounded by the live flows.
#pragma once
#include <cstdint>
#include <unordered_map>

#include "decode/packet.h"
#include "detect/alert.h"
#include "flow/flow.h"
#include "intel/enricher.h"
#include "output/alert_enrichment.h"

namespace vigie::cli {

class AlertIntel {
public:
    explicit AlertIntel(const intel::Enricher& e) : enricher_(e) {}

    // The enrichment of alert `a` raised on `p` (`flow` may be null: no cache then).
    // An indicator alert's attacker is the listed end (the other side of
    // vigie.indicator.host), as ingest decides for such records; other alerts follow
    // output::decide_attacker_side.
    const output::AlertEnrichment& enrich(const detect::Alert& a, const Packet& p, const Flow* flow, bool to_server);
    void forget(const Flow& f) { flows_.erase(f.flow_id); }

    uint64_t lookups() const { return lookups_; }

private:
    struct Sides {
        output::EnrichedAddress client, server;
    };
    output::EnrichedAddress look_up(const IpAddr& a);

    const intel::Enricher& enricher_;
    std::unordered_map<uint64_t, Sides> flows_;  // flow_id -> both ends, while the flow lives
    output::AlertEnrichment out_;
    uint64_t lookups_ = 0;
};

}  // namespace vigie::cli
