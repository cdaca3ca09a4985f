// Where shared indicators meet the traffic: a flow's two addresses (once, on its
// first packet; or each packet that has no flow), and each application
// transaction once it is complete (DNS queries, TLS SNI / JA3 / server
// certificate, HTTP host, URL and response file hashes). Matches are appended
// as Alerts carrying the indicator, for the worker to emit like rule alerts.
#pragma once
#include "app/transaction.h"
#include "decode/packet.h"
#include "detect/alert.h"
#include "detect/indicator_set.h"
#include "flow/flow.h"

namespace vigie::detect {

// `flow` null: the packet's own addresses and ports.
void inspect_addresses(const IndicatorSet& set, const Packet& p, const Flow* flow, AlertList& out);

// `flow` gives the client (the local end of the alert) and the server port, which
// completes URLs ("http://host:8080/path") when it is not 80.
void inspect_transaction(const IndicatorSet& set, app::Transaction& tx, int64_t ts_us, const Flow& flow,
                         AlertList& out);

}  // namespace vigie::detect
