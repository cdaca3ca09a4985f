#include "rules/buffer_registry.h"

#include <algorithm>
#include <array>

namespace vigie::rules {
namespace {

using K = FeatureKind;
constexpr std::string_view kHttp = "HTTP parser", kFile = "file tracking", kDns = "DNS parser",
                           kTls = "TLS parser", kSsh = "SSH parser", kSmb = "SMB parser", kDce = "DCERPC parser",
                           kFtp = "FTP parser", kKrb = "Kerberos parser", kSnmp = "SNMP parser",
                           kXf = "transforms", kDetect = "app-layer protocol detection",
                           kEvents = "app-layer events";

// Sorted by name within kind; flip `available` when the provider lands.
constexpr Feature kFeatures[] = {
    {"payload", K::Buffer, "", true},
    // HTTP
    {"http.accept", K::Buffer, kHttp, false},
    {"http.accept_enc", K::Buffer, kHttp, false},
    {"http.accept_lang", K::Buffer, kHttp, false},
    {"http.connection", K::Buffer, kHttp, false},
    {"http.content_len", K::Buffer, kHttp, false},
    {"http.content_type", K::Buffer, kHttp, false},
    {"http.cookie", K::Buffer, kHttp, false},
    {"http.header", K::Buffer, kHttp, false},
    {"http.header.raw", K::Buffer, kHttp, false},
    {"http.header_names", K::Buffer, kHttp, false},
    {"http.host", K::Buffer, kHttp, false},
    {"http.host.raw", K::Buffer, kHttp, false},
    {"http.location", K::Buffer, kHttp, false},
    {"http.method", K::Buffer, kHttp, false},
    {"http.protocol", K::Buffer, kHttp, false},
    {"http.referer", K::Buffer, kHttp, false},
    {"http.request_body", K::Buffer, kHttp, false},
    {"http.request_header", K::Buffer, kHttp, false},
    {"http.request_line", K::Buffer, kHttp, false},
    {"http.response_header", K::Buffer, kHttp, false},
    {"http.response_line", K::Buffer, kHttp, false},
    {"http.server", K::Buffer, kHttp, false},
    {"http.start", K::Buffer, kHttp, false},
    {"http.stat_code", K::Buffer, kHttp, false},
    {"http.stat_msg", K::Buffer, kHttp, false},
    {"http.uri", K::Buffer, kHttp, false},
    {"http.uri.raw", K::Buffer, kHttp, false},
    {"http.user_agent", K::Buffer, kHttp, false},
    // files (HTTP/SMTP/FTP/SMB bodies); http.response_body is an alias of file.data in Suricata 7
    {"file.data", K::Buffer, kFile, false},
    {"file.magic", K::Buffer, kFile, false},
    {"file.name", K::Buffer, kFile, false},
    // DNS
    {"dns.query", K::Buffer, kDns, false},
    // TLS
    {"ja3.hash", K::Buffer, kTls, false},
    {"ja3.string", K::Buffer, kTls, false},
    {"ja3s.hash", K::Buffer, kTls, false},
    {"ja3s.string", K::Buffer, kTls, false},
    {"ja4.hash", K::Buffer, kTls, false},
    {"tls.cert_fingerprint", K::Buffer, kTls, false},
    {"tls.cert_issuer", K::Buffer, kTls, false},
    {"tls.cert_serial", K::Buffer, kTls, false},
    {"tls.cert_subject", K::Buffer, kTls, false},
    {"tls.certs", K::Buffer, kTls, false},
    {"tls.random", K::Buffer, kTls, false},
    {"tls.sni", K::Buffer, kTls, false},
    // SSH
    {"ssh.hassh", K::Buffer, kSsh, false},
    {"ssh.hassh.server", K::Buffer, kSsh, false},
    {"ssh.hassh.server.string", K::Buffer, kSsh, false},
    {"ssh.hassh.string", K::Buffer, kSsh, false},
    {"ssh.proto", K::Buffer, kSsh, false},
    {"ssh.software", K::Buffer, kSsh, false},
    // others
    {"dce_stub_data", K::Buffer, kDce, false},
    {"krb5_cname", K::Buffer, kKrb, false},
    {"krb5_sname", K::Buffer, kKrb, false},
    {"smb.named_pipe", K::Buffer, kSmb, false},
    {"smb.share", K::Buffer, kSmb, false},
    {"snmp.community", K::Buffer, kSnmp, false},

    // app-layer keywords that are not buffers
    {"app-layer-event", K::Keyword, kEvents, false},
    {"app-layer-protocol", K::Keyword, kDetect, false},
    {"dce_iface", K::Keyword, kDce, false},
    {"dce_opnum", K::Keyword, kDce, false},
    {"dns.opcode", K::Keyword, kDns, false},
    {"fileext", K::Keyword, kFile, false},
    {"filemagic", K::Keyword, kFile, false},
    {"filemd5", K::Keyword, kFile, false},
    {"filename", K::Keyword, kFile, false},
    {"filesha1", K::Keyword, kFile, false},
    {"filesha256", K::Keyword, kFile, false},
    {"filesize", K::Keyword, kFile, false},
    {"filestore", K::Keyword, kFile, false},
    {"ftpbounce", K::Keyword, kFtp, false},
    {"krb5_msg_type", K::Keyword, kKrb, false},
    {"ssh.protoversion", K::Keyword, kSsh, false},
    {"ssh.softwareversion", K::Keyword, kSsh, false},
    {"ssl_state", K::Keyword, kTls, false},
    {"ssl_version", K::Keyword, kTls, false},
    {"tls.cert_chain_len", K::Keyword, kTls, false},
    {"tls.fingerprint", K::Keyword, kTls, false},
    {"tls.issuerdn", K::Keyword, kTls, false},
    {"tls.store", K::Keyword, kTls, false},
    {"tls.subject", K::Keyword, kTls, false},
    {"tls.version", K::Keyword, kTls, false},
    {"tls_cert_expired", K::Keyword, kTls, false},
    {"tls_cert_notafter", K::Keyword, kTls, false},
    {"tls_cert_notbefore", K::Keyword, kTls, false},
    {"tls_cert_valid", K::Keyword, kTls, false},
    {"urilen", K::Keyword, kHttp, false},

    // transforms
    {"compress_whitespace", K::Transform, kXf, false},
    {"dotprefix", K::Transform, kXf, false},
    {"from_base64", K::Transform, kXf, false},
    {"header_lowercase", K::Transform, kXf, false},
    {"pcrexform", K::Transform, kXf, false},
    {"strip_pseudo_headers", K::Transform, kXf, false},
    {"strip_whitespace", K::Transform, kXf, false},
    {"to_lowercase", K::Transform, kXf, false},
    {"to_md5", K::Transform, kXf, false},
    {"to_sha1", K::Transform, kXf, false},
    {"to_sha256", K::Transform, kXf, false},
    {"to_uppercase", K::Transform, kXf, false},
    {"url_decode", K::Transform, kXf, false},
    {"xor", K::Transform, kXf, false},
};

constexpr uint8_t kTcp = 6, kUdp = 17;

// Header protocols that name an application layer, with the transport(s) they run on.
const AppProto kAppProtos[] = {
    {"bittorrent-dht", {kUdp}, false}, {"dcerpc", {kTcp, kUdp}, false}, {"dhcp", {kUdp}, false},
    {"dnp3", {kTcp}, false},           {"dns", {kTcp, kUdp}, false},    {"enip", {kTcp, kUdp}, false},
    {"ftp", {kTcp}, false},            {"ftp-data", {kTcp}, false},     {"http", {kTcp}, false},
    {"http1", {kTcp}, false},          {"http2", {kTcp}, false},        {"ike", {kUdp}, false},
    {"imap", {kTcp}, false},           {"irc", {kTcp}, false},          {"krb5", {kTcp, kUdp}, false},
    {"ldap", {kTcp, kUdp}, false},     {"modbus", {kTcp}, false},       {"mqtt", {kTcp}, false},
    {"nfs", {kTcp, kUdp}, false},      {"ntp", {kUdp}, false},          {"pgsql", {kTcp}, false},
    {"pop3", {kTcp}, false},           {"quic", {kUdp}, false},         {"rdp", {kTcp}, false},
    {"rfb", {kTcp}, false},            {"sip", {kTcp, kUdp}, false},    {"smb", {kTcp}, false},
    {"smtp", {kTcp}, false},           {"snmp", {kUdp}, false},         {"ssh", {kTcp}, false},
    {"telnet", {kTcp}, false},         {"tftp", {kUdp}, false},         {"tls", {kTcp}, false},
    {"websocket", {kTcp}, false},
};

}  // namespace

const Feature* find_feature(std::string_view name, FeatureKind kind) {
    for (const auto& f : kFeatures)
        if (f.kind == kind && f.name == name) return &f;
    return nullptr;
}

const AppProto* find_app_proto(std::string_view name) {
    for (const auto& p : kAppProtos)
        if (p.name == name) return &p;
    return nullptr;
}

std::string unavailable_reason(const Feature& f) {
    std::string what = f.kind == FeatureKind::Buffer    ? "needs app-layer buffer "
                       : f.kind == FeatureKind::Keyword ? "needs app-layer keyword "
                                                        : "needs transform ";
    return what + std::string(f.name) + " (" + std::string(f.needs) + " not available yet)";
}

}  // namespace vigie::rules
