// Hand-built packets for flow tests: a conversation between a client and a server
// endpoint, with payloads kept alive by the builder.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "decode/packet.h"
#include "flow/flow_table.h"

namespace vigie::test {

struct Endpoint {
    const char* addr;
    uint16_t port;
};

class PacketBuilder {
public:
    Packet make(uint8_t proto, Endpoint src, Endpoint dst, std::string_view payload, int64_t sec = 0,
                uint32_t usec = 0) {
        Packet p;
        auto s = IpAddr::parse(src.addr), d = IpAddr::parse(dst.addr);
        p.src = *s;
        p.dst = *d;
        p.ip_version = p.src.is_v4() ? 4 : 6;
        p.ip_proto = proto;
        p.sp = src.port;
        p.dp = dst.port;
        p.decoded_l4 = true;
        p.ts = Timestamp{sec, usec * 1000};
        const std::string& stored = payloads_.emplace_back(payload);
        p.payload = reinterpret_cast<const uint8_t*>(stored.data());
        p.payload_len = uint32_t(stored.size());
        p.caplen = 54 + p.payload_len;
        p.wirelen = p.caplen;
        return p;
    }
    Packet tcp(Endpoint src, Endpoint dst, uint8_t flags, uint32_t seq, uint32_t ack, std::string_view payload = {},
               int64_t sec = 0) {
        Packet p = make(6, src, dst, payload, sec);
        p.tcp_flags = flags;
        p.tcp_seq = seq;
        p.tcp_ack = ack;
        p.tcp_win = 65535;
        return p;
    }
    Packet udp(Endpoint src, Endpoint dst, std::string_view payload = {}, int64_t sec = 0) {
        return make(17, src, dst, payload, sec);
    }

private:
    std::deque<std::string> payloads_;
};

inline std::string new_part(const StreamChunk& c) {
    return c.empty() ? std::string() : std::string(reinterpret_cast<const char*>(c.data + c.new_from), c.len - c.new_from);
}
inline std::string whole(const StreamChunk& c) {
    return c.data ? std::string(reinterpret_cast<const char*>(c.data), c.len) : std::string();
}

constexpr uint8_t kSyn = tcpflag::SYN, kAck = tcpflag::ACK, kFin = tcpflag::FIN, kRst = tcpflag::RST,
                  kPsh = tcpflag::PSH;
constexpr uint8_t kSynAck = kSyn | kAck, kPshAck = kPsh | kAck, kFinAck = kFin | kAck;

// A TCP conversation with the handshake done through a FlowTable: client() and
// server() send data at the next sequence number unless told otherwise.
class TcpConv {
public:
    TcpConv(FlowTable& table, uint32_t client_isn = 1000, uint32_t server_isn = 5000,
            Endpoint c = {"10.0.0.1", 40000}, Endpoint s = {"10.0.0.2", 80})
        : table_(table), c_(c), s_(s), cseq_(client_isn), sseq_(server_isn) {}

    void handshake(int64_t sec = 0) {
        table_.process(pb_.tcp(c_, s_, kSyn, cseq_, 0, {}, sec));
        table_.process(pb_.tcp(s_, c_, kSynAck, sseq_, cseq_ + 1, {}, sec));
        ++cseq_;
        ++sseq_;
        client_base_ = cseq_;
        table_.process(pb_.tcp(c_, s_, kAck, cseq_, sseq_, {}, sec));
    }
    // Data at an explicit sequence number (relative to the stream start: offset 0 = first byte).
    FlowLookup client_at(uint64_t offset, std::string_view data, int64_t sec = 0, uint8_t flags = kPshAck) {
        return table_.process(pb_.tcp(c_, s_, flags, uint32_t(client_base_ + offset), sseq_, data, sec));
    }
    FlowLookup client(std::string_view data, int64_t sec = 0) {
        FlowLookup r = client_at(cseq_ - client_base_, data, sec);
        cseq_ += uint32_t(data.size());
        return r;
    }
    FlowLookup server(std::string_view data, int64_t sec = 0) {
        FlowLookup r = table_.process(pb_.tcp(s_, c_, kPshAck, sseq_, cseq_, data, sec));
        sseq_ += uint32_t(data.size());
        return r;
    }
    // The server acknowledges client bytes up to `offset` (relative).
    FlowLookup server_ack(uint64_t offset, int64_t sec = 0) {
        return table_.process(pb_.tcp(s_, c_, kAck, sseq_, uint32_t(client_base_ + offset), {}, sec));
    }
    void mark_client_base() { client_base_ = cseq_; }
    uint32_t client_seq() const { return cseq_; }
    PacketBuilder& builder() { return pb_; }
    Endpoint client_ep() const { return c_; }
    Endpoint server_ep() const { return s_; }

private:
    FlowTable& table_;
    PacketBuilder pb_;
    Endpoint c_, s_;
    uint32_t cseq_, sseq_;
    uint32_t client_base_ = 0;
};

}  // namespace vigie::test
