// DecodeStats: per-worker counters of what the decoders saw; summed across
// workers with merge(). Names follow Suricata's decoder.* stats.
#pragma once
#include <cstdint>

#include "decode/packet.h"

namespace vigie {

struct DecodeStats {
    uint64_t packets = 0, bytes = 0;
    uint64_t ipv4 = 0, ipv6 = 0, tcp = 0, udp = 0, icmpv4 = 0, icmpv6 = 0;
    uint64_t vlan = 0, gre = 0, ipip = 0;
    uint64_t fragments = 0, reassembled = 0;
    uint64_t invalid = 0;  // packets with at least one decoder event
    uint64_t events[kDecodeEventCount] = {};

    // Counts one packet (bytes = caplen, as Suricata's decoder.bytes).
    void add(const Packet& p);
    void merge(const DecodeStats& o);
};

}  // namespace vigie
