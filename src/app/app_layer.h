// AppLayer: the application stage of one worker. For each packet of a flow it
// identifies the protocol from the data (not the port: HTTP on 31337 is HTTP, and
// non-TLS bytes on 443 are not TLS), feeds the flow's parser, and reports which
// transactions the packet touched (for detection) and which are finished (for
// logging). State per flow lives in Flow::ext[Flow::kApp].
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "app/app_config.h"
#include "app/app_parser.h"
#include "decode/packet.h"
#include "flow/flow.h"

namespace vigie::app {

struct AppStats {
    uint64_t flows_http = 0, flows_dns = 0, flows_tls = 0, flows_ssh = 0, flows_failed = 0;
    uint64_t tx_http = 0, tx_dns = 0, tx_tls = 0, tx_ssh = 0;
    uint64_t tx_dropped = 0;        // over max_tx_per_flow
    uint64_t events = 0;
};

// What one packet changed. Reused from packet to packet: nothing allocated per packet.
struct AppUpdate {
    AppProto proto = AppProto::Unknown;
    std::vector<Transaction*> touched;                  // fed by this packet, still held by the parser
    std::vector<std::unique_ptr<Transaction>> finished; // complete; log them, then drop them
    std::vector<AppEvent> events;
    void clear() {
        proto = AppProto::Unknown;
        touched.clear();
        finished.clear();
        events.clear();
    }
};

class AppLayer {
public:
    explicit AppLayer(const AppConfig& cfg = {});

    // After the flow stage. `stream` carries TCP bytes in order (may be null);
    // UDP payload is taken from the packet.
    AppUpdate& process(Flow& f, const Packet& p, bool to_server, const StreamChunk* stream);
    // After detection has seen the packet: moves finished transactions into the
    // update for logging (so detection always sees a transaction before it goes).
    AppUpdate& collect(Flow& f);
    // From the flow-end callback, after the last stream bytes were processed:
    // completes and returns what the parser still holds.
    AppUpdate& flow_end(Flow& f);
    static AppProto proto_of(const Flow& f);

    const AppStats& stats() const { return stats_; }

private:
    struct FlowState;
    FlowState* state_of(Flow& f);
    void identify(FlowState& st, Flow& f, const Packet& p, bool to_server, const uint8_t* data, uint32_t len);
    void take(FlowState& st, bool flow_end);

    AppConfig cfg_;
    AppStats stats_;
    AppUpdate update_;
};

}  // namespace vigie::app
