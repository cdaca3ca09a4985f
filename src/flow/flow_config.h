// Configuration of the flow stage: table size, timeouts, TCP stream tracking and
// reassembly. Defaults follow Suricata's suricata.yaml so results line up with it.
// The config is an immutable snapshot handed to FlowTable at construction.
#pragma once
#include <cstdint>

#include "common/result.h"
#include "flow/flow_key.h"

namespace vigie {

enum class OverlapPolicy : uint8_t {
    First,  // bytes already buffered win over a later segment (Suricata's default "bsd"-like)
    Last,   // a later segment overwrites buffered, not yet delivered bytes
};

struct StreamConfig {
    bool midstream = false;        // stream.midstream: establish sessions picked up mid-way
    bool async_oneside = false;    // stream.async-oneside: accept sessions where one side is unseen
    uint64_t depth = 1 << 20;      // stream.reassembly.depth, bytes per direction; 0 = unlimited
    uint32_t lookback = 2048;      // bytes of earlier stream prepended to each chunk
    // Out-of-order bytes are buffered in a window of this size past the first hole of a
    // direction. A segment ending beyond it forces a gap (skip ahead).
    uint32_t max_ooo_bytes = 128 * 1024;
    uint16_t max_ooo_ranges = 16;      // disjoint buffered ranges per direction (1..64)
    uint64_t ooo_memcap = 64u << 20;   // all out-of-order windows of one FlowTable together
    uint32_t gap_timeout_sec = 10;     // packet time a hole may wait for its retransmission
    // A segment further than this past the next expected byte is treated as bogus
    // (bad sequence number), not as evidence of lost data.
    uint32_t max_seq_jump = 16u << 20;
    OverlapPolicy overlap = OverlapPolicy::First;
};

// Seconds of packet time a flow may stay idle, per state.
struct FlowTimeouts {
    uint32_t new_sec, established_sec, closed_sec;
    uint32_t emergency_new_sec, emergency_established_sec, emergency_closed_sec;
};

struct FlowConfig {
    uint32_t max_flows = 65536;    // the memcap: flows in the slab, preallocated
    uint64_t hash_seed = kDefaultFlowHashSeed;
    // flow-timeouts as in suricata.yaml.
    FlowTimeouts timeouts_default{30, 300, 0, 10, 100, 0};
    FlowTimeouts timeouts_tcp{60, 600, 60, 5, 100, 10};
    FlowTimeouts timeouts_udp{30, 300, 0, 10, 100, 0};
    FlowTimeouts timeouts_icmp{30, 300, 0, 10, 100, 0};
    // Emergency mode starts when the table is full and a flow must be evicted; short
    // timeouts then apply until active flows fall under this percentage of max_flows.
    bool emergency_enabled = true;
    uint8_t emergency_recovery_pct = 30;
    StreamConfig stream;
};

// Checks ranges a user can get wrong; FlowTable assumes a validated config.
Result<void> validate_flow_config(const FlowConfig& cfg);

}  // namespace vigie
