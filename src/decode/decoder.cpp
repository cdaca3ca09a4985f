#include "decode/decoder.h"

#include "decode/decode_internal.h"

namespace vigie {

using namespace decode_detail;

namespace {

// Everything decoding writes goes back to its default; what the caller set
// (capture fields) and, for reassembled packets, the link layer, stay.
void reset_from_l3(Packet& p) {
    // One block copy from a blank packet; building a fresh Packet field by
    // field showed up as a fifth of decode time (store-forwarding stalls).
    static const Packet kBlank{};
    const uint64_t pcap_cnt = p.pcap_cnt;
    const Timestamp ts = p.ts;
    const uint8_t* data = p.data;
    const uint32_t caplen = p.caplen, wirelen = p.wirelen;
    const uint16_t linktype = p.linktype;
    const uint16_t vlan0 = p.vlan_id[0], vlan1 = p.vlan_id[1];
    const uint8_t vlan_count = p.vlan_count;
    const DecodeEvents events = p.events;
    p = kBlank;
    p.pcap_cnt = pcap_cnt;
    p.ts = ts;
    p.data = data;
    p.caplen = caplen;
    p.wirelen = wirelen;
    p.linktype = linktype;
    p.vlan_id[0] = vlan0;
    p.vlan_id[1] = vlan1;
    p.vlan_count = vlan_count;
    p.events = events;
}

}  // namespace

bool Decoder::decode_packet(Packet& p) const {
    p.vlan_count = 0;
    p.vlan_id[0] = p.vlan_id[1] = 0;
    p.eth = nullptr;
    p.events.clear();
    reset_from_l3(p);  // (link fields were just cleared, so this resets everything decoded)
    Ctx c{cfg_, p};
    const uint8_t* d = p.data;
    uint32_t len = d ? p.caplen : 0;
    switch (p.linktype) {
    case kLinkEthernet: decode_ethernet(c, d, len); break;
    case kLinkRaw:
    case kLinkRawAlt12:
    case kLinkRawAlt14: decode_ip_any(c, d, len); break;
    case kLinkIpv4: decode_ipv4(c, d, len); break;
    case kLinkIpv6: decode_ipv6(c, d, len); break;
    case kLinkSll: decode_sll(c, d, len); break;
    case kLinkSll2: decode_sll2(c, d, len); break;
    case kLinkNull: decode_null(c, d, len, false); break;
    case kLinkLoop: decode_null(c, d, len, true); break;
    case kLinkPpp: decode_ppp(c, d, len); break;
    default: c.event(DecodeEvent::UNKNOWN_LINKTYPE); break;
    }
    return p.events.count == 0;
}

bool Decoder::decode_reassembled(Packet& p) const {
    reset_from_l3(p);
    p.reassembled = true;
    Ctx c{cfg_, p};
    decode_ip_any(c, p.data, p.data ? p.caplen : 0);
    p.reassembled = true;
    return p.events.count == 0;
}

}  // namespace vigie
