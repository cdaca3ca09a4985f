// FlowTable: finds or creates the flow of each packet, tracks TCP and reassembles
// its streams, and ends flows on timeout, memcap eviction or end of input.
//
// One FlowTable per worker thread, not shared: shard packets with symmetric_hash().
// Flows live in a slab preallocated at construction (max_flows); a new flow takes a
// slot from the free list or, when the table is full, evicts the least recently used
// flow. Time is packet time: pcaps replay old timestamps and must time out the same.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "decode/packet.h"
#include "flow/flow.h"
#include "flow/flow_config.h"
#include "flow/flow_key.h"
#include "flow/flow_stats.h"
#include "flow/reassembly.h"
#include "flow/tcp_tracker.h"

namespace vigie {

struct FlowLookup {
    Flow* flow = nullptr;     // nullptr for packets without a flow (not IP)
    bool to_server = false;   // the packet goes from Flow::client to Flow::server
    bool new_flow = false;    // this packet created the flow
    StreamChunk stream;       // non-empty when TCP in-order data of this direction became available
};

class FlowTable {
public:
    using EndCallback = std::function<void(Flow&, FlowEndReason)>;

    // `cfg` should have passed validate_flow_config(); sizes are clamped otherwise.
    explicit FlowTable(const FlowConfig& cfg = {});
    FlowTable(const FlowTable&) = delete;
    FlowTable& operator=(const FlowTable&) = delete;

    // The flow of `p`, updated. Flow* and the chunk's bytes are valid until the next
    // call to process(), expire() or flush_all(). May end idle flows first (callback).
    FlowLookup process(const Packet& p);

    // Called once for every flow that ends, before its slot is reused: log the flow,
    // drain pending stream bytes with drain_pending(), free per-flow state. Extension
    // slots are reset right after it returns. It must not call process().
    void set_flow_end_callback(EndCallback cb) { on_end_ = std::move(cb); }

    // End of input: ends every flow with FlowEndReason::Shutdown.
    void flush_all();
    // Advances packet time without a packet (idle live capture) and ends idle flows.
    void expire(const Timestamp& now);

    // Inside the end callback: stream bytes still held behind a hole in one direction,
    // one contiguous run per call (after_gap set), empty when none remain.
    StreamChunk drain_pending(Flow& f, bool to_server);

    const FlowStats& stats() const { return stats_; }
    uint32_t active_flows() const { return uint32_t(stats_.flows_active); }
    const FlowConfig& config() const { return cfg_; }

private:
    static constexpr uint32_t kNil = 0xffffffffu;
    static constexpr int kClasses = 12;  // {default, tcp, udp, icmp} x {new, established, closed}

    // Per-slot bookkeeping, kept apart from Flow so a lookup touches only this.
    struct Slot {
        FlowKey key;
        uint64_t hash = 0;
        int64_t touch_usec = 0;      // table time of the last packet (monotonic, for LRU)
        uint32_t chain_next = kNil;  // hash chain, or free list when unused
        uint32_t lru_prev = kNil, lru_next = kNil;
        uint8_t cls = 0;             // timeout class = LRU list
        bool in_use = false;
        bool client_is_lo = false;   // the client is the key's addr_lo/port_lo side
    };
    struct LruList {
        uint32_t head = kNil, tail = kNil;
        int64_t head_expiry_usec = INT64_MAX;  // cached, so expiry checks touch no slot
    };

    uint32_t find(const FlowKey& key, uint64_t hash) const;
    uint32_t allocate();
    void init_flow(uint32_t idx, const Packet& p, const FlowKey& key, uint64_t hash, bool src_is_lo);
    void end_flow(uint32_t idx, FlowEndReason reason);
    void unlink_hash(uint32_t idx);
    void lru_remove(uint32_t idx);
    void lru_push_back(uint32_t idx, uint8_t cls);
    void refresh_head_expiry(int cls);
    void touch(uint32_t idx, uint8_t cls, bool fresh);
    void set_emergency(bool on);
    uint8_t class_of(const Flow& f) const;
    uint32_t timeout_sec_of(int cls) const;
    void expire_idle();

    FlowConfig cfg_;
    FlowStats stats_;
    Reassembler reassembler_;
    TcpTracker tracker_;
    EndCallback on_end_;

    std::vector<Flow> flows_;
    std::vector<Slot> slots_;
    std::vector<TcpSession> tcp_;
    std::vector<uint32_t> buckets_;
    uint64_t bucket_mask_ = 0;
    uint32_t free_head_ = kNil;
    LruList lists_[kClasses];
    int64_t now_usec_ = INT64_MIN;   // latest packet time seen
};

}  // namespace vigie
