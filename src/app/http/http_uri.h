// URI and host normalisation as Suricata's default libhtp configuration (IDS
// personality, path lower-casing turned off by Suricata) does it for http.uri and
// http.host. Pure functions on strings: no parser state. See app/http/NOTES.md.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::app::http {

// The parts of a request-target, views into the raw URI.
struct UriParts {
    std::string_view scheme, authority, path, query, fragment;
    bool has_query = false, has_fragment = false;
};
UriParts split_uri(std::string_view raw);

// http.uri: the path percent-decoded (%XX and %uXXXX), '\' turned into '/', runs
// of '/' compressed, UTF-8 folded to single bytes (best fit), dot segments removed
// (RFC 3986 5.2.4); then '?' and the query as sent, '#' and the decoded fragment.
// Scheme and authority of an absolute URI are not included (uri-include-all: no).
std::string normalize_uri(std::string_view raw);

// Only the path steps (decoding, separators, UTF-8, dot segments).
std::string normalize_path(std::string_view path);
// RFC 3986 remove_dot_segments, on an already decoded path.
std::string remove_dot_segments(std::string_view path);

// host[:port] from a Host header value or a URI authority (userinfo removed).
struct HostPort {
    std::string host;        // lower-cased, trailing dots removed, brackets kept for IPv6
    int32_t port = -1;       // -1: none written
    bool valid = true;       // false: bad characters, empty host or bad port
};
HostPort parse_host_port(std::string_view authority);

}  // namespace vigie::app::http
