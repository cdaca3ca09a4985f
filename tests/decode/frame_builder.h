// Frame pieces for decoder tests. Each helper returns the bytes of one header,
// with lengths and the IPv4 checksum computed, so a test reads as the stack it
// builds: cat({eth(0x0800), ipv4(6, ...), tcp(...), payload}).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "decode/decoder.h"
#include "decode/packet.h"

namespace vigie::test {

using Bytes = std::vector<uint8_t>;

inline Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

inline Bytes eth(uint16_t type) {
    return {0x00, 0x11, 0x22, 0x33, 0x44, 0x55,  // dst
            0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,  // src
            uint8_t(type >> 8), uint8_t(type)};
}

inline Bytes vlan(uint16_t id, uint16_t inner_type) {
    return {uint8_t(id >> 8), uint8_t(id), uint8_t(inner_type >> 8), uint8_t(inner_type)};
}

inline void set_ipv4_checksum(Bytes& h, size_t at = 0) {
    h[at + 10] = h[at + 11] = 0;
    uint32_t hlen = (h[at] & 0x0f) * 4u, sum = 0;
    for (uint32_t i = 0; i < hlen; i += 2) sum += uint32_t(h[at + i] << 8 | h[at + i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    h[at + 10] = uint8_t(~sum >> 8);
    h[at + 11] = uint8_t(~sum);
}

struct Ipv4Opts {
    uint16_t id = 0x1234;
    uint16_t frag = 0;  // flags (0x2000 MF, 0x4000 DF) | offset in 8-byte units
    Bytes options = {}; // multiple of 4
    uint8_t src_last = 1, dst_last = 2;
};

// 10.0.0.<src_last> -> 10.0.0.<dst_last>, TTL 64, total length = header + payload_len.
inline Bytes ipv4(uint8_t proto, size_t payload_len, const Ipv4Opts& o = {}) {
    size_t hlen = 20 + o.options.size();
    size_t total = hlen + payload_len;
    Bytes h = {uint8_t(0x40 | (hlen / 4)), 0x00, uint8_t(total >> 8), uint8_t(total),
               uint8_t(o.id >> 8), uint8_t(o.id), uint8_t(o.frag >> 8), uint8_t(o.frag),
               64, proto, 0, 0,
               10, 0, 0, o.src_last,
               10, 0, 0, o.dst_last};
    h.insert(h.end(), o.options.begin(), o.options.end());
    set_ipv4_checksum(h);
    return h;
}

// 2001:db8::1 -> 2001:db8::2, hop limit 64.
inline Bytes ipv6(uint8_t next_header, size_t payload_len) {
    Bytes h = {0x60, 0x00, 0x00, 0x00, uint8_t(payload_len >> 8), uint8_t(payload_len), next_header, 64};
    Bytes a = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    h.insert(h.end(), a.begin(), a.end());
    a[15] = 2;
    h.insert(h.end(), a.begin(), a.end());
    return h;
}

inline Bytes tcp(uint16_t sp, uint16_t dp, uint8_t flags, const Bytes& options = {}) {
    size_t hlen = 20 + options.size();
    Bytes h = {uint8_t(sp >> 8), uint8_t(sp), uint8_t(dp >> 8), uint8_t(dp),
               0, 0, 0, 100,  // seq 100
               0, 0, 0, 0,    // ack 0
               uint8_t((hlen / 4) << 4), flags, 0xff, 0xff, 0, 0, 0, 0};
    h.insert(h.end(), options.begin(), options.end());
    return h;
}

inline Bytes udp(uint16_t sp, uint16_t dp, size_t payload_len) {
    size_t len = 8 + payload_len;
    return {uint8_t(sp >> 8), uint8_t(sp), uint8_t(dp >> 8), uint8_t(dp), uint8_t(len >> 8), uint8_t(len), 0, 0};
}

inline Bytes filler(size_t n, uint8_t v = 'x') { return Bytes(n, v); }

// Decodes `bytes` as one frame of `linktype`. The bytes must outlive the Packet.
inline Packet decode(const Bytes& bytes, uint16_t linktype = kLinkEthernet, DecoderConfig cfg = {}) {
    Packet p;
    p.data = bytes.data();
    p.caplen = p.wirelen = uint32_t(bytes.size());
    p.linktype = linktype;
    Decoder(cfg).decode_packet(p);
    return p;
}

}  // namespace vigie::test
