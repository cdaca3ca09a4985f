// What `vigie intel export` writes, as read from the store, before the privacy
// policy is applied: the indicators this sensor sighted (with each alert's
// evidence), the incidents and campaigns of the store (docs/store.md), and the
// groups of rule alerts that belong to no incident (stored before grouping). The writers
// (stix_export.cpp, misp_export.cpp) apply the policy as they write.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "intel/export_policy.h"

namespace vigie::intel {

struct EvidenceRef {
    std::string id;             // vigie.evidence.id of the alert
    std::string record_sha256;  // SHA-256 of the signed evidence record
};

// The internal end of an alert (the asset), as the store enriched it.
struct TargetRef {
    std::string ip;       // leaves only when the policy allows this address
    std::string sector;   // always shared (unless unknown)
    std::string org;      // leaves only when the policy allows this name
};

struct SightedAlert {
    int64_t ts = 0;             // UTC us
    std::string matched;        // what the traffic carried
    EvidenceRef evidence;       // empty id: stored without evidence
    TargetRef target;
};

struct SightedIndicator {
    std::string ref, feed, kind, value;
    std::string stix_pattern;   // the stored pattern when the indicator came as STIX, else empty
    std::string name;
    int confidence = -1;
    int64_t valid_from = 0, valid_until = 0;
    std::vector<SightedAlert> alerts;  // in time order
};

// Rule alerts of one signature from one attacker against one target.
struct ObservedGroup {
    int64_t gid = 1, sid = 0;
    std::string signature;
    std::string attacker_ip;
    bool attacker_internal = false;  // private/reserved address: subject to the policy
    TargetRef target;
    uint64_t count = 0;
    int64_t first_seen = 0, last_seen = 0;
    std::vector<EvidenceRef> evidence;
};

// One incident: the alerts of one attacker on one target asset of one signature family.
struct ObservedIncident {
    int64_t id = 0;
    int64_t campaign_id = 0;         // 0: in no campaign
    std::string attacker_ip;
    bool attacker_internal = false;  // private/reserved address: subject to the policy
    TargetRef target;                // ip empty when the incident hit several addresses of the asset
    std::string family;
    uint64_t alerts = 0;
    int64_t first_seen = 0, last_seen = 0;
    std::vector<std::pair<std::string, std::string>> signatures;  // "gid:sid", name; sorted, distinct
    std::vector<EvidenceRef> evidence;                            // of its alerts, in time order
};

// A campaign: linked incidents (their ObservedIncident rows carry its id).
struct ObservedCampaign {
    int64_t id = 0;
    std::string label;
    int64_t first_seen = 0, last_seen = 0, alerts = 0, incidents = 0;
    std::vector<std::string> link_reasons;  // one per linked incident (the founder has none)
};

struct ExportInput {
    std::string org = "Vigie sensor";  // the sensor's organisation (STIX identity, MISP Orgc)
    std::string org_sector;
    int64_t now_us = 0;                // created/modified of what the export creates
    std::vector<SightedIndicator> sightings;
    std::vector<ObservedGroup> observed;
    std::vector<ObservedIncident> incidents;  // by id
    std::vector<ObservedCampaign> campaigns;  // by id
};

// "N links: same /24 [internal] (3); same user agent X (1)": the distinct link
// reasons of a campaign, most frequent first, internal addresses scrubbed.
std::string summarize_link_reasons(const ObservedCampaign& c, const ExportPolicy& policy);

std::string export_stix(const ExportInput& in, const ExportPolicy& policy);
std::string export_misp(const ExportInput& in, const ExportPolicy& policy);

// The STIX pattern for one normalised value of a kind ("" for JA3: STIX has no
// object for it).
std::string stix_pattern_for(const std::string& kind, const std::string& value);

}  // namespace vigie::intel
