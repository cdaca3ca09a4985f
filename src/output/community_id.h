// Community ID v1 (https://github.com/corelight/community-id-spec): one string per
// flow that Suricata, Zeek and others compute the same way, so records of one
// connection join across tools ("1:" + base64 of a SHA-1 over the ordered 5-tuple and
// a seed). Written as `community_id` in EVE when outputs.eve-log.community-id is on.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "common/ip_addr.h"

namespace vigie::output {

// The flow's Community ID; empty for protocols without ports (ICMP and others are
// not covered: their type/code pairing is not implemented).
std::string community_id(const IpAddr& a, uint16_t a_port, const IpAddr& b, uint16_t b_port, uint8_t ip_proto,
                         uint16_t seed);

}  // namespace vigie::output
