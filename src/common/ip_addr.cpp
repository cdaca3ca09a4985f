#include "common/ip_addr.h"

#include <arpa/inet.h>

namespace vigie {

std::string IpAddr::to_string() const {
    char buf[INET6_ADDRSTRLEN] = {};
    if (family == 4) {
        inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
    } else if (family == 6) {
        inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
    }
    return buf;
}

std::string IpAddr::to_eve_string() const {
    if (family != 6) return to_string();
    // Suricata writes IPv6 in full, eight groups of four hex digits, so the same
    // address is always the same string (tools join EVE records on it).
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s;
    s.reserve(39);
    for (int i = 0; i < 16; ++i) {
        if (i && i % 2 == 0) s.push_back(':');
        s.push_back(kHex[bytes[size_t(i)] >> 4]);
        s.push_back(kHex[bytes[size_t(i)] & 15]);
    }
    return s;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    std::string s(text);
    uint8_t buf[16] = {};
    if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4(buf);
    if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6(buf);
    return std::nullopt;
}

}  // namespace vigie
