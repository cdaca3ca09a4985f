// HttpTransaction: event names, header lookup, and the buffers detection reads.
// Buffer contents and sides follow Suricata's definitions (detect-http-*.c and
// the http-keywords documentation); see app/http/NOTES.md.
#include "app/http/http_transaction.h"

#include "app/file_magic.h"
#include "app/http/http_message.h"
#include "app/http/http_uri.h"

namespace vigie::app {

std::string_view http_event_name(HttpEvent e) {
    static constexpr std::string_view names[] = {
        "http.request_field_missing_colon",
        "http.response_field_missing_colon",
        "http.invalid_request_chunk_len",
        "http.invalid_response_chunk_len",
        "http.invalid_transfer_encoding_value_in_request",
        "http.invalid_transfer_encoding_value_in_response",
        "http.invalid_content_length_field_in_request",
        "http.invalid_content_length_field_in_response",
        "http.duplicate_content_length_field_in_request",
        "http.duplicate_content_length_field_in_response",
        "http.100_continue_already_seen",
        "http.unable_to_match_response_to_request",
        "http.request_header_invalid",
        "http.response_header_invalid",
        "http.missing_host_header",
        "http.host_header_ambiguous",
        "http.invalid_request_field_folding",
        "http.invalid_response_field_folding",
        "http.request_field_too_long",
        "http.response_field_too_long",
        "http.request_uri_host_invalid",
        "http.request_header_host_invalid",
        "http.uri_delim_non_compliant",
        "http.method_delim_non_compliant",
        "http.request_line_leading_whitespace",
        "http.too_many_encoding_layers",
        "http.abnormal_ce_header",
        "http.request_header_repetition",
        "http.response_header_repetition",
        "http.response_chunked_old_proto",
        "http.response_invalid_protocol",
        "http.response_invalid_status",
        "http.request_line_incomplete",
        "http.request_line_missing_protocol",
        "http.request_too_many_headers",
        "http.response_too_many_headers",
        "http.gzip_decompression_failed",
        "http.compression_bomb",
        "http.too_many_transactions",
    };
    static_assert(std::size(names) == size_t(HttpEvent::Count));
    return names[unsigned(e)];
}

namespace {

const HttpHeader* find_header(const std::vector<HttpHeader>& list, std::string_view name) {
    for (const auto& h : list)
        if (http::iequals(h.name, name)) return &h;
    return nullptr;
}

bool view(const std::string& s, BufferView& out) {
    out.data = reinterpret_cast<const uint8_t*>(s.data());
    out.len = uint32_t(s.size());
    return true;
}

// Which side a buffer belongs to: request only, response only, or both.
enum class Side : uint8_t { Request, Response, Both, None };

Side side_of(BufferId id) {
    switch (id) {
        case BufferId::HttpUri: case BufferId::HttpUriRaw: case BufferId::HttpMethod:
        case BufferId::HttpRequestLine: case BufferId::HttpHost: case BufferId::HttpHostRaw:
        case BufferId::HttpUserAgent: case BufferId::HttpReferer: case BufferId::HttpAccept:
        case BufferId::HttpAcceptEnc: case BufferId::HttpAcceptLang: case BufferId::HttpConnection:
        case BufferId::HttpRequestHeader: case BufferId::HttpRequestBody:
            return Side::Request;
        case BufferId::HttpResponseLine: case BufferId::HttpStatCode: case BufferId::HttpStatMsg:
        case BufferId::HttpServer: case BufferId::HttpLocation: case BufferId::HttpResponseHeader:
        case BufferId::FileName:
            return Side::Response;
        case BufferId::HttpProtocol: case BufferId::HttpStart: case BufferId::HttpHeader:
        case BufferId::HttpHeaderRaw: case BufferId::HttpHeaderNames: case BufferId::HttpCookie:
        case BufferId::HttpContentType: case BufferId::HttpContentLen: case BufferId::FileData:
        case BufferId::FileMagic:
            return Side::Both;
        default:
            return Side::None;
    }
}

}  // namespace

const HttpHeader* HttpTransaction::request_header(std::string_view name) const {
    return find_header(request_headers, name);
}
const HttpHeader* HttpTransaction::response_header(std::string_view name) const {
    return find_header(response_headers, name);
}

const std::string& HttpTransaction::cached(Cache c) const {
    std::string& s = cache_[c];
    if (cache_built_ & (1u << c)) return s;
    cache_built_ |= uint16_t(1u << c);
    const bool req = c == kHeaderReq || c == kStartReq || c == kNamesReq;
    const auto& list = req ? request_headers : response_headers;
    switch (c) {
        case kHeaderReq: case kHeaderResp:
            // http.header: "Name: value\r\n" per header, without Cookie (request) or
            // Set-Cookie (response), which have http.cookie.
            for (const auto& h : list) {
                if (http::iequals(h.name, req ? "cookie" : "set-cookie")) continue;
                s.append(h.name).append(": ").append(h.value).append("\r\n");
            }
            break;
        case kStartReq: case kStartResp:
            // http.start: first line, every header, and the empty line.
            s.append(req ? request_line : response_line).append("\r\n");
            for (const auto& h : list) s.append(h.name).append(": ").append(h.value).append("\r\n");
            if (!list.empty()) s.append("\r\n");
            break;
        case kNamesReq: case kNamesResp:
            s.append("\r\n");
            for (const auto& h : list) s.append(h.name).append("\r\n");
            s.append("\r\n");
            break;
        case kFileName: {
            if (const HttpHeader* cd = response_header("content-disposition")) {
                std::string_view v = cd->value;
                for (size_t at = 0; (at = v.find("filename", at)) != std::string_view::npos; at += 8) {
                    std::string_view rest = http::trim_lws(v.substr(at + 8));
                    if (rest.empty() || rest[0] != '=') continue;
                    rest = http::trim_lws(rest.substr(1));
                    if (!rest.empty() && rest[0] == '"') {
                        rest.remove_prefix(1);
                        rest = rest.substr(0, rest.find('"'));
                    } else {
                        rest = rest.substr(0, rest.find(';'));
                    }
                    s.assign(http::trim_lws(rest));
                    break;
                }
            }
            if (s.empty()) s.assign(std::string_view(uri_normalized).substr(0, uri_normalized.find('?')));
            break;
        }
        case kMagicReq: case kMagicResp: {
            const std::string& body = c == kMagicReq ? request_body : response_body;
            s = describe_file_type(reinterpret_cast<const uint8_t*>(body.data()), body.size());
            break;
        }
        default:
            break;
    }
    return s;
}

std::string_view HttpTransaction::file_name() const { return cached(kFileName); }
std::string_view HttpTransaction::file_magic(bool to_server) const {
    return cached(to_server ? kMagicReq : kMagicResp);
}

bool HttpTransaction::buffer(BufferId id, uint32_t index, BufferView& out) const {
    return buffer_dir(id, side_of(id) != Side::Response, index, out);
}

bool HttpTransaction::buffer_dir(BufferId id, bool to_server, uint32_t index, BufferView& out) const {
    const Side side = side_of(id);
    if (side == Side::None || (side == Side::Request && !to_server) || (side == Side::Response && to_server))
        return false;
    const bool line_ready = to_server ? request_line_done : response_line_done;
    const bool hdr_ready = to_server ? request_headers_done : response_headers_done;
    const auto header_value = [&](std::string_view name) {
        const HttpHeader* h = to_server ? request_header(name) : response_header(name);
        return h ? view(h->value, out) : false;
    };
    if (id == BufferId::HttpRequestHeader || id == BufferId::HttpResponseHeader) {
        // One buffer per header: "Name: value".
        const auto& list = to_server ? request_headers : response_headers;
        if (!hdr_ready || index >= list.size()) return false;
        const int k = to_server ? 0 : 1;
        if (!items_built_[k]) {
            items_built_[k] = true;
            for (const auto& h : list) items_[k].push_back(h.name + ": " + h.value);
        }
        return view(items_[k][index], out);
    }
    if (index != 0) return false;
    switch (id) {
        case BufferId::HttpUri: return line_ready && view(uri_normalized, out);
        case BufferId::HttpUriRaw: return line_ready && view(uri_raw, out);
        case BufferId::HttpMethod: return line_ready && view(method, out);
        case BufferId::HttpRequestLine: return line_ready && view(request_line, out);
        case BufferId::HttpResponseLine: return line_ready && view(response_line, out);
        case BufferId::HttpStatCode: return line_ready && !status_text.empty() && view(status_text, out);
        case BufferId::HttpStatMsg: return line_ready && !status_msg.empty() && view(status_msg, out);
        case BufferId::HttpProtocol: {
            const std::string& p = to_server ? protocol : response_protocol;
            return line_ready && !p.empty() && view(p, out);
        }
        case BufferId::HttpHost: return hdr_ready && !hostname.empty() && view(hostname, out);
        case BufferId::HttpHostRaw: return hdr_ready && !host_raw.empty() && view(host_raw, out);
        case BufferId::HttpUserAgent: return hdr_ready && header_value("user-agent");
        case BufferId::HttpReferer: return hdr_ready && header_value("referer");
        case BufferId::HttpAccept: return hdr_ready && header_value("accept");
        case BufferId::HttpAcceptEnc: return hdr_ready && header_value("accept-encoding");
        case BufferId::HttpAcceptLang: return hdr_ready && header_value("accept-language");
        case BufferId::HttpConnection: return hdr_ready && header_value("connection");
        case BufferId::HttpServer: return hdr_ready && header_value("server");
        case BufferId::HttpLocation: return hdr_ready && header_value("location");
        case BufferId::HttpContentType: return hdr_ready && header_value("content-type");
        case BufferId::HttpContentLen: return hdr_ready && header_value("content-length");
        case BufferId::HttpCookie: return hdr_ready && header_value(to_server ? "cookie" : "set-cookie");
        case BufferId::HttpHeader: {
            if (!hdr_ready) return false;
            const std::string& s = cached(to_server ? kHeaderReq : kHeaderResp);
            return !s.empty() && view(s, out);
        }
        case BufferId::HttpStart: return hdr_ready && view(cached(to_server ? kStartReq : kStartResp), out);
        case BufferId::HttpHeaderNames: return hdr_ready && view(cached(to_server ? kNamesReq : kNamesResp), out);
        case BufferId::HttpHeaderRaw: {
            const std::string& s = to_server ? request_headers_raw : response_headers_raw;
            return hdr_ready && !s.empty() && view(s, out);
        }
        case BufferId::HttpRequestBody:
            return (request_body_done || request_body_truncated) && !request_body.empty() && view(request_body, out);
        case BufferId::FileData: {
            const bool done = to_server ? (request_body_done || request_body_truncated)
                                        : (response_body_done || response_body_truncated);
            const std::string& b = to_server ? request_body : response_body;
            return done && !b.empty() && view(b, out);
        }
        case BufferId::FileMagic: {
            // Typed once the body is complete (or cut at the limit), like file.data.
            const bool done = to_server ? (request_body_done || request_body_truncated)
                                        : (response_body_done || response_body_truncated);
            if (!done) return false;
            const std::string& s = cached(to_server ? kMagicReq : kMagicResp);
            return !s.empty() && view(s, out);
        }
        case BufferId::FileName: {
            if (!hdr_ready) return false;
            const std::string& s = cached(kFileName);
            return !s.empty() && view(s, out);
        }
        default: return false;
    }
}

bool HttpTransaction::number(NumberId id, uint64_t& out) const {
    switch (id) {
        case NumberId::UriLen:
            if (!request_line_done) return false;
            out = uri_normalized.size();
            return true;
        case NumberId::UriLenRaw:
            if (!request_line_done) return false;
            out = uri_raw.size();
            return true;
        case NumberId::HttpStatus:
            if (!response_line_done || status < 0) return false;
            out = uint64_t(status);
            return true;
        default: return false;
    }
}

}  // namespace vigie::app
