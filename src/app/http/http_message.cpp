#include "app/http/http_message.h"

#include <cctype>
#include <cstring>

namespace vigie::app::http {

namespace {

bool is_lws(char c) { return c == ' ' || c == '\t'; }
// Whitespace libhtp accepts between request-line parts (SP is the compliant one).
bool is_rl_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

bool is_token_char(uint8_t c) {
    if (c <= 32 || c >= 127) return false;
    return !std::strchr("()<>@,;:\\\"/[]?={}", c);
}

char lower(char c) { return char(std::tolower(uint8_t(c))); }

// Repetitions of one name beyond this are flagged (libhtp's limit).
constexpr uint32_t kMaxRepetitions = 64;

}  // namespace

std::string_view trim_lws(std::string_view s) {
    while (!s.empty() && is_lws(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_lws(s.back())) s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.size() > hay.size()) return false;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (iequals(hay.substr(i, needle.size()), needle)) return true;
    return false;
}

std::string_view chomp(std::string_view line) {
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

bool parse_request_line(std::string_view line, HttpTransaction& tx, EventSink& ev) {
    tx.request_line.assign(line);
    std::string_view s = line;
    if (!s.empty() && is_rl_space(s.front())) {
        ev.push_back(HttpEvent::RequestLineLeadingWhitespace);
        while (!s.empty() && is_rl_space(s.front())) s.remove_prefix(1);
    }
    size_t m = 0;
    while (m < s.size() && !is_rl_space(s[m])) ++m;
    if (m == 0) return false;
    tx.method.assign(s.substr(0, m));
    if (m < s.size() && s[m] != ' ') ev.push_back(HttpEvent::MethodDelimNonCompliant);
    s.remove_prefix(m);
    while (!s.empty() && is_rl_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_rl_space(s.back())) s.remove_suffix(1);
    if (s.empty()) {
        ev.push_back(HttpEvent::RequestLineIncomplete);
        return true;
    }
    // The protocol is the last word when it looks like one, so a URI with spaces
    // stays whole; otherwise the URI ends at the first space (libhtp).
    size_t last = s.size();
    while (last > 0 && !is_rl_space(s[last - 1])) --last;
    size_t uri_end = std::string_view::npos;
    if (last > 0 && s.size() - last >= 5 && iequals(s.substr(last, 5), "HTTP/")) {
        uri_end = last;
    } else {
        size_t first = 0;
        while (first < s.size() && !is_rl_space(s[first])) ++first;
        if (first < s.size()) uri_end = first;
    }
    if (uri_end == std::string_view::npos) {
        tx.uri_raw.assign(s);  // HTTP/0.9: no protocol
        ev.push_back(HttpEvent::RequestLineMissingProtocol);
        return true;
    }
    size_t u = uri_end;
    while (u > 0 && is_rl_space(s[u - 1])) --u;
    for (size_t k = u; k < uri_end; ++k)
        if (s[k] != ' ') ev.push_back(HttpEvent::UriDelimNonCompliant);
    tx.uri_raw.assign(s.substr(0, u));
    size_t p = uri_end;
    while (p < s.size() && is_rl_space(s[p])) ++p;
    tx.protocol.assign(s.substr(p));
    return true;
}

bool parse_status_line(std::string_view line, HttpTransaction& tx, EventSink& ev) {
    tx.response_line.assign(line);
    std::string_view s = line;
    while (!s.empty() && is_lws(s.front())) s.remove_prefix(1);
    if (s.size() < 5 || !iequals(s.substr(0, 5), "HTTP/")) {
        ev.push_back(HttpEvent::ResponseInvalidProtocol);
        return false;
    }
    size_t p = 0;
    while (p < s.size() && !is_lws(s[p])) ++p;
    tx.response_protocol.assign(s.substr(0, p));
    while (p < s.size() && is_lws(s[p])) ++p;
    size_t c = p;
    while (c < s.size() && !is_lws(s[c])) ++c;
    tx.status_text.assign(s.substr(p, c - p));
    while (c < s.size() && is_lws(s[c])) ++c;
    tx.status_msg.assign(s.substr(c));
    bool ok = tx.status_text.size() == 3;
    for (char d : tx.status_text) ok = ok && d >= '0' && d <= '9';
    if (ok) {
        tx.status = std::stoi(tx.status_text);
        if (tx.status < 100) ok = false;
    }
    if (!ok) {
        tx.status = -1;
        ev.push_back(HttpEvent::ResponseInvalidStatus);
    }
    return true;
}

bool parse_header_field(std::string_view line, bool request, HttpHeader& out, EventSink& ev) {
    if (line.empty()) return false;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        ev.push_back(request ? HttpEvent::RequestFieldMissingColon : HttpEvent::ResponseFieldMissingColon);
        out.name.clear();
        out.value.assign(trim_lws(line));
        return true;
    }
    std::string_view name = line.substr(0, colon);
    bool invalid = false;
    if (!name.empty() && is_lws(name.back())) invalid = true;  // "Name : value" (LWS after name)
    name = trim_lws(name);
    if (name.empty()) invalid = true;
    for (char c : name) invalid = invalid || !is_token_char(uint8_t(c));
    if (invalid) ev.push_back(request ? HttpEvent::RequestHeaderInvalid : HttpEvent::ResponseHeaderInvalid);
    out.name.assign(name);
    out.value.assign(trim_lws(line.substr(colon + 1)));
    return true;
}

void add_header(std::vector<HttpHeader>& list, HttpHeader h, bool request, size_t max_headers, EventSink& ev) {
    uint32_t same = 0;
    for (auto& e : list) {
        if (!iequals(e.name, h.name)) continue;
        if (iequals(h.name, "content-length")) {
            ev.push_back(request ? HttpEvent::DuplicateContentLengthFieldInRequest
                                 : HttpEvent::DuplicateContentLengthFieldInResponse);
            return;
        }
        // Count the repetitions already merged, by the separators added so far.
        for (size_t i = 0; i + 1 < e.value.size(); ++i) same += e.value[i] == ',' && e.value[i + 1] == ' ';
        if (same + 1 >= kMaxRepetitions)
            ev.push_back(request ? HttpEvent::RequestHeaderRepetition : HttpEvent::ResponseHeaderRepetition);
        e.value.append(", ");
        e.value.append(h.value);
        return;
    }
    if (list.size() >= max_headers) {
        ev.push_back(request ? HttpEvent::RequestTooManyHeaders : HttpEvent::ResponseTooManyHeaders);
        return;
    }
    list.push_back(std::move(h));
}

std::optional<uint64_t> parse_content_length(std::string_view v) {
    v = trim_lws(v);
    if (v.empty() || v.size() > 18) return std::nullopt;
    uint64_t n = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + uint64_t(c - '0');
    }
    return n;
}

std::optional<uint64_t> parse_chunk_size(std::string_view line) {
    line = chomp(line);
    if (const size_t semi = line.find(';'); semi != std::string_view::npos) line = line.substr(0, semi);
    line = trim_lws(line);
    if (line.empty() || line.size() > 15) return std::nullopt;
    uint64_t n = 0;
    for (char c : line) {
        int d = std::isxdigit(uint8_t(c)) ? (c <= '9' ? c - '0' : lower(c) - 'a' + 10) : -1;
        if (d < 0) return std::nullopt;
        n = n * 16 + uint64_t(d);
    }
    return n;
}

std::vector<Coding> parse_content_encoding(std::string_view v, uint32_t max_layers, EventSink& ev) {
    std::vector<Coding> layers;
    const bool list = trim_lws(v).find_first_of(", \t") != std::string_view::npos;
    bool abnormal = false;
    size_t i = 0;
    while (i <= v.size()) {
        size_t j = v.find_first_of(", \t", i);
        if (j == std::string_view::npos) j = v.size();
        const std::string_view tok = v.substr(i, j - i);
        i = j + 1;
        if (tok.empty()) continue;
        if (iequals(tok, "gzip") || iequals(tok, "x-gzip")) layers.push_back(Coding::Gzip);
        else if (iequals(tok, "deflate") || iequals(tok, "x-deflate")) layers.push_back(Coding::Deflate);
        else if (!iequals(tok, "identity") && !iequals(tok, "none")) abnormal = list;
    }
    if (abnormal) ev.push_back(HttpEvent::AbnormalCeHeader);
    if (layers.size() > max_layers) {
        ev.push_back(HttpEvent::TooManyEncodingLayers);
        // Keep the innermost ones: decoding stops after max_layers steps from the outside.
        layers.erase(layers.begin(), layers.end() - max_layers);
    }
    return layers;
}

int looks_like_request(const uint8_t* data, uint32_t len) {
    static constexpr std::string_view kMethods[] = {
        "GET",        "POST",     "HEAD",      "PUT",         "DELETE",      "OPTIONS",    "CONNECT",
        "TRACE",      "PATCH",    "PROPFIND",  "PROPPATCH",   "MKCOL",       "COPY",       "MOVE",
        "LOCK",       "UNLOCK",   "SEARCH",    "REPORT",      "CHECKOUT",    "CHECKIN",    "MERGE",
        "MKACTIVITY", "MKCALENDAR", "SUBSCRIBE", "UNSUBSCRIBE", "NOTIFY",    "POLL",       "BMOVE",
        "BCOPY",      "BDELETE",  "BPROPFIND", "BPROPPATCH",  "ACL",         "BIND",       "UNBIND",
        "REBIND",     "LINK",     "UNLINK",    "UPDATE",      "LABEL",       "VERSION-CONTROL", "UNCHECKOUT",
        "MKWORKSPACE", "BASELINE-CONTROL", "ORDERPATCH"};
    const std::string_view in(reinterpret_cast<const char*>(data), len);
    bool need_more = false;
    for (auto m : kMethods) {
        if (in.size() > m.size()) {
            if (in.starts_with(m) && (in[m.size()] == ' ' || in[m.size()] == '\t')) return 1;
        } else if (m.starts_with(in)) {
            need_more = true;
        }
    }
    return need_more ? 2 : 0;
}

}  // namespace vigie::app::http
