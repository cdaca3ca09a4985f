#include "app/http/http_parser.h"

#include <algorithm>
#include <cstring>

#include "app/http/http_message.h"
#include "app/http/http_uri.h"
#include "app/parsers.h"

namespace vigie::app::http {

namespace {

constexpr size_t kMaxHeaders = 1024;  // fields per message (Suricata 8's default limit)

bool is_lws(char c) { return c == ' ' || c == '\t'; }

// Header lookup as libhtp's get_nocase_nozero: NUL bytes in the stored name are ignored.
const HttpHeader* find_header(const std::vector<HttpHeader>& list, std::string_view name) {
    for (const auto& h : list)
        if (iequals(h.name, name)) return &h;
    for (const auto& h : list)
        if (h.name.find('\0') != std::string::npos && iequals(strip_nul(h.name), name)) return &h;
    return nullptr;
}

// Transfer-Encoding says chunked: "chunked" anywhere in the value, NULs ignored.
bool te_chunked(const HttpHeader* te) { return te && icontains(strip_nul(te->value), "chunked"); }

// Headers still needed to frame the message once the header block is over its limit.
bool framing_header(std::string_view name) {
    return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
           iequals(name, "content-encoding") || iequals(name, "host");
}

}  // namespace

HttpParser::HttpParser(const AppConfig& cfg) : cfg_(cfg) {}
HttpParser::~HttpParser() = default;

void HttpParser::raise(HttpTransaction* tx, HttpEvent e) {
    if (tx && !tx->mark_event(e)) return;  // once per transaction
    events_.push_back(AppEvent{std::string(http_event_name(e)), tx ? tx->tx_id : next_tx_id_});
}

void HttpParser::raise_all(HttpTransaction* tx, std::vector<HttpEvent>& ev) {
    for (HttpEvent e : ev) raise(tx, e);
    ev.clear();
}

HttpTransaction* HttpParser::new_tx(const Timestamp& ts, bool for_response) {
    HttpTransaction* tx;
    if (txs_.size() >= cfg_.max_tx_per_flow) {
        // Over the limit: parse the message into a scratch transaction and drop it,
        // so framing stays right and memory stays bounded.
        ++dropped_;
        if (!too_many_flagged_) {
            too_many_flagged_ = true;
            events_.push_back(AppEvent{std::string(http_event_name(HttpEvent::TooManyTransactions)), next_tx_id_});
        }
        auto& slot = scratch_[for_response ? 1 : 0];
        slot = std::make_unique<HttpTransaction>();
        tx = slot.get();
        if (!for_response) ++dropped_pending_responses_;
    } else {
        txs_.push_back(std::make_unique<HttpTransaction>());
        tx = txs_.back().get();
    }
    tx->tx_id = next_tx_id_++;
    tx->ts = ts;
    return tx;
}

HttpTransaction* HttpParser::match_response(const Timestamp& ts) {
    for (auto& t : txs_)
        if (!t->response_line_done && !t->response_done) {
            // A dropped request older than this one gets its response first.
            if (dropped_pending_responses_ && scratch_[0] && scratch_[0]->tx_id < t->tx_id) break;
            return t.get();
        }
    if (dropped_pending_responses_) {
        --dropped_pending_responses_;
        scratch_[1] = std::make_unique<HttpTransaction>();
        scratch_[1]->request_done = true;
        return scratch_[1].get();
    }
    HttpTransaction* tx = new_tx(ts, true);
    tx->request_done = true;
    raise(tx, HttpEvent::UnableToMatchResponseToRequest);
    return tx;
}

void HttpParser::feed(bool to_server, const uint8_t* data, uint32_t len, const Timestamp& ts) {
    Side& s = sides_[to_server ? 0 : 1];
    size_t i = 0;
    while (i < len) {
        switch (s.state) {
            case State::Tunnel:
                return;
            case State::ConnectWait: {
                const size_t room = cfg_.http_max_header_bytes > held_.size() ? cfg_.http_max_header_bytes - held_.size() : 0;
                held_.append(reinterpret_cast<const char*>(data + i), std::min<size_t>(room, len - i));
                return;
            }
            case State::Body:
            case State::ChunkData: {
                const size_t n = size_t(std::min<uint64_t>(s.remaining, len - i));
                body_bytes(s, to_server, data + i, n);
                i += n;
                s.remaining -= n;
                if (s.remaining == 0) {
                    if (s.state == State::Body) end_body(s, to_server);
                    else s.state = State::ChunkDataEnd;
                }
                break;
            }
            case State::BodyUntilClose:
                body_bytes(s, to_server, data + i, len - i);
                return;
            default: {
                if (!to_server && s.state == State::Line && !s.tx && s.line.empty() && answers_http09()) {
                    // The answer to an HTTP/0.9 request has no status line: all body.
                    s.tx = match_response(ts);
                    s.tx->response_line_done = s.tx->response_headers_done = true;
                    s.state = State::BodyUntilClose;
                    break;
                }
                if (s.skip_lf) {
                    s.skip_lf = false;
                    if (data[i] == '\n') {
                        ++i;
                        break;
                    }
                }
                const uint8_t* start = data + i;
                const auto* lf = static_cast<const uint8_t*>(std::memchr(start, '\n', len - i));
                if (!to_server && s.state == State::Line) {
                    // libhtp ends a status line on LF, CRLF or a lone CR.
                    const auto* cr = static_cast<const uint8_t*>(std::memchr(start, '\r', lf ? size_t(lf - start) : len - i));
                    if (cr) {
                        if (cr + 1 < data + len) {
                            lf = cr[1] == '\n' ? cr + 1 : cr;
                        } else {
                            lf = cr;
                            s.skip_lf = true;
                        }
                    }
                }
                const size_t take = lf ? size_t(lf - start) + 1 : len - i;
                if (s.line.empty() && !s.line_overflow) s.line_ts = ts;
                const size_t limit = cfg_.http_max_header_bytes;
                const size_t room = limit > s.line.size() ? limit - s.line.size() : 0;
                if (take > room && !s.line_overflow) {
                    s.line_overflow = true;
                    raise(s.tx, to_server ? HttpEvent::RequestFieldTooLong : HttpEvent::ResponseFieldTooLong);
                }
                s.line.append(reinterpret_cast<const char*>(start), std::min(take, room));
                i += take;
                if (!lf) {
                    if (s.state == State::ChunkSize && !s.line_overflow && chunk_size_prefix_invalid(s.line)) {
                        // Cannot become a chunk size: libhtp switches to an identity body at once.
                        raise(s.tx, to_server ? HttpEvent::InvalidRequestChunkLen : HttpEvent::InvalidResponseChunkLen);
                        std::string held = std::move(s.line);
                        s.line.clear();
                        if (to_server) {
                            end_request(s);
                        } else {
                            s.state = State::BodyUntilClose;
                            body_bytes(s, false, reinterpret_cast<const uint8_t*>(held.data()), held.size());
                        }
                    }
                    break;
                }
                if (s.line_overflow && (s.line.empty() || s.line.back() != '\n')) s.line.push_back('\n');
                on_line(s, to_server, s.line,
                        std::string_view(reinterpret_cast<const char*>(data + i), len - i));
                s.line.clear();
                s.line_overflow = false;
                break;
            }
        }
    }
}

void HttpParser::on_line(Side& s, bool to_server, std::string_view line, std::string_view rest) {
    switch (s.state) {
        case State::Line:
            to_server ? request_line(s, line) : response_line(s, line, rest);
            break;
        case State::Headers:
            header_line(s, to_server, line);
            break;
        case State::ChunkSize:
            chunk_size_line(s, to_server, line);
            break;
        case State::ChunkDataEnd:
            s.state = State::ChunkSize;  // the CRLF after the data; anything else on it is ignored
            break;
        case State::ChunkTrailer:
            if (chomp(line).empty()) end_body(s, to_server);
            break;
        case State::Resync: {
            const std::string_view l = chomp(line);
            const bool start = to_server ? looks_like_request(reinterpret_cast<const uint8_t*>(l.data()), uint32_t(l.size())) == 1
                                         : l.starts_with("HTTP/");
            if (start) {
                s.state = State::Line;
                on_line(s, to_server, line);
            }
            break;
        }
        default:
            break;
    }
}

void HttpParser::request_line(Side& s, std::string_view line) {
    const std::string_view l = chomp(line);
    if (trim_lws(l).empty()) return;  // empty lines between requests are ignored (libhtp)
    HttpTransaction* tx = new_tx(s.line_ts, false);
    s.tx = tx;
    s.header_bytes = 0;
    s.headers_overflow = false;
    if (!parse_request_line(l, *tx, ev_)) ev_.push_back(HttpEvent::RequestLineIncomplete);
    raise_all(tx, ev_);
    tx->request_line_done = true;
    if (iequals(tx->method, "CONNECT")) {
        tx->uri_normalized = tx->uri_raw;  // an authority, not a path
        const HostPort hp = parse_host_port(tx->uri_raw);
        tx->hostname = hp.host;
        tx->host_raw = tx->uri_raw;
        tx->port = hp.port;
    } else {
        tx->uri_normalized = normalize_uri(tx->uri_raw);
        const UriParts parts = split_uri(tx->uri_raw);
        if (!parts.scheme.empty()) {
            const HostPort hp = parse_host_port(parts.authority);
            tx->hostname = hp.host;
            std::string_view raw_host = parts.authority.substr(parts.authority.rfind('@') + 1);
            tx->host_raw.assign(raw_host.substr(0, raw_host.starts_with('[') ? raw_host.find(']') + 1 : raw_host.find(':')));
            tx->port = hp.port;
            if (!hp.valid) raise(tx, HttpEvent::RequestUriHostInvalid);
        }
    }
    if (tx->protocol.empty()) {
        // HTTP/0.9: no headers, no body; the response is raw data until close.
        tx->request_headers_done = true;
        end_request(s);
        return;
    }
    s.state = State::Headers;
}

void HttpParser::response_line(Side& s, std::string_view line, std::string_view rest) {
    std::string_view l = line;
    while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.remove_suffix(1);
    if (!s.tx && trim_lws(l).empty()) return;
    if (!s.tx) {
        // A line that does not start with "http" (after spaces and NULs) before the
        // status line: libhtp skips it when the next line starts with 'H' or it is
        // at most 2 bytes; otherwise the response has no headers and it is body.
        size_t k = 0;
        while (k < l.size() && (l[k] == '\0' || l[k] == ' ' || l[k] == '\t' || l[k] == '\v' || l[k] == '\f')) ++k;
        const bool http = l.size() - k >= 4 && iequals(l.substr(k, 4), "http");
        if (!http && rest.size() > 1 && (rest.front() == 'H' || l.size() <= 2)) return;
    }
    if (!s.tx) {
        s.tx = match_response(s.line_ts);
        s.header_bytes = 0;
        s.headers_overflow = false;
    }
    HttpTransaction* tx = s.tx;
    if (tx->request_line_done && tx->protocol.empty()) {
        // Answer to an HTTP/0.9 request: no status line, everything is body.
        tx->response_line_done = tx->response_headers_done = true;
        s.state = State::BodyUntilClose;
        body_bytes(s, false, reinterpret_cast<const uint8_t*>(line.data()), line.size());
        return;
    }
    const bool ok = parse_status_line(l, *tx, ev_);
    raise_all(tx, ev_);
    tx->response_line_done = true;
    if (!ok) {
        // Not a status line: libhtp takes the response as a body without headers.
        tx->response_headers_done = true;
        s.state = State::BodyUntilClose;
        body_bytes(s, false, reinterpret_cast<const uint8_t*>(line.data()), line.size());
        return;
    }
    s.state = State::Headers;
}

void HttpParser::header_line(Side& s, bool to_server, std::string_view line) {
    HttpTransaction* tx = s.tx;
    s.header_bytes += line.size();
    if (!s.headers_overflow && s.header_bytes > cfg_.http_max_header_bytes) {
        s.headers_overflow = true;
        raise(tx, to_server ? HttpEvent::RequestFieldTooLong : HttpEvent::ResponseFieldTooLong);
    }
    if (!s.headers_overflow) (to_server ? tx->request_headers_raw : tx->response_headers_raw).append(line);
    const std::string_view l = chomp(line);
    if (l.empty()) {
        flush_pending(s, to_server);
        to_server ? request_headers_done(s) : response_headers_done(s);
        return;
    }
    if (is_lws(l.front())) {
        if (!s.pending_set) {
            raise(tx, to_server ? HttpEvent::InvalidRequestFieldFolding : HttpEvent::InvalidResponseFieldFolding);
            s.pending.assign(l);
            s.pending_set = true;
        } else if (s.pending.size() + l.size() <= cfg_.http_max_header_bytes) {
            s.pending.append(l);  // obs-fold: libhtp appends the continuation as it is
        }
        return;
    }
    flush_pending(s, to_server);
    s.pending.assign(l);
    s.pending_set = true;
}

void HttpParser::flush_pending(Side& s, bool to_server) {
    if (!s.pending_set) return;
    s.pending_set = false;
    HttpHeader h;
    if (parse_header_field(s.pending, to_server, h, ev_) && (!s.headers_overflow || framing_header(h.name))) {
        auto& list = to_server ? s.tx->request_headers : s.tx->response_headers;
        if (to_server && iequals(h.name, "host") && s.tx->request_header("host"))
            ev_.push_back(HttpEvent::HostHeaderAmbiguous);
        add_header(list, std::move(h), to_server, kMaxHeaders, ev_);
    }
    s.pending.clear();
    raise_all(s.tx, ev_);
}

void HttpParser::request_headers_done(Side& s) {
    HttpTransaction* tx = s.tx;
    tx->request_headers_done = true;
    if (const HttpHeader* host = tx->request_header("host")) {
        const HostPort hp = parse_host_port(host->value);
        if (tx->hostname.empty()) {
            tx->hostname = hp.host;
            tx->host_raw = host->value;
            tx->port = hp.port;
            if (!hp.valid && !tx->has_event(HttpEvent::HostHeaderAmbiguous))
                raise(tx, HttpEvent::RequestHeaderHostInvalid);
        } else if (hp.host != tx->hostname) {
            raise(tx, HttpEvent::HostHeaderAmbiguous);  // absolute URI and Host disagree; the URI wins
        }
    } else if (iequals(tx->protocol, "HTTP/1.1")) {
        raise(tx, HttpEvent::MissingHostHeader);
    }
    const HttpHeader* te = find_header(tx->request_headers, "transfer-encoding");
    if (te_chunked(te)) {
        s.state = State::ChunkSize;
        return;
    }
    if (te) raise(tx, HttpEvent::InvalidTransferEncodingValueInRequest);
    if (const HttpHeader* cl = find_header(tx->request_headers, "content-length")) {
        const auto n = parse_content_length(cl->value);
        if (!n) {
            raise(tx, HttpEvent::InvalidContentLengthFieldInRequest);
        } else if (*n > 0) {
            s.state = State::Body;
            s.remaining = *n;
            return;
        }
    }
    end_request(s);
}

void HttpParser::response_headers_done(Side& s) {
    HttpTransaction* tx = s.tx;
    const HttpHeader* te = find_header(tx->response_headers, "transfer-encoding");
    const HttpHeader* cl = find_header(tx->response_headers, "content-length");
    std::optional<uint64_t> cl_value;
    if (cl) cl_value = parse_content_length(cl->value);
    // libhtp: 100 is interim only without T-E and without a positive C-L; 101 with
    // T-E or C-L is not a switch; 1xx/204/304 with T-E or C-L have a body after all.
    const bool interim = tx->status >= 100 && tx->status < 200 && tx->status != 101 && !te &&
                         (tx->status == 100 ? cl_value.value_or(0) == 0 : !cl);
    if (interim) {
        // Interim response (100 Continue...): the real one follows for the same request.
        if (tx->status == 100) {
            if (s.seen_100) raise(tx, HttpEvent::ContinueAlreadySeen);
            s.seen_100 = true;
        }
        tx->response_headers.clear();
        tx->response_headers_raw.clear();
        tx->response_line_done = false;
        s.state = State::Line;
        return;
    }
    tx->response_headers_done = true;
    const bool connect = iequals(tx->method, "CONNECT");
    if ((tx->status == 101 && !te && !cl) || (connect && tx->status >= 200 && tx->status < 300)) {
        end_response(s);
        set_tunnel();
        return;
    }
    // Decide the body, then let a refused CONNECT's held request bytes go on.
    const bool no_body = iequals(tx->method, "HEAD") ||
                         ((tx->status == 204 || tx->status == 304 || (tx->status >= 100 && tx->status < 200)) &&
                          !te && !cl);
    if (no_body) {
        end_response(s);
    } else {
        if (te_chunked(te)) {
            if (iequals(tx->response_protocol, "HTTP/1.0")) raise(tx, HttpEvent::ResponseChunkedOldProto);
            s.state = State::ChunkSize;
        } else {
            if (te) raise(tx, HttpEvent::InvalidTransferEncodingValueInResponse);
            if (cl && !cl_value) raise(tx, HttpEvent::InvalidContentLengthFieldInResponse);
            if (cl_value) {
                s.state = State::Body;
                s.remaining = *cl_value;
            } else {
                s.state = State::BodyUntilClose;
            }
        }
        if (const HttpHeader* ce = find_header(tx->response_headers, "content-encoding")) {
            auto layers = parse_content_encoding(ce->value, cfg_.http_decompress_layer_limit, ev_);
            raise_all(tx, ev_);
            if (!layers.empty()) s.decoder = std::make_unique<BodyDecoder>(std::move(layers));
        }
        if (s.state == State::Body && s.remaining == 0) end_response(s);
    }
    if (connect) release_connect();
}

void HttpParser::chunk_size_line(Side& s, bool to_server, std::string_view line) {
    if (is_chunk_ctl_line(line)) return;  // blank lines between chunks are skipped (libhtp)
    const ChunkSize n = parse_chunk_size(line);
    if (n.kind == ChunkSize::Empty) return;  // no length on the line (or one too large): read the next
    if (n.kind == ChunkSize::Invalid) {
        raise(s.tx, to_server ? HttpEvent::InvalidRequestChunkLen : HttpEvent::InvalidResponseChunkLen);
        if (to_server) {
            end_request(s);
        } else {
            // Not chunked after all (libhtp): the rest of the stream, this line included, is body.
            s.state = State::BodyUntilClose;
            body_bytes(s, false, reinterpret_cast<const uint8_t*>(line.data()), line.size());
        }
        return;
    }
    if (n.value == 0) {
        s.state = State::ChunkTrailer;
        return;
    }
    s.state = State::ChunkData;
    s.remaining = n.value;
}

void HttpParser::body_bytes(Side& s, bool to_server, const uint8_t* data, size_t len) {
    HttpTransaction* tx = s.tx;
    if (!tx || len == 0) return;
    if (to_server) {
        tx->request_body_len += len;
        const size_t limit = cfg_.http_request_body_limit;
        const size_t n = std::min(len, limit > tx->request_body.size() ? limit - tx->request_body.size() : 0);
        tx->request_body.append(reinterpret_cast<const char*>(data), n);
        if (tx->request_body.size() >= limit) tx->request_body_truncated = true;
        return;
    }
    tx->response_message_len += len;
    const size_t limit = cfg_.http_response_body_limit;
    if (!tx->response_file)
        tx->response_file = std::make_unique<FileTracker>(cfg_.file_spool ? cfg_.file_spool->open_spool() : nullptr);
    const uint8_t* plain = data;
    size_t plain_len = len;
    if (s.decoder) {
        // Decode everything (bounded per call) so the file's size and hashes cover
        // the whole body; inspection keeps only the first `limit` bytes.
        constexpr size_t kMaxDecodedPerCall = 64u << 20;
        s.decoded.clear();
        s.decoder->feed(data, len, s.decoded, kMaxDecodedPerCall);
        if (s.decoder->failed()) raise(tx, HttpEvent::GzipDecompressionFailed);
        plain = reinterpret_cast<const uint8_t*>(s.decoded.data());
        plain_len = s.decoded.size();
    }
    tx->response_file->update(plain, plain_len);
    const size_t n = std::min(plain_len, limit > tx->response_body.size() ? limit - tx->response_body.size() : 0);
    tx->response_body.append(reinterpret_cast<const char*>(plain), n);
    if (tx->response_body.size() >= limit && plain_len > n) tx->response_body_truncated = true;
}

void HttpParser::end_request(Side& s) {
    HttpTransaction* tx = s.tx;
    s.state = State::Line;
    if (tx) {
        tx->request_body_done = true;
        tx->request_done = true;
        if (iequals(tx->method, "CONNECT") && !tx->response_headers_done) s.state = State::ConnectWait;
    }
    s.tx = nullptr;
    s.decoder.reset();
    s.pending_set = false;
}

void HttpParser::end_response(Side& s) {
    if (HttpTransaction* tx = s.tx) {
        if (tx->response_file) tx->response_file->close(!tx->response_body_cut);
        tx->response_headers_done = true;
        tx->response_body_done = true;
        tx->response_done = true;
    }
    s.tx = nullptr;
    s.state = State::Line;
    s.decoder.reset();
    s.seen_100 = false;
    s.pending_set = false;
}

void HttpParser::set_tunnel() {
    for (Side& side : sides_) {
        if (side.tx && &side == &sides_[0]) end_request(side);
        side.state = State::Tunnel;
        side.line.clear();
    }
    held_.clear();
    held_.shrink_to_fit();
}

void HttpParser::release_connect() {
    Side& req = sides_[0];
    if (req.state != State::ConnectWait) return;
    req.state = State::Line;
    std::string held = std::move(held_);
    held_.clear();
    if (!held.empty()) feed(true, reinterpret_cast<const uint8_t*>(held.data()), uint32_t(held.size()), req.line_ts);
}

bool HttpParser::step_over_gap(Side& s, bool to_server, uint64_t len) {
    HttpTransaction* tx = s.tx;
    const bool framed = s.state == State::Body || s.state == State::ChunkData;
    if (!tx || len == 0 || s.decoder) return false;  // compressed data cannot resume mid-stream
    if (!(framed && len <= s.remaining) && s.state != State::BodyUntilClose) return false;
    // The hole is body the message lacks: counted in its length and its file's size
    // (marked as having gaps, so never hashed or stored), and parsing goes on right
    // after it, so the next transactions on the connection are still seen (libhtp).
    if (to_server) {
        tx->request_body_len += len;
        tx->request_body_truncated = true;
    } else {
        tx->response_message_len += len;
        tx->response_body_truncated = true;
        if (!tx->response_file) tx->response_file = std::make_unique<FileTracker>();
        tx->response_file->mark_gap();
        tx->response_file->add_missing(len);
    }
    if (framed) {
        s.remaining -= len;
        if (s.remaining == 0) {
            if (s.state == State::Body) end_body(s, to_server);
            else s.state = State::ChunkDataEnd;
        }
    }
    return true;
}

void HttpParser::on_gap(bool to_server, uint64_t len) {
    Side& s = sides_[to_server ? 0 : 1];
    if (s.state == State::Tunnel || s.state == State::ConnectWait) return;
    if (step_over_gap(s, to_server, len)) return;
    if (s.tx) {
        // The message cannot be framed any more: close it with what it has.
        if (to_server) {
            s.tx->request_body_truncated = true;
            s.tx->request_headers_done = true;
        } else {
            s.tx->response_body_truncated = true;
            s.tx->response_body_cut = true;
            if (s.tx->response_file) s.tx->response_file->mark_gap();
        }
        end_body(s, to_server);
    }
    s.line.clear();
    s.line_overflow = false;
    s.pending_set = false;
    s.state = State::Resync;
}

bool HttpParser::answers_http09() const {
    for (const auto& t : txs_)
        if (!t->response_line_done && !t->response_done) return t->request_line_done && t->protocol.empty();
    return false;
}

void HttpParser::on_flow_end() {
    // A last line without its terminator still counts (a status line, a header).
    for (int d = 0; d < 2; ++d) {
        Side& s = sides_[d];
        if (s.line.empty() || (d == 0 && s.state == State::Line)) continue;
        if (s.state == State::Line || s.state == State::Headers || s.state == State::ChunkTrailer ||
            s.state == State::ChunkSize) {
            s.line.push_back('\n');
            std::string line = std::move(s.line);
            s.line.clear();
            on_line(s, d == 0, line);
        }
    }
    Side& req = sides_[0];
    if (req.state == State::Line && !trim_lws(chomp(req.line)).empty()) {
        // A request line that never ended: parse what there is.
        HttpTransaction* tx = new_tx(req.line_ts, false);
        parse_request_line(chomp(req.line), *tx, ev_);
        ev_.push_back(HttpEvent::RequestLineIncomplete);
        raise_all(tx, ev_);
        tx->request_line_done = true;
        tx->uri_normalized = normalize_uri(tx->uri_raw);
        tx->request_done = true;
    }
    for (int d = 0; d < 2; ++d) {
        Side& s = sides_[d];
        if (!s.tx) continue;
        if (s.state == State::Headers) flush_pending(s, d == 0);
        if (d == 0) s.tx->request_headers_done = true;
        // A body framed by length or chunks that had not ended is cut; one that
        // runs until the close has just ended normally.
        // A chunked body whose last chunk came has ended, even if its trailer did not.
        const bool cut = s.state != State::BodyUntilClose && s.state != State::Line && s.state != State::ChunkTrailer;
        if (d == 1 && cut) s.tx->response_body_cut = true;
        end_body(s, d == 0);
    }
    for (auto& t : txs_) t->request_done = t->response_done = true;
}

void HttpParser::take_finished(std::vector<std::unique_ptr<Transaction>>& out, bool flow_end) {
    size_t kept = 0;
    for (size_t i = 0; i < txs_.size(); ++i) {
        auto& t = txs_[i];
        const bool busy = t.get() == sides_[0].tx || t.get() == sides_[1].tx;
        if (flow_end || (t->request_done && t->response_done && !busy)) {
            out.push_back(std::move(t));
        } else {
            if (kept != i) txs_[kept] = std::move(t);
            ++kept;
        }
    }
    txs_.resize(kept);
    if (flow_end) {
        sides_[0].tx = sides_[1].tx = nullptr;
    }
}

}  // namespace vigie::app::http

namespace vigie::app {

std::unique_ptr<AppParser> make_http_parser(const AppConfig& cfg) { return std::make_unique<http::HttpParser>(cfg); }

Probe probe_http(const uint8_t* data, uint32_t len, bool to_server) {
    if (to_server) {
        switch (http::looks_like_request(data, len)) {
            case 1: return Probe::Yes;
            case 2: return Probe::NeedMore;
            default: return Probe::No;
        }
    }
    static constexpr char kHttp[] = "HTTP/";
    const uint32_t n = std::min<uint32_t>(len, 5);
    if (std::memcmp(data, kHttp, n) != 0) return Probe::No;
    return len < 5 ? Probe::NeedMore : Probe::Yes;
}

}  // namespace vigie::app
