// HttpParser: HTTP/1.0 and 1.1 over a reassembled TCP stream, both directions,
// fed in pieces of any size. Requests open transactions in order; responses are
// matched to them in the same order (pipelining). Bodies: Content-Length, chunked,
// until close; gzip/deflate undone for responses. Lenient like libhtp: malformed
// input is parsed as well as possible and flagged with Suricata's event names.
// Memory per flow is bounded by the configured header and body limits and
// max_tx_per_flow. See app/http/NOTES.md.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/app_config.h"
#include "app/app_parser.h"
#include "app/http/http_decompress.h"
#include "app/http/http_transaction.h"

namespace vigie::app::http {

class HttpParser final : public AppParser {
public:
    explicit HttpParser(const AppConfig& cfg);
    ~HttpParser() override;

    AppProto proto() const override { return AppProto::Http; }
    void feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) override;
    void on_gap(bool to_server, uint64_t len) override;
    void on_flow_end() override;
    size_t tx_count() const override { return txs_.size(); }
    Transaction* tx_at(size_t i) override { return txs_[i].get(); }
    HttpTransaction* http_tx_at(size_t i) { return txs_[i].get(); }
    void take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) override;

    // Requests parsed but not kept because max_tx_per_flow transactions were held.
    uint64_t dropped_transactions() const { return dropped_; }

private:
    enum class State : uint8_t {
        Line,          // waiting for a request line / status line
        Headers,
        Body,          // `remaining` bytes of Content-Length body
        ChunkSize,
        ChunkData,
        ChunkDataEnd,  // the line ending a chunk's data
        ChunkTrailer,
        BodyUntilClose,
        ConnectWait,   // request side after CONNECT: held until the response says tunnel or not
        Tunnel,        // not HTTP any more (CONNECT 2xx, 101 Switching Protocols)
        Resync,        // after a gap: skip lines until one starts a message
    };
    struct Side {
        State state = State::Line;
        std::string line;           // partial line, at most max_header_bytes
        bool line_overflow = false;
        Timestamp line_ts;          // time of the line's first byte
        std::string pending;        // last header line, until we know it is not folded
        bool pending_set = false;
        uint64_t header_bytes = 0;
        bool headers_overflow = false;
        uint64_t remaining = 0;
        std::unique_ptr<BodyDecoder> decoder;
        std::string decoded;        // one call's decompressed bytes, reused
        HttpTransaction* tx = nullptr;
        bool seen_100 = false;
        bool skip_lf = false;       // a status line ended on CR at the end of the data: a LF next belongs to it
    };

    void on_line(Side& s, bool to_server, std::string_view line, std::string_view rest = {});
    void request_line(Side& s, std::string_view line);
    void response_line(Side& s, std::string_view line, std::string_view rest = {});
    void header_line(Side& s, bool to_server, std::string_view line);
    void flush_pending(Side& s, bool to_server);
    void request_headers_done(Side& s);
    void response_headers_done(Side& s);
    void chunk_size_line(Side& s, bool to_server, std::string_view line);
    void body_bytes(Side& s, bool to_server, const uint8_t* data, size_t len);
    void end_request(Side& s);
    void end_response(Side& s);
    void end_body(Side& s, bool to_server) { to_server ? end_request(s) : end_response(s); }
    // A hole of `len` bytes inside a body whose end is known (or runs to the close):
    // accounted for, parsing resumes after it. False when the message cannot be resumed.
    bool step_over_gap(Side& s, bool to_server, uint64_t len);
    void set_tunnel();
    bool answers_http09() const;  // the next response to come answers an HTTP/0.9 request
    void release_connect();

    HttpTransaction* new_tx(const Timestamp& ts, bool for_response);
    HttpTransaction* match_response(const Timestamp& ts);
    void raise(HttpTransaction* tx, HttpEvent e);
    void raise_all(HttpTransaction* tx, std::vector<HttpEvent>& ev);

    AppConfig cfg_;
    Side sides_[2];  // [0] to_server, [1] to_client
    std::vector<std::unique_ptr<HttpTransaction>> txs_;
    std::unique_ptr<HttpTransaction> scratch_[2];  // messages over max_tx_per_flow, parsed then dropped
    uint32_t dropped_pending_responses_ = 0;
    uint64_t dropped_ = 0;
    uint64_t next_tx_id_ = 0;
    bool too_many_flagged_ = false;
    std::string held_;  // request bytes after CONNECT, until its response decides
    std::vector<HttpEvent> ev_;  // scratch for the message parsers
};

}  // namespace vigie::app::http
