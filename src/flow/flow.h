// Flow: the state Vigie keeps for one bidirectional conversation.
// The flow table (flow_table.h) owns flows in a preallocated slab; later stages
// attach their own per-flow state through the extension slots below, so this
// stage never needs to know them (data flows one way).
#pragma once
#include <array>
#include <cstdint>
#include <memory>

#include "common/ip_addr.h"
#include "common/timestamp.h"

namespace vigie {

// Per-flow state owned by a later stage (detect, app, evidence). Destroyed with the flow.
struct FlowExtension {
    virtual ~FlowExtension() = default;
};

enum class TcpState : uint8_t {
    None,          // not TCP, or nothing seen yet
    SynSent,
    SynRecv,
    Established,
    FinWait,       // one side sent FIN
    Closing,       // both sides sent FIN
    Closed,        // RST, or FIN handshake completed
};

enum class FlowEndReason : uint8_t { Timeout, Forced, Shutdown, Evicted };

struct Flow {
    uint64_t flow_id = 0;          // stable: derived from the key and the flow's first timestamp, never 0

    // "client" is the side that sent the first packet we saw (or the SYN sender).
    IpAddr client, server;
    uint16_t client_port = 0, server_port = 0;
    uint8_t ip_proto = 0;
    uint16_t vlan_id = 0;

    Timestamp start, last_seen;
    uint64_t pkts_toserver = 0, pkts_toclient = 0;
    // MAC addresses of the first Ethernet frame seen each way (EVE `ether`).
    std::array<uint8_t, 6> client_mac{}, server_mac{};
    bool macs_seen = false;
    uint64_t bytes_toserver = 0, bytes_toclient = 0;

    TcpState tcp_state = TcpState::None;
    bool seen_toserver = false, seen_toclient = false;
    bool alerted = false;

    // Established as Suricata's `flow:established` means it: TCP after the 3-way
    // handshake (or midstream pickup), other protocols once both sides have spoken.
    bool established() const {
        if (ip_proto == 6) return tcp_state == TcpState::Established || tcp_state == TcpState::FinWait ||
                                  tcp_state == TcpState::Closing;
        return seen_toserver && seen_toclient;
    }
    // `flow:established` for the packet being processed, as Suricata decides it: from
    // the TCP state *before* the packet (its flow stage runs ahead of the stream
    // engine), so the handshake's third ACK is not yet established, while FIN and
    // RST packets of an established session are; other protocols once both sides
    // have spoken. Set by FlowTable::process.
    bool pkt_established = false;

    // Extension slots, indexed by owner. Kept as a fixed array so lookup costs nothing.
    enum Slot : uint8_t { kDetect = 0, kApp = 1, kEvidence = 2, kSlots = 3 };
    std::unique_ptr<FlowExtension> ext[kSlots];
};

// New in-order stream bytes made available by one packet, for one direction.
// `data[0, len)` is contiguous reassembled stream; `data[new_from, len)` has never been
// offered before; `data[0, new_from)` is look-back context (earlier bytes of the same
// direction, at most StreamConfig::lookback) so a pattern split across segments is seen.
// Detection accepts only matches that end in the new part: a split pattern matches once
// and a retransmission, which brings no new bytes, matches nothing.
struct StreamChunk {
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    uint32_t new_from = 0;
    uint64_t stream_offset = 0;    // stream offset of data[0] (0 = first byte after the SYN)
    bool after_gap = false;        // bytes were lost before data[new_from]
    uint64_t gap_len = 0;          // how many (when after_gap)
    bool empty() const { return len == new_from; }
};

}  // namespace vigie
