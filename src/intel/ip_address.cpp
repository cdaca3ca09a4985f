#include "intel/ip_address.h"

#include <arpa/inet.h>

#include <algorithm>

namespace vigie::intel {

unsigned __int128 IpAddress::value() const {
    unsigned __int128 v = 0;
    for (uint8_t b : bytes) v = (v << 8) | b;
    return v;
}

uint32_t IpAddress::v4_value() const {
    return (uint32_t{bytes[12]} << 24) | (uint32_t{bytes[13]} << 16) | (uint32_t{bytes[14]} << 8) | bytes[15];
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (v4) inet_ntop(AF_INET, bytes.data() + 12, buf, sizeof buf);
    else inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buf[INET6_ADDRSTRLEN];
    text.copy(buf, text.size());
    buf[text.size()] = 0;
    IpAddress a;
    if (inet_pton(AF_INET, buf, a.bytes.data() + 12) == 1) {
        a.bytes[10] = a.bytes[11] = 0xff;
        a.v4 = true;
        return a;
    }
    if (inet_pton(AF_INET6, buf, a.bytes.data()) == 1) {
        // ::ffff:a.b.c.d is an IPv4 host seen through an IPv6 socket: treat as IPv4.
        static constexpr uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        a.v4 = std::equal(mapped, mapped + 12, a.bytes.begin());
        return a;
    }
    return std::nullopt;
}

std::optional<IpAddress> from_ip_addr(const IpAddr& a) {
    IpAddress out;
    if (a.is_v4()) {
        std::copy(a.bytes.begin(), a.bytes.begin() + 4, out.bytes.begin() + 12);
        out.bytes[10] = out.bytes[11] = 0xff;
        out.v4 = true;
        return out;
    }
    if (!a.is_v6()) return std::nullopt;
    out.bytes = a.bytes;
    static constexpr uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    out.v4 = std::equal(mapped, mapped + 12, out.bytes.begin());
    return out;
}

bool in_prefix(const IpAddress& a, const IpAddress& net, unsigned prefix_len) {
    if (a.v4 != net.v4) return false;
    unsigned bits = net.v4 ? 96 + prefix_len : prefix_len;
    if (bits > 128) return false;
    unsigned full = bits / 8, rest = bits % 8;
    for (unsigned i = 0; i < full; ++i)
        if (a.bytes[i] != net.bytes[i]) return false;
    if (rest == 0) return true;
    const uint8_t mask = static_cast<uint8_t>(0xff00 >> rest);
    return (a.bytes[full] & mask) == (net.bytes[full] & mask);
}

}  // namespace vigie::intel
