// Helpers for the HTTP parser tests: feed a request stream and a response stream
// in pieces, collect transactions and events, and summarise a transaction as text
// so that runs with different splits can be compared.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_config.h"
#include "app/http/http_parser.h"
#include "app/http/http_transaction.h"
#include "app/parsers.h"

namespace vigie::app::http::test {

struct HttpRun {
    std::vector<std::unique_ptr<Transaction>> txs;
    std::vector<std::string> events;  // "name@tx_id"
    const HttpTransaction& tx(size_t i) const { return static_cast<const HttpTransaction&>(*txs.at(i)); }
};

inline void feed_split(HttpParser& p, bool to_server, std::string_view s, size_t piece) {
    if (piece == 0) piece = s.size() ? s.size() : 1;
    for (size_t i = 0; i < s.size(); i += piece) {
        const size_t n = std::min(piece, s.size() - i);
        p.feed(to_server, reinterpret_cast<const uint8_t*>(s.data() + i), uint32_t(n), Timestamp{1000 + int64_t(i), 0});
    }
}

// The whole request side, then the whole response side (pipelined), then flow end.
inline HttpRun run(std::string_view req, std::string_view resp, const AppConfig& cfg = {}, size_t piece = 0,
               bool end_flow = true) {
    HttpParser p(cfg);
    HttpRun r;
    feed_split(p, true, req, piece);
    feed_split(p, false, resp, piece);
    p.take_finished(r.txs, false);
    if (end_flow) {
        p.on_flow_end();
        p.take_finished(r.txs, true);
    }
    for (const auto& e : p.events()) r.events.push_back(e.name + "@" + std::to_string(e.tx_id));
    return r;
}

inline bool has_event(const HttpRun& r, std::string_view name) {
    for (const auto& e : r.events)
        if (e.compare(0, name.size(), name) == 0 && e.size() > name.size() && e[name.size()] == '@') return true;
    return false;
}

inline std::string summary(const HttpTransaction& t) {
    std::string s;
    s += "id=" + std::to_string(t.tx_id) + " m=" + t.method + " u=" + t.uri_raw + " n=" + t.uri_normalized +
         " p=" + t.protocol + " h=" + t.hostname + " st=" + std::to_string(t.status) + " rp=" + t.response_protocol +
         " msg=" + t.status_msg + "\n";
    for (const auto& h : t.request_headers) s += "  > " + h.name + ": " + h.value + "\n";
    for (const auto& h : t.response_headers) s += "  < " + h.name + ": " + h.value + "\n";
    s += " reqbody=" + t.request_body + " (" + std::to_string(t.request_body_len) + ")\n";
    s += " respbody=" + t.response_body + " (" + std::to_string(t.response_message_len) + ")\n";
    s += " raw=" + t.request_headers_raw + "|" + t.response_headers_raw + "\n";
    s += std::string(" done=") + (t.request_done ? "1" : "0") + (t.response_done ? "1" : "0");
    return s;
}

inline std::string summary(const HttpRun& r) {
    std::string s;
    for (size_t i = 0; i < r.txs.size(); ++i) s += summary(r.tx(i)) + "\n";
    for (const auto& e : r.events) s += e + "\n";
    return s;
}

inline std::string buf(const Transaction& t, BufferId id, bool to_server, uint32_t index = 0) {
    BufferView v;
    if (!t.buffer_dir(id, to_server, index, v)) return "<none>";
    return std::string(reinterpret_cast<const char*>(v.data), v.len);
}

}  // namespace vigie::app::http::test
