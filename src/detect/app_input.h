// What the application layer hands detection for one packet: the flow's protocol
// and the transactions the packet fed (app/app_layer.h). Detection inspects each
// transaction's buffers with the rules of that protocol and direction, and
// remembers per transaction which rules are done (Transaction::detect_state), so a
// rule alerts at most once per transaction, as in Suricata.
#pragma once
#include <span>

#include "app/app_proto.h"
#include "app/transaction.h"

namespace vigie::detect {

struct AppInput {
    app::AppProto proto = app::AppProto::Unknown;
    std::span<app::Transaction* const> txs = {};
    // Anomalies the packet raised (AppUpdate::events), by transaction id: what
    // app-layer-event matches, besides the events a transaction keeps itself (HTTP).
    std::span<const app::AppEvent> events = {};
};

}  // namespace vigie::detect
