#include "flow/tcp_tracker.h"

namespace vigie {

using namespace tcpflag;

void TcpTracker::reset(TcpSession& ssn) {
    ra_.reset(ssn.client.stream);
    ra_.reset(ssn.server.stream);
    // Keep the StreamDir objects (their look-back capacity); clear everything else.
    for (TcpEndpoint* e : {&ssn.client, &ssn.server}) {
        e->syn_seen = e->fin_seen = e->fin_acked = false;
        e->isn = e->fin_seq = 0;
    }
    ssn.midstream_ignored = false;
    ssn.four_whs = false;
}

void TcpTracker::establish(Flow& f, TcpSession& ssn) {
    f.tcp_state = TcpState::Established;
    ++stats_.sessions;
    // SYN consumes one sequence number: stream offset 0 is the byte after it.
    ra_.start(ssn.client.stream, ssn.client.isn + 1);
    ra_.start(ssn.server.stream, ssn.server.isn + 1);
}

StreamChunk TcpTracker::on_packet(Flow& f, TcpSession& ssn, const Packet& p, bool to_server, int64_t now_usec) {
    const uint8_t fl = p.tcp_flags;
    const bool syn = fl & SYN, ack = fl & ACK;
    TcpEndpoint& snd = to_server ? ssn.client : ssn.server;
    TcpEndpoint& rcv = to_server ? ssn.server : ssn.client;
    if (syn) ++(ack ? stats_.synack : stats_.syn);
    if (fl & FIN) ++stats_.fin;

    if (fl & RST) {
        ++stats_.rst;
        // Suricata checks the RST sequence against the window; we accept it, as a
        // monitor cannot know which RST the host honoured and closing early is safe.
        f.tcp_state = TcpState::Closed;
        return {};
    }

    switch (f.tcp_state) {
        case TcpState::None:
            if (syn && !ack) {
                snd.syn_seen = true;
                snd.isn = p.tcp_seq;
                f.tcp_state = TcpState::SynSent;
                return {};
            }
            if (syn && ack && (cfg_.midstream || cfg_.async_oneside)) {
                // SYN lost or unseen: the receiver of this SYN/ACK is the client.
                snd.syn_seen = rcv.syn_seen = true;
                snd.isn = p.tcp_seq;
                rcv.isn = p.tcp_ack - 1;
                f.tcp_state = TcpState::SynRecv;
                return {};
            }
            if (!syn && cfg_.midstream) {
                ++stats_.midstream_pickups;
                ++stats_.sessions;
                f.tcp_state = TcpState::Established;
                ra_.start(snd.stream, p.tcp_seq);
                if (ack) ra_.start(rcv.stream, p.tcp_ack);
                return data_and_teardown(f, ssn, p, to_server, now_usec);
            }
            if (!ssn.midstream_ignored) {
                ssn.midstream_ignored = true;
                ++stats_.midstream_ignored;
            }
            if (p.payload_len) ++stats_.data_before_established;
            return {};

        case TcpState::SynSent:
            if (to_server) {
                if (syn && !ack) {  // SYN retransmission, maybe with a new ISN
                    snd.isn = p.tcp_seq;
                    return {};
                }
                if (ack && !syn && cfg_.async_oneside) {
                    // Server side unseen: its ISN is what the client acknowledges, minus the SYN.
                    ++stats_.async_oneside;
                    rcv.isn = p.tcp_ack - 1;
                    establish(f, ssn);
                    return data_and_teardown(f, ssn, p, to_server, now_usec);
                }
                if (syn && ack && ssn.four_whs && p.tcp_ack == rcv.isn + 1) {
                    // Split handshake: the client acknowledges the server's SYN.
                    snd.isn = p.tcp_seq;
                    f.tcp_state = TcpState::SynRecv;
                    return {};
                }
            } else if (syn && ack && p.tcp_ack == rcv.isn + 1) {
                snd.syn_seen = true;
                snd.isn = p.tcp_seq;
                f.tcp_state = TcpState::SynRecv;
                return {};
            } else if (syn && !ack) {
                // Split handshake (4WHS): the server sends its own SYN; the client's
                // SYN/ACK and the server's ACK complete the session, roles unchanged.
                snd.syn_seen = true;
                snd.isn = p.tcp_seq;
                ssn.four_whs = true;
                return {};
            }
            if (p.payload_len) ++stats_.data_before_established;
            return {};

        case TcpState::SynRecv:
            if (ssn.four_whs && !to_server && ack && !syn) {
                establish(f, ssn);  // the server's ACK ends a split handshake
                return data_and_teardown(f, ssn, p, to_server, now_usec);
            }
            if (to_server && ack && !syn && !ssn.four_whs) {
                // The third packet. Suricata marks this very packet established and
                // accepts data it carries.
                establish(f, ssn);
                return data_and_teardown(f, ssn, p, to_server, now_usec);
            }
            if (!to_server && ack && !syn && cfg_.async_oneside) {
                // Client's ACK unseen but the server already talks.
                ++stats_.async_oneside;
                establish(f, ssn);
                return data_and_teardown(f, ssn, p, to_server, now_usec);
            }
            if (syn && ack && !to_server) snd.isn = p.tcp_seq;  // SYN/ACK retransmission
            if (p.payload_len) ++stats_.data_before_established;
            return {};

        case TcpState::Established:
        case TcpState::FinWait:
        case TcpState::Closing:
            return data_and_teardown(f, ssn, p, to_server, now_usec);

        case TcpState::Closed:
            return {};
    }
    return {};
}

StreamChunk TcpTracker::data_and_teardown(Flow& f, TcpSession& ssn, const Packet& p, bool to_server,
                                          int64_t now_usec) {
    TcpEndpoint& snd = to_server ? ssn.client : ssn.server;
    TcpEndpoint& rcv = to_server ? ssn.server : ssn.client;
    const uint8_t fl = p.tcp_flags;

    StreamChunk chunk;
    if (p.payload_len && !snd.fin_seen) {
        // Data carried by a SYN (TCP Fast Open) sits one past the SYN's sequence number.
        uint32_t seq = p.tcp_seq + ((fl & SYN) ? 1 : 0);
        chunk = ra_.on_segment(snd.stream, seq, p.payload, p.payload_len, now_usec);
    }
    if (fl & ACK) {
        ra_.on_peer_ack(rcv.stream, p.tcp_ack);
        if (rcv.fin_seen && p.tcp_ack == rcv.fin_seq + 1) rcv.fin_acked = true;
    }
    if ((fl & FIN) && !snd.fin_seen) {
        snd.fin_seen = true;
        snd.fin_seq = p.tcp_seq + p.payload_len;
    }
    if (snd.fin_seen || rcv.fin_seen)
        f.tcp_state = (snd.fin_seen && rcv.fin_seen) ? TcpState::Closing : TcpState::FinWait;
    if (snd.fin_acked && rcv.fin_acked) f.tcp_state = TcpState::Closed;
    return chunk;
}

}  // namespace vigie
