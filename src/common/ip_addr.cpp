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

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
    std::string s(text);
    uint8_t buf[16] = {};
    if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4(buf);
    if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6(buf);
    return std::nullopt;
}

}  // namespace vigie
