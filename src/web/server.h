// `vigie serve`: the dashboard page, its assets and the JSON API over HTTP
// (cpp-httplib, Debian's libcpp-httplib-dev). Each request reads the store through
// its own read-only connection, so a `vigie run --db` appending meanwhile is seen
// and never blocked for long. SIGINT/SIGTERM stop it cleanly (exit 0).
#pragma once
#include <cstdio>
#include <string>

#include "web/listen_address.h"

namespace vigie::web {

struct ServeOptions {
    std::string db_path;
    ListenAddress listen;
    bool allow_remote = false;  // the caller checked the address; this also relaxes the Host check
};

// Blocks until a signal stops the server. Prints the URL on `out` once listening.
// Returns the exit code; errors as one line on stderr.
int serve(const ServeOptions& o, std::FILE* out);

// Whether a request's Host header names this machine's loopback (DNS-rebinding
// guard: a web page elsewhere must not read the dashboard through a name it controls).
bool is_loopback_host_header(const std::string& host_header);

}  // namespace vigie::web
