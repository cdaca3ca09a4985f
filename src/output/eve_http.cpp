#include "output/eve_http.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace vigie::output {

namespace {

// Suricata copies header names and values into fixed buffers of these sizes.
constexpr size_t kMaxName = 255;
constexpr size_t kMaxValue = 2047;

struct ContentRange {
    int64_t start = -1, end = -1, size = -1;
};

std::optional<int64_t> parse_num(std::string_view& s) {
    size_t i = 0;
    int64_t v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 18) v = v * 10 + (s[i++] - '0');
    if (i == 0) return std::nullopt;
    s.remove_prefix(i);
    return v;
}

// "bytes 0-99/1000", "bytes */1000", "bytes 0-99/*" (RFC 9110 14.4).
std::optional<ContentRange> parse_content_range(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (s.starts_with("bytes")) s.remove_prefix(5);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    ContentRange r;
    if (s.starts_with("*")) {
        s.remove_prefix(1);
    } else {
        auto a = parse_num(s);
        if (!a || !s.starts_with("-")) return std::nullopt;
        s.remove_prefix(1);
        auto b = parse_num(s);
        if (!b) return std::nullopt;
        r.start = *a;
        r.end = *b;
    }
    if (!s.starts_with("/")) return std::nullopt;
    s.remove_prefix(1);
    if (s.starts_with("*")) return r;
    auto n = parse_num(s);
    if (!n) return std::nullopt;
    r.size = *n;
    return r;
}

// [{"name":..,"value":..},...]: JsonLine has no object-in-array call, so each
// element is composed in a second JsonLine and the array is added pre-rendered.
void write_headers(JsonLine& j, std::string_view key, const std::vector<app::HttpHeader>& list) {
    if (list.empty()) return;
    std::string arr = "[";
    JsonLine e;
    for (const auto& h : list) {
        e.begin();
        e.str("name", std::string_view(h.name).substr(0, kMaxName));
        e.str("value", std::string_view(h.value).substr(0, kMaxValue));
        const std::string& text = e.end();
        if (arr.size() > 1) arr.push_back(',');
        arr.append(text, 0, text.size() - 1);  // without the record's '\n'
    }
    arr.push_back(']');
    j.raw(key, arr);
}

}  // namespace

void write_http_object(JsonLine& j, const app::HttpTransaction& tx, bool extended, bool dump_all_headers) {
    j.open_object("http");
    if (!tx.hostname.empty()) j.str("hostname", tx.hostname);
    if (tx.port >= 0) j.unum("http_port", uint64_t(tx.port));
    if (tx.request_line_done) j.str("url", tx.uri_raw);
    if (const auto* ua = tx.request_header("user-agent")) j.str("http_user_agent", ua->value);
    if (const auto* xff = tx.request_header("x-forwarded-for")) j.str("xff", xff->value);
    if (const auto* ct = tx.response_header("content-type")) {
        std::string_view v = ct->value;
        j.str("http_content_type", v.substr(0, v.find(';')));
    }
    if (const auto* cr = tx.response_header("content-range")) {
        j.open_object("content_range");
        j.str("raw", cr->value);
        if (auto r = parse_content_range(cr->value)) {
            if (r->start >= 0) j.unum("start", uint64_t(r->start));
            if (r->end >= 0) j.unum("end", uint64_t(r->end));
            if (r->size >= 0) j.unum("size", uint64_t(r->size));
        }
        j.close_object();
    }
    if (extended) {
        if (const auto* ref = tx.request_header("referer")) j.str("http_refer", ref->value);
        if (!tx.method.empty()) j.str("http_method", tx.method);
        if (!tx.protocol.empty()) j.str("protocol", tx.protocol);
        if (tx.status > 0) j.unum("status", uint64_t(tx.status));
        else if (!tx.status_text.empty()) j.str("status_string", tx.status_text);
        if (const auto* loc = tx.response_header("location")) j.str("redirect", loc->value);
        j.unum("length", tx.response_message_len);
    }
    if (dump_all_headers) {
        write_headers(j, "request_headers", tx.request_headers);
        write_headers(j, "response_headers", tx.response_headers);
    }
    j.close_object();
}

}  // namespace vigie::output
