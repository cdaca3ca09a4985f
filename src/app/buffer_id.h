// BufferId: every named inspection buffer a transaction can provide, by the
// canonical Suricata name the rule parser uses (rules/buffer_registry.cpp).
// Detection resolves names to ids once at compile time; parsers answer by id.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace vigie::app {

#define VIGIE_APP_BUFFERS(X)                         \
    X(HttpUri, "http.uri")                           \
    X(HttpUriRaw, "http.uri.raw")                    \
    X(HttpMethod, "http.method")                     \
    X(HttpProtocol, "http.protocol")                 \
    X(HttpStart, "http.start")                       \
    X(HttpRequestLine, "http.request_line")          \
    X(HttpResponseLine, "http.response_line")        \
    X(HttpHost, "http.host")                         \
    X(HttpHostRaw, "http.host.raw")                  \
    X(HttpHeader, "http.header")                     \
    X(HttpHeaderRaw, "http.header.raw")              \
    X(HttpHeaderNames, "http.header_names")          \
    X(HttpRequestHeader, "http.request_header")      \
    X(HttpResponseHeader, "http.response_header")    \
    X(HttpUserAgent, "http.user_agent")              \
    X(HttpCookie, "http.cookie")                     \
    X(HttpReferer, "http.referer")                   \
    X(HttpContentType, "http.content_type")          \
    X(HttpContentLen, "http.content_len")            \
    X(HttpAccept, "http.accept")                     \
    X(HttpAcceptEnc, "http.accept_enc")              \
    X(HttpAcceptLang, "http.accept_lang")            \
    X(HttpConnection, "http.connection")             \
    X(HttpServer, "http.server")                     \
    X(HttpLocation, "http.location")                 \
    X(HttpStatCode, "http.stat_code")                \
    X(HttpStatMsg, "http.stat_msg")                  \
    X(HttpRequestBody, "http.request_body")          \
    X(FileData, "file.data")                         \
    X(FileName, "file.name")                         \
    X(FileMagic, "file.magic")                       \
    X(DnsQuery, "dns.query")                         \
    X(TlsSni, "tls.sni")                             \
    X(TlsCertSubject, "tls.cert_subject")            \
    X(TlsCertIssuer, "tls.cert_issuer")              \
    X(TlsCertSerial, "tls.cert_serial")              \
    X(TlsCertFingerprint, "tls.cert_fingerprint")    \
    X(TlsCerts, "tls.certs")                         \
    X(TlsRandom, "tls.random")                       \
    X(Ja3Hash, "ja3.hash")                           \
    X(Ja3String, "ja3.string")                       \
    X(Ja3sHash, "ja3s.hash")                         \
    X(Ja3sString, "ja3s.string")                     \
    X(Ja4Hash, "ja4.hash")                           \
    X(SshProto, "ssh.proto")                         \
    X(SshSoftware, "ssh.software")

enum class BufferId : uint16_t {
#define X(id, name) id,
    VIGIE_APP_BUFFERS(X)
#undef X
    Count
};

constexpr std::string_view buffer_name(BufferId b) {
    constexpr std::string_view names[] = {
#define X(id, name) name,
        VIGIE_APP_BUFFERS(X)
#undef X
    };
    return names[static_cast<unsigned>(b)];
}

inline std::optional<BufferId> buffer_id_from_name(std::string_view name) {
    for (unsigned i = 0; i < static_cast<unsigned>(BufferId::Count); ++i)
        if (buffer_name(static_cast<BufferId>(i)) == name) return static_cast<BufferId>(i);
    return std::nullopt;
}

// Non-buffer values some keywords compare (urilen, dns.opcode, tls.version, ...).
enum class NumberId : uint16_t { UriLen, UriLenRaw, DnsOpcode, TlsVersion, FileSize, HttpStatus, Count };

}  // namespace vigie::app
