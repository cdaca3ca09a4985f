// `vigie verify --replay`: re-runs a bundle's rules over its packets with Vigie's own
// pipeline (the same Worker as `vigie run`) and checks that every bundled alert
// comes out again on the same packet.
#pragma once
#include <string>
#include <vector>

#include "common/result.h"
#include "evidence/bundle.h"

namespace vigie::cli {

struct ReplayReport {
    uint64_t alerts = 0;            // alerts in the bundle
    uint64_t reproduced = 0;
    uint64_t extra = 0;             // replay alerts the bundle does not list (other rules' context)
    // Not reproduced, but their rule counts hits across flows (threshold or
    // detection_filter by source, destination, rule or both): the hits from other
    // flows are not in the bundle, so their absence proves nothing either way.
    uint64_t cross_flow = 0;
    // Raised by shared indicators (reserved sids), not by rules: the bundle carries
    // the indicator in each alert line, not a rule to re-run.
    uint64_t indicator = 0;
    std::vector<std::string> missing;   // "sid N on packet M" for each alert not reproduced
};

Result<ReplayReport> replay_bundle(const evidence::VerifiedBundle& vb);

}  // namespace vigie::cli
