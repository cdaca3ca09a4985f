// An IP address as 16 bytes (IPv4 mapped into ::ffff:0:0/96), so the range tables,
// the special-range list and the assets share one comparison and one prefix test.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/ip_addr.h"

namespace vigie::intel {

struct IpAddress {
    std::array<uint8_t, 16> bytes{};
    bool v4 = false;

    // Big-endian 128-bit value: ranges compare as integers.
    unsigned __int128 value() const;
    uint32_t v4_value() const;  // valid when v4
    std::string to_string() const;
};

std::optional<IpAddress> parse_ip(std::string_view text);

// A decoded packet's address, without a round trip through text (enrichment of
// alerts while the capture runs). Unset (family 0): nullopt.
std::optional<IpAddress> from_ip_addr(const IpAddr& a);

// True when the first `prefix_len` bits of `a` equal those of `net`. For IPv4 the
// prefix counts from the IPv4 address (0..32), not from the mapped 128 bits.
bool in_prefix(const IpAddress& a, const IpAddress& net, unsigned prefix_len);

}  // namespace vigie::intel
