// HttpTransaction: one HTTP/1.x request and its response, as the parser builds
// them (app/http/http_parser.*). Public so output can log it (output/eve_http.*);
// detection reads it only through Transaction::buffer / buffer_dir / number.
// Buffer semantics follow Suricata (see app/http/NOTES.md and http_buffers.cpp).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/http/http_file.h"
#include "app/transaction.h"

namespace vigie::app {

// One header field as libhtp keeps it: name as sent, value trimmed of surrounding
// whitespace, folded lines appended, repeated names merged into the first with ", ".
struct HttpHeader {
    std::string name;
    std::string value;
};

// Anomalies, by Suricata's app-layer-event names (rules/http-events.rules). Raised at
// most once per transaction, like libhtp's per-transaction flags.
enum class HttpEvent : uint8_t {
    RequestFieldMissingColon,
    ResponseFieldMissingColon,
    InvalidRequestChunkLen,
    InvalidResponseChunkLen,
    InvalidTransferEncodingValueInRequest,
    InvalidTransferEncodingValueInResponse,
    InvalidContentLengthFieldInRequest,
    InvalidContentLengthFieldInResponse,
    DuplicateContentLengthFieldInRequest,
    DuplicateContentLengthFieldInResponse,
    ContinueAlreadySeen,
    UnableToMatchResponseToRequest,
    RequestHeaderInvalid,
    ResponseHeaderInvalid,
    MissingHostHeader,
    HostHeaderAmbiguous,
    InvalidRequestFieldFolding,
    InvalidResponseFieldFolding,
    RequestFieldTooLong,
    ResponseFieldTooLong,
    RequestUriHostInvalid,
    RequestHeaderHostInvalid,
    UriDelimNonCompliant,
    MethodDelimNonCompliant,
    RequestLineLeadingWhitespace,
    TooManyEncodingLayers,
    AbnormalCeHeader,
    RequestHeaderRepetition,
    ResponseHeaderRepetition,
    ResponseChunkedOldProto,
    ResponseInvalidProtocol,
    ResponseInvalidStatus,
    RequestLineIncomplete,
    RequestLineMissingProtocol,
    RequestTooManyHeaders,
    ResponseTooManyHeaders,
    GzipDecompressionFailed,
    CompressionBomb,
    TooManyTransactions,  // Vigie's own: max_tx_per_flow reached, request not kept
    Count
};
std::string_view http_event_name(HttpEvent e);

class HttpTransaction final : public Transaction {
public:
    AppProto proto() const override { return AppProto::Http; }
    // Direction-less form: buffers defined on both sides answer with the request's.
    bool buffer(BufferId id, uint32_t index, BufferView& out) const override;
    bool buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const override;
    bool number(NumberId id, uint64_t& out) const override;

    // Case-insensitive lookup in the merged header lists (null when absent).
    const HttpHeader* request_header(std::string_view name) const;
    const HttpHeader* response_header(std::string_view name) const;

    // --- request (to_server) ---
    std::string request_line;      // as sent, without the line terminator
    std::string method;
    std::string uri_raw;           // as sent (EVE `url`, http.uri.raw)
    std::string uri_normalized;    // http.uri: path decoded and normalised, query kept as sent
    std::string protocol;          // "HTTP/1.1"; empty for HTTP/0.9
    std::string hostname;          // lower-cased host, from an absolute URI or the Host header
    std::string host_raw;          // as written (URI authority host or whole Host value)
    int32_t port = -1;             // port written in the URI or Host header, -1 if none
    std::vector<HttpHeader> request_headers;
    std::string request_headers_raw;  // header lines as received, through the empty line
    std::string request_body;         // de-chunked, up to request_body_limit
    uint64_t request_body_len = 0;    // de-chunked body bytes seen (kept or not)

    // --- response (to_client) ---
    std::string response_line;
    std::string response_protocol;
    std::string status_text;       // status code as written ("200", "2XX")
    int32_t status = -1;           // numeric status, -1 when absent or invalid
    std::string status_msg;
    std::vector<HttpHeader> response_headers;
    std::string response_headers_raw;
    std::string response_body;        // de-chunked and decompressed, up to response_body_limit
    uint64_t response_message_len = 0; // de-chunked body bytes before decompression (EVE `length`)

    // Progress: which parts are complete (buffers become ready with them).
    bool request_line_done = false, request_headers_done = false, request_body_done = false;
    bool response_line_done = false, response_headers_done = false, response_body_done = false;
    bool request_body_truncated = false, response_body_truncated = false;
    // The response body as a file (EVE fileinfo): full size and hashes, gaps.
    std::unique_ptr<http::FileTracker> response_file;
    bool response_body_cut = false;   // the body did not end as framed (gap, flow end)

    bool has_event(HttpEvent e) const { return events_ & (uint64_t(1) << unsigned(e)); }
    // Marks the event; true the first time (so the parser reports it once per tx).
    bool mark_event(HttpEvent e) {
        const uint64_t bit = uint64_t(1) << unsigned(e);
        const bool first = !(events_ & bit);
        events_ |= bit;
        return first;
    }

    // File name for file.name: Content-Disposition filename, else the URI path.
    std::string_view file_name() const;
    // libmagic's description of the body on this side (see file_magic.h); empty without a body.
    std::string_view file_magic(bool to_server) const;

private:
    uint64_t events_ = 0;
    // Composite buffers, built on first use and kept while the tx lives.
    enum Cache : uint8_t { kHeaderReq, kHeaderResp, kStartReq, kStartResp, kNamesReq, kNamesResp, kFileName, kMagicReq, kMagicResp,
                          kCacheCount };
    mutable std::string cache_[kCacheCount];
    mutable uint16_t cache_built_ = 0;
    static_assert(kCacheCount <= 16, "cache_built_ has one bit per cache entry");
    mutable std::vector<std::string> items_[2];  // http.request_header / response_header, "Name: value"
    mutable bool items_built_[2] = {false, false};
    const std::string& cached(Cache c) const;
};

}  // namespace vigie::app
