// Decoder: fills a Packet from its captured bytes, layer by layer, down to the
// innermost IP layer of tunnels and its transport header.
//
// Guarantees: never reads outside [p.data, p.data + p.caplen); never allocates;
// every anomaly becomes a DecodeEvent in p.events and decoding keeps what it
// could (a packet with a bad TCP option still has its addresses and ports).
//
// Pipeline use (one Decoder per worker; it holds only configuration):
//   p.data/caplen/wirelen/ts/linktype/pcap_cnt = frame ...;
//   decoder.decode_packet(p);
//   if (p.is_fragment && defrag.add(p, whole))   // see decode/defrag.h
//       decoder.decode_reassembled(whole);        // then process `whole` too
//   stats.add(p);
#pragma once
#include <cstdint>

#include "decode/packet.h"

namespace vigie {

struct DecoderConfig {
    bool ipv4_checksum = true;   // validate IPv4 header checksums (event ipv4.csum_bad)
    uint8_t max_tunnel_depth = 4; // IP-in-IP / GRE layers followed before giving up
};

class Decoder {
public:
    explicit Decoder(DecoderConfig config = {}) : cfg_(config) {}

    // Reads p.data, p.caplen and p.linktype (set by the caller) and fills every
    // other field; fields left from a previous packet are reset. Returns false
    // when the packet raised at least one decoder event.
    bool decode_packet(Packet& p) const;

    // For a datagram rebuilt by the Defragmenter: p.data starts at the IP
    // header. Keeps the capture fields, VLAN ids and events already on p,
    // redoes everything from L3 and sets p.reassembled.
    bool decode_reassembled(Packet& p) const;

    const DecoderConfig& config() const { return cfg_; }

private:
    DecoderConfig cfg_;
};

}  // namespace vigie
