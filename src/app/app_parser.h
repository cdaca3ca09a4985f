// AppParser: one protocol's parser for one flow. Gets the flow's application
// bytes in order (TCP: reassembled stream of each direction; UDP: one datagram at
// a time), keeps its transactions, and reports anomalies. Bounded: each parser
// caps what it buffers and how many transactions it keeps, counting what it drops.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "app/transaction.h"
#include "common/timestamp.h"

namespace vigie::app {

class AppParser {
public:
    virtual ~AppParser() = default;
    virtual AppProto proto() const = 0;

    // New bytes in one direction. For TCP they continue the previous call of the
    // same direction unless on_gap() came in between.
    virtual void feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) = 0;
    // `len` bytes were lost in this direction: resynchronise or give up on the current
    // message (a body of known length can step over the hole and go on).
    virtual void on_gap(bool to_server, uint64_t len) {}
    // The flow ended: complete what can be completed.
    virtual void on_flow_end() {}

    // Transactions currently held, oldest first.
    virtual size_t tx_count() const = 0;
    virtual Transaction* tx_at(size_t i) = 0;
    // Removes and returns transactions that are complete (both sides, or flow end).
    virtual void take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) = 0;

    // Anomalies since the last call.
    std::vector<AppEvent>& events() { return events_; }

protected:
    std::vector<AppEvent> events_;
};

}  // namespace vigie::app
