// Campaigns: incidents linked by shared, explainable evidence (link_evidence.h),
// over any time span. Two incidents are linked when they share a strong piece of
// evidence (same source /24 or /48, same file SHA-256) or at least two different
// weak kinds (JA3, JA4, user agent, domain, URI pattern, signature set, ASN). A
// campaign is a connected group of two or more linked incidents; an incident
// linked to nothing is in no campaign.
//
// Deterministic: campaigns are numbered by their earliest incident, and each
// incident's recorded link is the edge through which a smallest-id-first walk from
// the campaign's founder (its earliest incident) reached it, with every piece of
// evidence the two incidents share as the reason.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "intel/alert_facts.h"
#include "intel/incidents.h"
#include "intel/link_evidence.h"

namespace vigie::intel {

struct CampaignLink {
    int64_t incident_id = 0;
    std::optional<int64_t> linked_to;  // none for the founder
    std::string reason;
};

struct Campaign {
    int64_t id = 0;
    std::string label;  // "AS4134 / ET SCAN / ja3 e7d705a3..": top source, top family, top evidence
    int64_t first_seen = 0, last_seen = 0, alerts = 0;
    std::vector<CampaignLink> links;  // one per incident, in incident id order
};

struct CampaignSet {
    std::vector<Campaign> campaigns;
    std::vector<int64_t> campaign_of;  // per incident (same order as the input), 0 = none
};

// The evidence one incident carries, sorted and without duplicates.
std::vector<Evidence> incident_evidence(const Incident& inc, const std::vector<AlertFacts>& alerts);

// `incidents` as group_incidents() returns them (id order).
CampaignSet link_campaigns(const std::vector<Incident>& incidents, const std::vector<AlertFacts>& alerts);

}  // namespace vigie::intel
