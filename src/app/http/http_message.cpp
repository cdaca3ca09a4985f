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
    // libhtp skips leading whitespace and NULs, and takes any line starting "http"
    // (any case) as a status line; browsers do the same.
    while (!s.empty() && (is_lws(s.front()) || s.front() == '\0' || s.front() == '\v' || s.front() == '\f'))
        s.remove_prefix(1);
    if (s.size() < 4 || !iequals(s.substr(0, 4), "http")) {
        ev.push_back(HttpEvent::ResponseInvalidProtocol);
        return false;
    }
    if (s.size() < 5 || !iequals(s.substr(0, 5), "HTTP/")) ev.push_back(HttpEvent::ResponseInvalidProtocol);
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
    size_t i = 0;
    while (i < v.size() && (v[i] < '0' || v[i] > '9')) ++i;
    if (i == v.size()) return std::nullopt;
    uint64_t n = 0;
    size_t digits = 0;
    for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i, ++digits) {
        if (digits >= 19) return std::nullopt;  // does not fit: libhtp's parse fails too
        n = n * 10 + uint64_t(v[i] - '0');
    }
    return n;
}

namespace {
bool is_chunk_ctl(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool is_chunk_ctl_line(std::string_view line) {
    for (char c : line)
        if (!is_chunk_ctl(c)) return false;
    return true;
}

bool chunk_size_prefix_invalid(std::string_view partial) {
    size_t i = 0;
    while (i < partial.size() && is_chunk_ctl(partial[i])) ++i;
    return i < partial.size() && hex_value(partial[i]) < 0;
}

ChunkSize parse_chunk_size(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && is_chunk_ctl(line[i])) ++i;
    while (i < line.size() && is_lws(line[i])) ++i;
    const size_t start = i;
    uint64_t n = 0;
    bool overflow = false;
    for (; i < line.size() && hex_value(line[i]) >= 0; ++i) {
        if (n > (UINT64_MAX >> 4)) overflow = true;
        n = (n << 4) | uint64_t(hex_value(line[i]));
    }
    if (i == start) return {i == line.size() ? ChunkSize::Empty : ChunkSize::Invalid, 0};
    if (overflow) return {ChunkSize::Invalid, 0};
    // libhtp treats a length above INT32_MAX like an empty line: the next line is read as a length.
    if (n > 0x7fffffffu) return {ChunkSize::Empty, 0};
    return {ChunkSize::Value, n};
}

std::string strip_nul(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v)
        if (c != '\0') out.push_back(c);
    return out;
}

std::vector<Coding> parse_content_encoding(std::string_view raw, uint32_t max_layers, EventSink& ev) {
    std::vector<Coding> layers;
    const std::string v = strip_nul(raw);
    if (iequals(v, "gzip") || iequals(v, "x-gzip")) return {Coding::Gzip};
    if (iequals(v, "deflate") || iequals(v, "x-deflate")) return {Coding::Deflate};
    if (iequals(v, "inflate") || iequals(v, "none") || iequals(v, "identity")) return layers;
    bool abnormal = false;
    uint32_t tokens = 0;
    size_t i = 0;
    while (i <= v.size()) {
        size_t j = v.find_first_of(", ", i);
        if (j == std::string::npos) j = v.size();
        const std::string_view tok = std::string_view(v).substr(i, j - i);
        i = j + 1;
        if (tok.empty()) continue;
        if (++tokens > max_layers) {
            ev.push_back(HttpEvent::TooManyEncodingLayers);
            break;
        }
        if (icontains(tok, "gzip")) {
            layers.push_back(Coding::Gzip);
            abnormal = abnormal || !(tok == "gzip" || tok == "x-gzip");
        } else if (icontains(tok, "deflate")) {
            layers.push_back(Coding::Deflate);
            abnormal = abnormal || !(tok == "deflate" || tok == "x-deflate");
        } else if (!iequals(tok, "identity") && !iequals(tok, "none") && !iequals(tok, "inflate")) {
            abnormal = true;
        }
    }
    if (abnormal) ev.push_back(HttpEvent::AbnormalCeHeader);
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
