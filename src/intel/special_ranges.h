// Private and reserved address ranges (RFC 6890 registries, IPv4 and IPv6). Such
// addresses never get a country or ASN: a label says what they are instead.
#pragma once
#include <optional>
#include <string>

#include "intel/ip_address.h"

namespace vigie::intel {

struct SpecialRange {
    std::string kind;   // "private" or "reserved": what the country column holds
    std::string what;   // e.g. "RFC 1918 private", "documentation (RFC 5737)"
};

std::optional<SpecialRange> classify_special(const IpAddress& a);

}  // namespace vigie::intel
