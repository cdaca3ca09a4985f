// Alert: one rule firing on one packet, as detect hands it to output and evidence.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "app/transaction.h"
#include "common/ip_addr.h"
#include "rules/rule.h"

namespace vigie::detect {

struct IndicatorInfo;  // detect/indicator_set.h

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
    // Set when a shared indicator raised the alert (rule is then one of the
    // IndicatorSet's reserved-sid rules): which indicator, and what the traffic
    // carried (the address, the queried name, ...). Owned by the IndicatorSet.
    const IndicatorInfo* indicator = nullptr;
    std::string indicator_matched;
    // The local end: the other address of the flow for an address match, the
    // flow's client (who asked for the name, fetched the URL) otherwise.
    IpAddr indicator_host;
};

// Reused per worker: cleared per packet, capacity kept, so nothing is allocated per packet.
using AlertList = std::vector<Alert>;

}  // namespace vigie::detect
