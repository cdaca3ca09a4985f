// TCP session tracking: the handshake, FIN/RST teardown, midstream pickup, and which
// packets feed reassembly. Follows Suricata's stream engine where it matters to rule
// results: a session is established by the third packet of the handshake (that ACK is
// itself "established"), data is reassembled from that ACK on, and without
// stream.midstream a session seen mid-way is tracked but never established.
#pragma once
#include <cstdint>

#include "decode/packet.h"
#include "flow/flow.h"
#include "flow/flow_config.h"
#include "flow/flow_stats.h"
#include "flow/reassembly.h"

namespace vigie {

// One side of a session, as a sender.
struct TcpEndpoint {
    bool syn_seen = false;
    bool fin_seen = false;
    bool fin_acked = false;       // the peer acknowledged this side's FIN
    uint32_t isn = 0;             // sequence number of the SYN
    uint32_t fin_seq = 0;         // sequence number the FIN occupies
    StreamDir stream;             // bytes this side sent
};

struct TcpSession {
    TcpEndpoint client, server;
    bool midstream_ignored = false;  // counted once per flow
    // Split handshake (Suricata's 4WHS): the server answered the SYN with a SYN of its
    // own, so the client sends the SYN/ACK and the server the final ACK.
    bool four_whs = false;
};

class TcpTracker {
public:
    TcpTracker(const StreamConfig& cfg, StreamStats& stats, Reassembler& reassembler)
        : cfg_(cfg), stats_(stats), ra_(reassembler) {}

    // The first packet of a flow: should its receiver be the client? (SYN/ACK seen first.)
    static bool receiver_is_client(const Packet& p) {
        constexpr uint8_t kSynAck = tcpflag::SYN | tcpflag::ACK;
        return (p.tcp_flags & kSynAck) == kSynAck;
    }
    // Whether `p` opens a new connection on the tuple of a flow in state `state`
    // (a SYN on a closed session): the table then ends the old flow first.
    static bool is_reuse(TcpState state, const Packet& p) {
        return state == TcpState::Closed && (p.tcp_flags & (tcpflag::SYN | tcpflag::ACK)) == tcpflag::SYN;
    }

    // Updates `ssn` and `f.tcp_state` for `p`; returns new in-order bytes of p's direction.
    StreamChunk on_packet(Flow& f, TcpSession& ssn, const Packet& p, bool to_server, int64_t now_usec);
    void reset(TcpSession& ssn);

private:
    void establish(Flow& f, TcpSession& ssn);
    StreamChunk data_and_teardown(Flow& f, TcpSession& ssn, const Packet& p, bool to_server, int64_t now_usec);

    const StreamConfig& cfg_;
    StreamStats& stats_;
    Reassembler& ra_;
};

}  // namespace vigie
