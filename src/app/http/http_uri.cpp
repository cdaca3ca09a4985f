#include "app/http/http_uri.h"

#include <cctype>

namespace vigie::app::http {

namespace {

int hex_value(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool hex_at(std::string_view s, size_t i, size_t n, uint32_t& out) {
    if (i + n > s.size()) return false;
    out = 0;
    for (size_t k = 0; k < n; ++k) {
        int v = hex_value(uint8_t(s[i + k]));
        if (v < 0) return false;
        out = out * 16 + uint32_t(v);
    }
    return true;
}

// A code point folded to one byte the way libhtp's best-fit step does for the
// cases that matter to evasion: Latin-1 stays, full-width ASCII (U+FF01..U+FF5E)
// becomes ASCII, anything else becomes the replacement byte '?'.
uint8_t best_fit(uint32_t cp) {
    if (cp < 0x100) return uint8_t(cp);
    if (cp >= 0xFF01 && cp <= 0xFF5E) return uint8_t(cp - 0xFF00 + 0x20);
    return '?';
}

// Step 1: percent decoding with separator handling, in one pass as libhtp does.
std::string decode_path(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
        uint8_t c = uint8_t(in[i]);
        uint32_t v = 0;
        if (c == '%') {
            if (i + 1 < in.size() && (in[i + 1] == 'u' || in[i + 1] == 'U') && hex_at(in, i + 2, 4, v)) {
                // %uHHHH: high byte 0 is plain (overlong) ASCII; others fold.
                c = (v >> 8) == 0 ? uint8_t(v) : ((v >> 8) == 0xFF && (v & 0xFF) >= 0x01 && (v & 0xFF) <= 0x5E)
                                                     ? uint8_t((v & 0xFF) + 0x20)
                                                     : uint8_t('?');
                i += 6;
            } else if (hex_at(in, i + 1, 2, v)) {
                c = uint8_t(v);
                i += 3;
            } else {
                ++i;  // invalid encoding: the '%' is kept as is (preserve_percent)
            }
        } else {
            ++i;
        }
        if (c == '\\') c = '/';
        if (c == '/' && !out.empty() && out.back() == '/') continue;  // compress separators
        out.push_back(char(c));
    }
    return out;
}

// Step 2: valid UTF-8 sequences (overlong ones included, an evasion trick) folded
// to one byte; invalid bytes are left alone.
std::string fold_utf8(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (size_t i = 0; i < in.size();) {
        const uint8_t c = uint8_t(in[i]);
        size_t n = c >= 0xF0 && c <= 0xF7 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC0 && c <= 0xDF ? 2 : 0;
        uint32_t cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : c & 0x1F;
        bool ok = n != 0 && i + n <= in.size();
        for (size_t k = 1; ok && k < n; ++k) {
            const uint8_t cc = uint8_t(in[i + k]);
            ok = (cc & 0xC0) == 0x80;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (!ok) {
            out.push_back(char(c));
            ++i;
            continue;
        }
        out.push_back(char(best_fit(cp)));
        i += n;
    }
    return out;
}

}  // namespace

UriParts split_uri(std::string_view raw) {
    UriParts p;
    std::string_view rest = raw;
    if (!raw.empty() && raw[0] != '/') {
        const size_t sep = raw.find("://");
        bool scheme_ok = sep != std::string_view::npos && sep > 0;
        for (size_t i = 0; scheme_ok && i < sep; ++i) {
            const char c = raw[i];
            scheme_ok = std::isalnum(uint8_t(c)) || c == '+' || c == '-' || c == '.';
        }
        if (scheme_ok) {
            p.scheme = raw.substr(0, sep);
            rest = raw.substr(sep + 3);
            const size_t end = rest.find_first_of("/?#");
            p.authority = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
        }
    }
    const size_t hash = rest.find('#');
    if (hash != std::string_view::npos) {
        p.fragment = rest.substr(hash + 1);
        p.has_fragment = true;
        rest = rest.substr(0, hash);
    }
    const size_t q = rest.find('?');
    if (q != std::string_view::npos) {
        p.query = rest.substr(q + 1);
        p.has_query = true;
        rest = rest.substr(0, q);
    }
    p.path = rest;
    return p;
}

std::string remove_dot_segments(std::string_view in) {
    // RFC 3986 5.2.4, with the output as a string whose last segment is popped on "..".
    std::string out;
    out.reserve(in.size());
    auto pop_segment = [&out] {
        const size_t slash = out.rfind('/');
        out.resize(slash == std::string::npos ? 0 : slash);
    };
    while (!in.empty()) {
        if (in.starts_with("../")) in.remove_prefix(3);
        else if (in.starts_with("./")) in.remove_prefix(2);
        else if (in.starts_with("/./")) in.remove_prefix(2);
        else if (in == "/.") in = "/";
        else if (in.starts_with("/../")) {
            in.remove_prefix(3);
            pop_segment();
        } else if (in == "/..") {
            in = "/";
            pop_segment();
        } else if (in == "." || in == "..") {
            in = {};
        } else {
            // Move the first segment (with its leading '/') to the output.
            const size_t next = in.find('/', in[0] == '/' ? 1 : 0);
            const std::string_view seg = in.substr(0, next);
            out.append(seg);
            in.remove_prefix(seg.size());
        }
    }
    return out;
}

std::string normalize_path(std::string_view path) { return remove_dot_segments(fold_utf8(decode_path(path))); }

std::string normalize_uri(std::string_view raw) {
    const UriParts p = split_uri(raw);
    std::string out = normalize_path(p.path);
    if (out.empty() && !p.scheme.empty()) out = "/";  // "http://host" asks for the root
    if (p.has_query) {
        out.push_back('?');
        out.append(p.query);  // libhtp leaves the query as sent
    }
    if (p.has_fragment) {
        out.push_back('#');
        out.append(decode_path(p.fragment));
    }
    return out;
}

HostPort parse_host_port(std::string_view a) {
    HostPort r;
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    a = trim(a);
    if (const size_t at = a.rfind('@'); at != std::string_view::npos) a = a.substr(at + 1);
    std::string_view host = a, port;
    bool has_port = false;
    if (!a.empty() && a[0] == '[') {
        const size_t close = a.find(']');
        if (close == std::string_view::npos) {
            r.valid = false;
        } else {
            host = a.substr(0, close + 1);
            std::string_view rest = a.substr(close + 1);
            if (!rest.empty()) {
                if (rest[0] == ':') {
                    has_port = true;
                    port = rest.substr(1);
                } else {
                    r.valid = false;
                }
            }
        }
    } else if (const size_t colon = a.find(':'); colon != std::string_view::npos) {
        host = a.substr(0, colon);
        port = a.substr(colon + 1);
        has_port = true;
    }
    host = trim(host);
    r.host.assign(host);
    for (auto& c : r.host) c = char(std::tolower(uint8_t(c)));
    while (!r.host.empty() && r.host.back() == '.') r.host.pop_back();
    if (r.host.empty()) r.valid = false;
    for (char c : r.host) {
        // Hostname characters libhtp accepts; duplicated Host headers joined by ", "
        // are kept (Suricata documents that) but are not a valid name.
        if (!(std::isalnum(uint8_t(c)) || c == '-' || c == '.' || c == '_' || c == '[' || c == ']' || c == ':'))
            r.valid = false;
    }
    if (has_port) {
        port = trim(port);
        uint32_t v = 0;
        bool ok = !port.empty() && port.size() <= 5;
        for (char c : port) {
            ok = ok && c >= '0' && c <= '9';
            if (ok) v = v * 10 + uint32_t(c - '0');
        }
        if (ok && v >= 1 && v <= 65535) r.port = int32_t(v);
        else r.valid = false;
    }
    return r;
}

}  // namespace vigie::app::http
