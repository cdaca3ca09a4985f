// Transaction: one request/response exchange (HTTP), query/answer (DNS) or
// handshake (TLS) of a flow, as a parser builds it. Parsers never see rules:
// detection pulls named buffers from a transaction by BufferId, and output logs
// it when complete. See app/NOTES.md.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_proto.h"
#include "app/buffer_id.h"
#include "common/timestamp.h"

namespace vigie::app {

struct BufferView {
    const uint8_t* data = nullptr;
    uint32_t len = 0;
};

// Per-transaction state owned by a later stage (detect: which rules are done).
struct TxExtension {
    virtual ~TxExtension() = default;
};

class Transaction {
public:
    virtual ~Transaction() = default;
    virtual AppProto proto() const = 0;

    // A buffer's bytes, valid while the transaction lives and is not fed again.
    // `index` walks multi-valued buffers (several DNS queries, several certs):
    // returns false past the last one, or when the buffer is absent or not ready.
    virtual bool buffer(BufferId id, uint32_t index, BufferView& out) const = 0;
    // Same, for the direction a rule inspects. A few buffers exist on both sides
    // with one name (ssh.proto, ssh.software, tls.random: the client's to_server,
    // the server's to_client); all others ignore the direction.
    virtual bool buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const {
        return buffer(id, index, out);
    }
    virtual bool number(NumberId id, uint64_t& out) const { return false; }

    uint64_t tx_id = 0;            // 0, 1, 2 ... within the flow, as Suricata's tx_id
    Timestamp ts;                  // time of the packet that started the transaction
    bool request_done = false;     // the to_server part is complete
    bool response_done = false;    // the to_client part is complete (or will never come)
    bool logged = false;           // output has written its record
    bool store_files = false;      // a filestore rule matched it: output keeps its files
    std::unique_ptr<TxExtension> detect_state;
};

// Anomalies a parser notices (EVE `anomaly` records, app-layer-event keyword):
// stable names, as Suricata's (e.g. "http.request_header_invalid").
struct AppEvent {
    std::string name;
    uint64_t tx_id = 0;
};

}  // namespace vigie::app
