// Incidents built as alerts stream by, keeping only per-incident summaries (no
// alert rows): the store reads alerts ordered by attacker, target asset
// (target_asset_key), time and row id, so an (attacker, target) group's alerts come
// together and its incidents are closed when the next group starts. Memory is
// bounded by the incidents, not the alerts. Same incidents as group_incidents()
// (tests/intel/incident_stream_test.cpp compares them).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "intel/alert_facts.h"
#include "intel/campaigns.h"
#include "intel/incidents.h"

namespace vigie::intel {

// Which incident each alert of the ordered stream joins: a running index (0, 1, ...
// in order of creation). Deterministic, so a second pass over the same stream
// gives each alert the same index without keeping anything per alert.
class IncidentCursor {
public:
    explicit IncidentCursor(int64_t window_us) : window_us_(window_us) {}

    struct Step {
        uint32_t index;   // of the incident the alert joins
        bool fresh;       // the alert opens it
        bool group_done;  // the alerts before this one closed their group's incidents
        uint32_t closed;  // an incident this alert closed (a pause past the window), or kNone
        const std::string* family;
    };
    static constexpr uint32_t kNone = UINT32_MAX;
    Step add(const AlertFacts& a);
    uint32_t count() const { return next_; }

private:
    struct Open {
        uint32_t index;
        int64_t last_seen;
    };
    const std::string& family_of(const AlertFacts& a);

    int64_t window_us_;
    std::string attacker_, target_;  // the current group
    std::unordered_map<std::string, Open> open_;  // family -> its incident in the current group
    std::unordered_map<std::string, std::string> families_;  // signature \x1f category -> family
    std::string sig_key_;
    uint32_t next_ = 0;
};

class IncidentStream {
public:
    explicit IncidentStream(int64_t window_us) : cursor_(window_us) {}

    // Alerts in stream order; returns the running index of the alert's incident.
    uint32_t add(const AlertFacts& a);

    struct Output {
        std::vector<Incident> incidents;            // id order, ids 1..
        std::vector<std::vector<Evidence>> evidence;  // per incident, same order
        std::vector<int64_t> id_of;                 // running index -> incident id
    };
    Output finish();

private:
    void close_group();

    IncidentCursor cursor_;
    std::vector<Incident> incidents_;           // by running index
    std::vector<std::vector<Evidence>> evidence_;
    std::vector<std::pair<uint32_t, EvidenceAccumulator>> open_;  // incidents of the current group
};

}  // namespace vigie::intel
