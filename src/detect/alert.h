// Alert: one rule firing on one packet, as detect hands it to output and evidence.
#pragma once
#include <cstdint>
#include <vector>

#include "app/transaction.h"
#include "rules/rule.h"

namespace vigie::detect {

struct Alert {
    const rules::Rule* rule = nullptr;  // owned by the Detector, valid while it lives
    rules::Action action = rules::Action::Alert;
    bool from_stream = false;           // matched on reassembled stream data, not the packet alone
    uint32_t internal_id = 0;           // rule's index in the compiled set (ordering, stats)
    // Set when DetectConfig::defer_thresholds held back this alert's threshold or
    // detection_filter (tracked across flows): the caller decides it later, in capture
    // order, with Detector::threshold_allows().
    bool threshold_pending = false;
    // The transaction an app-layer rule matched on (null for packet/stream rules);
    // valid until the app stage collects finished transactions after detection.
    // Not const: the consumer marks it (a filestore rule asks for its files).
    app::Transaction* tx = nullptr;
};

// Reused per worker: cleared per packet, capacity kept, so nothing is allocated per packet.
using AlertList = std::vector<Alert>;

}  // namespace vigie::detect
