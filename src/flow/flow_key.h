// FlowKey: the identity of a bidirectional conversation, and its seeded hash.
// The two endpoints are stored in a fixed order (lower address/port first) so both
// directions of a conversation build the same key and hash alike; the key is a
// padding-free 48-byte value so hashing and comparing it are plain word operations.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "decode/packet.h"

namespace vigie {

// Fixed default so flow_id and worker sharding are reproducible across runs.
constexpr uint64_t kDefaultFlowHashSeed = 0x5669676965466c6fULL;  // "VigieFlo"

struct FlowKey {
    uint8_t addr_lo[16];   // the endpoint that orders first (address, then port)
    uint8_t addr_hi[16];
    uint16_t port_lo;      // TCP/UDP/SCTP ports; ICMP echo-like: the icmp id on both; other: 0
    uint16_t port_hi;
    uint16_t vlan[2];      // outer and inner VLAN id (0 when absent)
    uint8_t proto;         // IP protocol
    uint8_t family;        // 4 or 6: keeps 10.0.0.1 and 0a00:0001:: apart
    uint8_t reserved[6];   // always zero; makes the size a whole number of words

    bool operator==(const FlowKey& o) const { return std::memcmp(this, &o, sizeof(FlowKey)) == 0; }
};
static_assert(sizeof(FlowKey) == 48, "FlowKey must stay 48 bytes");
static_assert(std::has_unique_object_representations_v<FlowKey>, "FlowKey must have no padding");
static_assert(std::is_trivially_copyable_v<FlowKey>);
static_assert(offsetof(FlowKey, port_lo) == 32 && offsetof(FlowKey, proto) == 40, "make_flow_key writes words");

// Builds the key of `p`. Returns false for packets that belong to no flow (not IP).
// `src_is_lo` tells which side of the key sent the packet (true: p.src is addr_lo/port_lo).
bool make_flow_key(const Packet& p, FlowKey& key, bool& src_is_lo);

// Seeded, fast, not cryptographic: a flood of crafted keys can still collide into one
// bucket chain, which is why the seed is configurable per deployment.
uint64_t hash_flow_key(const FlowKey& key, uint64_t seed);

// The same value for both directions of a conversation: use it to pick a worker thread.
// Non-IP packets hash to 0.
uint64_t symmetric_hash(const Packet& p, uint64_t seed = kDefaultFlowHashSeed);

// Stable flow id: non-zero, below 2^51 so JSON readers that store numbers as doubles
// keep every digit (Suricata masks its flow_id the same way).
uint64_t make_flow_id(uint64_t key_hash, const Timestamp& start);

}  // namespace vigie
