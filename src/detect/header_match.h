// Header checks of a rule against one packet: protocol, addresses and ports (both
// ways for "<>"), per-packet keywords (dsize, ttl, flags, ...) and the flow keyword.
#pragma once
#include "decode/packet.h"
#include "flow/flow.h"
#include "rules/rule.h"

namespace vigie::detect {

// Addresses, ports and protocol; "<>" rules also match with source and destination swapped.
bool match_addresses_ports(const rules::Header& h, const Packet& p);

// Every header keyword (dsize, ttl, tos, ip_proto, id, fragoffset, fragbits, itype,
// icode, icmp_id, icmp_seq, flags, seq, ack, window, ipopts, sameip).
bool match_header_keywords(const std::vector<rules::HeaderMatch>& hm, const Packet& p);

// flow:to_server/to_client/established/not_established/stateless. Direction and
// state need a flow; stateless matches with or without one. only_stream/no_stream
// choose the buffer and are handled by the caller.
bool match_flow_opts(const rules::FlowOpts& f, const Flow* flow, bool to_server);

// One check alone; exposed for tests.
bool match_tcp_flags(const rules::TcpFlagsCheck& c, uint8_t flags);

}  // namespace vigie::detect
