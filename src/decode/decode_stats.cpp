#include "decode/decode_stats.h"

namespace vigie {

void DecodeStats::add(const Packet& p) {
    ++packets;
    bytes += p.caplen;
    ipv4 += p.ip_version == 4;
    ipv6 += p.ip_version == 6;
    if (p.decoded_l4) {
        tcp += p.ip_proto == 6;
        udp += p.ip_proto == 17;
        icmpv4 += p.ip_proto == 1;
        icmpv6 += p.ip_proto == 58;
    }
    vlan += p.vlan_count > 0;
    gre += (p.tunnel_kinds & tunnel::GRE) != 0;
    ipip += (p.tunnel_kinds & tunnel::IPIP) != 0;
    fragments += p.is_fragment;
    reassembled += p.reassembled;
    invalid += p.events.count > 0;
    for (unsigned i = 0; i < p.events.count; ++i) ++events[static_cast<unsigned>(p.events.list[i])];
}

void DecodeStats::merge(const DecodeStats& o) {
    packets += o.packets;
    bytes += o.bytes;
    ipv4 += o.ipv4;
    ipv6 += o.ipv6;
    tcp += o.tcp;
    udp += o.udp;
    icmpv4 += o.icmpv4;
    icmpv6 += o.icmpv6;
    vlan += o.vlan;
    gre += o.gre;
    ipip += o.ipip;
    fragments += o.fragments;
    reassembled += o.reassembled;
    invalid += o.invalid;
    for (unsigned i = 0; i < kDecodeEventCount; ++i) events[i] += o.events[i];
}

}  // namespace vigie
