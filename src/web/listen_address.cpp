#include "web/listen_address.h"

#include <algorithm>
#include <charconv>

#include "common/ip_addr.h"

namespace vigie::web {

Result<ListenAddress> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return make_error("--listen expects HOST:PORT (e.g. 127.0.0.1:8080), got '" + text + "'");
    ListenAddress a;
    a.host = text.substr(0, colon);
    if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
    else if (a.host.find(':') != std::string::npos)
        return make_error("--listen: write an IPv6 address in brackets, e.g. [::1]:8080, got '" + text + "'");
    const std::string port = text.substr(colon + 1);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (port.empty() || ec != std::errc() || p != port.data() + port.size() || a.port < 0 || a.port > 65535)
        return make_error("--listen: port must be 0-65535, got '" + port + "'");
    if (a.host != "localhost" && !IpAddr::parse(a.host))
        return make_error("--listen: '" + a.host + "' is not an IP address (or localhost)");
    return a;
}

bool is_loopback_host(const std::string& host) {
    if (host == "localhost") return true;
    auto ip = IpAddr::parse(host);
    if (!ip) return false;
    if (ip->is_v4()) return ip->bytes[0] == 127;
    static const uint8_t loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(loop6, loop6 + 16, ip->bytes.begin())) return true;
    return std::equal(mapped, mapped + 12, ip->bytes.begin()) && ip->bytes[12] == 127;
}

}  // namespace vigie::web
