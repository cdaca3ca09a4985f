// Shared between the layer decoders (not a public header). Every layer function
// receives (data, len) where len never exceeds what was captured, checks len
// before each read, and hands the rest to the next layer.
#pragma once
#include <cstdint>
#include <cstring>

#include "decode/decoder.h"
#include "decode/packet.h"

namespace vigie::decode_detail {

inline uint16_t be16(const uint8_t* p) { return uint16_t((p[0] << 8) | p[1]); }
inline uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

struct Ctx {
    const DecoderConfig& cfg;
    Packet& p;
    uint8_t layers = 0;  // link + IP layers entered, bounds recursion through tunnels
    void event(DecodeEvent e) { p.events.add(e); }
};

constexpr uint8_t kMaxLayers = 16;

namespace ethertype {
constexpr uint16_t IPV4 = 0x0800, ARP = 0x0806, VLAN = 0x8100, QINQ = 0x88a8, QINQ_OLD = 0x9100,
                   IPV6 = 0x86dd, MPLS_UC = 0x8847, MPLS_MC = 0x8848, PPPOE_SESSION = 0x8864,
                   TEB = 0x6558, ERSPAN_2 = 0x88be, ERSPAN_3 = 0x22eb;
}

// link.cpp
void decode_ethernet(Ctx& c, const uint8_t* d, uint32_t len);
void decode_ethertype(Ctx& c, uint16_t type, const uint8_t* d, uint32_t len);
void decode_sll(Ctx& c, const uint8_t* d, uint32_t len);
void decode_sll2(Ctx& c, const uint8_t* d, uint32_t len);
void decode_null(Ctx& c, const uint8_t* d, uint32_t len, bool network_order);
void decode_ppp(Ctx& c, const uint8_t* d, uint32_t len);
// ip.cpp / ipv4.cpp / ipv6.cpp
void decode_ip_any(Ctx& c, const uint8_t* d, uint32_t len);  // by version nibble
void decode_ipv4(Ctx& c, const uint8_t* d, uint32_t len);
void decode_ipv6(Ctx& c, const uint8_t* d, uint32_t len);
// After an IP header: transport or tunnel. `d` is the IP payload.
void decode_ip_payload(Ctx& c, uint8_t proto, const uint8_t* d, uint32_t len);
// transport
void decode_tcp(Ctx& c, const uint8_t* d, uint32_t len);
void decode_udp(Ctx& c, const uint8_t* d, uint32_t len);
void decode_icmpv4(Ctx& c, const uint8_t* d, uint32_t len);
void decode_icmpv6(Ctx& c, const uint8_t* d, uint32_t len);
void decode_gre(Ctx& c, const uint8_t* d, uint32_t len);

}  // namespace vigie::decode_detail
