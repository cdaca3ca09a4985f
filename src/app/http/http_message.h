// Parsing of single HTTP/1.x lines and field values, without stream state:
// request line, status line, header field, Content-Length, chunk size,
// Content-Encoding. Lenient like libhtp: odd input is accepted and flagged.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/http/http_decompress.h"
#include "app/http/http_transaction.h"

namespace vigie::app::http {

// Flags raised while parsing one item; the parser turns them into events.
using EventSink = std::vector<HttpEvent>;

std::string_view trim_lws(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool icontains(std::string_view hay, std::string_view needle);
// The line without its terminator (LF, CRLF; a lone trailing CR too).
std::string_view chomp(std::string_view line);

// Fills method, uri_raw, protocol, request_line. False when the line holds no method.
bool parse_request_line(std::string_view line, HttpTransaction& tx, EventSink& ev);
// Fills response_line, response_protocol, status_text, status, status_msg. False
// when the line does not start with "HTTP/" (the response is then taken as body).
bool parse_status_line(std::string_view line, HttpTransaction& tx, EventSink& ev);

// One header field (folded lines already appended). Missing colon: empty name,
// whole line as value. Returns false for an empty line.
bool parse_header_field(std::string_view line, bool request, HttpHeader& out, EventSink& ev);
// Adds to a header list, merging a repeated name into the first with ", " (libhtp).
// Content-Length is not merged: the first value stays, the repetition is flagged.
// `max_headers` bounds the list; over it the field is dropped and flagged.
void add_header(std::vector<HttpHeader>& list, HttpHeader h, bool request, size_t max_headers, EventSink& ev);

// Content-Length value as libhtp reads it: the first run of digits, junk before it
// ("(68)") or after it ("68;", "68 34", "68.0") ignored. nullopt without digits.
std::optional<uint64_t> parse_content_length(std::string_view v);

// Chunk-size line as libhtp reads it: leading CR/LF/SP/HT/VT/FF skipped, then
// SP/HT, hex digits; whatever follows is ignored ("f,", "f x", "5;ext").
struct ChunkSize {
    enum Kind { Invalid, Empty, Value } kind = Invalid;
    uint64_t value = 0;
};
ChunkSize parse_chunk_size(std::string_view line);
// The line holds only chunk control characters (CR, LF, SP, HT, VT, FF).
bool is_chunk_ctl_line(std::string_view line);
// A chunk-size line still without its LF that can no longer be a chunk size:
// after the control characters comes a non-hex character (libhtp then takes the
// rest of the stream as an identity body).
bool chunk_size_prefix_invalid(std::string_view partial);
// Header names and values compared as libhtp's *_nozero helpers do: NUL bytes ignored.
std::string strip_nul(std::string_view v);
// Content-Encoding layers in the order applied, as libhtp: an exact "gzip",
// "x-gzip", "deflate", "x-deflate" (NULs ignored) is one layer; otherwise the value
// is split on ',' and ' ' and a token containing "gzip" / "deflate" is that coding
// (abnormal_ce_header when it is not exactly the name), "identity"/"none"/"inflate"
// nothing, anything else flagged. Past `max_layers` tokens: flagged and cut.
std::vector<Coding> parse_content_encoding(std::string_view v, uint32_t max_layers, EventSink& ev);

// Looks like the start of a request: a known method token followed by a space.
// 0: no, 1: yes, 2: need more bytes.
int looks_like_request(const uint8_t* data, uint32_t len);

}  // namespace vigie::app::http
