// `vigie serve --listen HOST:PORT`: parsing, and the loopback rule. The dashboard
// shows who attacks whom; it listens on loopback unless the user says otherwise.
#pragma once
#include <string>

#include "common/result.h"

namespace vigie::web {

struct ListenAddress {
    std::string host;  // as given, without IPv6 brackets
    int port = 0;      // 0: any free port (the server prints the one it got)
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080".
Result<ListenAddress> parse_listen(const std::string& text);

// 127.0.0.0/8, ::1, ::ffff:127.x.y.z, "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace vigie::web
