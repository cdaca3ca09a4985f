// IpAddr: an IPv4 or IPv6 address in one fixed-size, comparable, hashable value.
// IPv4 is stored in the first 4 bytes with the other 12 zero, so two keys of the
// same family compare bytewise without branching.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace vigie {

struct IpAddr {
    std::array<uint8_t, 16> bytes{};
    uint8_t family = 0;  // 4 or 6; 0 = unset

    static IpAddr v4(const uint8_t* p) {
        IpAddr a;
        std::memcpy(a.bytes.data(), p, 4);
        a.family = 4;
        return a;
    }
    static IpAddr v4(uint32_t host_order) {
        uint8_t b[4] = {uint8_t(host_order >> 24), uint8_t(host_order >> 16), uint8_t(host_order >> 8),
                        uint8_t(host_order)};
        return v4(b);
    }
    static IpAddr v6(const uint8_t* p) {
        IpAddr a;
        std::memcpy(a.bytes.data(), p, 16);
        a.family = 6;
        return a;
    }
    bool is_v4() const { return family == 4; }
    bool is_v6() const { return family == 6; }
    uint32_t v4_host_order() const {
        return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) | (uint32_t(bytes[2]) << 8) | bytes[3];
    }
    auto operator<=>(const IpAddr&) const = default;
    bool operator==(const IpAddr&) const = default;

    // Text forms as Suricata prints them (inet_ntop; IPv6 compressed).
    std::string to_string() const;
    // As EVE writes it (Suricata): IPv6 expanded ("2001:0db8:0000:...:0001"), IPv4 dotted.
    std::string to_eve_string() const;
    static std::optional<IpAddr> parse(std::string_view text);
};

}  // namespace vigie
