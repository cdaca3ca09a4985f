// Counters of the flow stage. Every bound that is hit has a counter here, so a run
// that lost data says so in its stats instead of silently missing alerts.
#pragma once
#include <cstdint>

namespace vigie {

struct StreamStats {
    uint64_t sessions = 0;              // TCP sessions that reached Established
    uint64_t midstream_pickups = 0;     // established without a seen handshake (stream.midstream)
    uint64_t midstream_ignored = 0;     // flows that started mid-way while midstream is off
    uint64_t async_oneside = 0;         // established with one side never seen
    uint64_t syn = 0, synack = 0, rst = 0, fin = 0;
    uint64_t data_before_established = 0;  // payload packets not reassembled because of state
    uint64_t bytes_delivered = 0;       // new in-order bytes handed out in chunks
    uint64_t chunks = 0;
    uint64_t retransmissions = 0;       // segments bringing no new byte
    uint64_t overlaps = 0;              // segments overlapping delivered or buffered bytes
    uint64_t overlap_diff = 0;          // ... where the overlapping bytes differ
    uint64_t ooo_queued = 0;            // segments buffered out of order
    uint64_t gaps = 0;                  // skips over missing data
    uint64_t gap_bytes = 0;             // bytes skipped
    uint64_t gaps_by_ack = 0;           // gaps detected because the peer acked past a hole
    uint64_t gaps_by_timeout = 0;       // gaps because a hole waited gap_timeout_sec
    uint64_t gaps_by_bound = 0;         // gaps because a segment did not fit max_ooo_bytes
    uint64_t ooo_memcap_hits = 0;       // no window left in ooo_memcap: segment dropped
    uint64_t ooo_window_allocs = 0;     // windows allocated (bounded by ooo_memcap)
    uint64_t segments_dropped_bounds = 0;  // too many ranges, or did not fit after a gap
    uint64_t segments_bad_seq = 0;      // further than max_seq_jump ahead
    uint64_t depth_reached = 0;         // directions that hit stream depth
    uint64_t ooo_bytes_buffered = 0;    // gauge: bytes waiting behind holes now
    uint64_t pending_flushed = 0;       // chunks drained at flow end
};

struct FlowStats {
    uint64_t packets = 0;               // packets given to process()
    uint64_t no_flow = 0;               // non-IP packets (no flow)
    uint64_t flows_created = 0;
    uint64_t flows_active = 0;          // gauge
    uint64_t flows_timed_out = 0;
    uint64_t flows_evicted = 0;         // recycled because the table was full
    uint64_t flows_flushed = 0;         // ended by flush_all()
    uint64_t memcap_hits = 0;           // times a new flow found the table full
    uint64_t emergency_entered = 0;
    bool emergency = false;             // gauge
    StreamStats tcp;
};

}  // namespace vigie
