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

// Sorted by name within kind; flip `available` when the provider lands. Detection
// (detect/app_buffers.cpp, app_checks.cpp) evaluates every available row; a few
// arguments it cannot (app-layer-event names other than HTTP's and dns.z_flag_set)
// are refused when the rule set is compiled.
constexpr Feature kFeatures[] = {
    {"payload", K::Buffer, "", true},
    // HTTP
    {"http.accept", K::Buffer, kHttp, true},
    {"http.accept_enc", K::Buffer, kHttp, true},
    {"http.accept_lang", K::Buffer, kHttp, true},
    {"http.connection", K::Buffer, kHttp, true},
    {"http.content_len", K::Buffer, kHttp, true},
    {"http.content_type", K::Buffer, kHttp, true},
    {"http.cookie", K::Buffer, kHttp, true},
    {"http.header", K::Buffer, kHttp, true},
    {"http.header.raw", K::Buffer, kHttp, true},
    {"http.header_names", K::Buffer, kHttp, true},
    {"http.host", K::Buffer, kHttp, true},
    {"http.host.raw", K::Buffer, kHttp, true},
    {"http.location", K::Buffer, kHttp, true},
    {"http.method", K::Buffer, kHttp, true},
    {"http.protocol", K::Buffer, kHttp, true},
    {"http.referer", K::Buffer, kHttp, true},
    {"http.request_body", K::Buffer, kHttp, true},
    {"http.request_header", K::Buffer, kHttp, true},
    {"http.request_line", K::Buffer, kHttp, true},
    {"http.response_header", K::Buffer, kHttp, true},
    {"http.response_line", K::Buffer, kHttp, true},
    {"http.server", K::Buffer, kHttp, true},
    {"http.start", K::Buffer, kHttp, true},
    {"http.stat_code", K::Buffer, kHttp, true},
    {"http.stat_msg", K::Buffer, kHttp, true},
    {"http.uri", K::Buffer, kHttp, true},
    {"http.uri.raw", K::Buffer, kHttp, true},
    {"http.user_agent", K::Buffer, kHttp, true},
    // files (HTTP/SMTP/FTP/SMB bodies); http.response_body is an alias of file.data in Suricata 7
    {"file.data", K::Buffer, kFile, true},
    {"file.magic", K::Buffer, kFile, true},
    {"file.name", K::Buffer, kFile, true},
    // DNS
    {"dns.additionals.rrname", K::Buffer, kDns, true},
    {"dns.answers.rrname", K::Buffer, kDns, true},
    {"dns.authorities.rrname", K::Buffer, kDns, true},
    {"dns.queries.rrname", K::Buffer, kDns, true},
    {"dns.query", K::Buffer, kDns, true},
    {"dns.response.rrname", K::Buffer, kDns, true},
    // TLS
    {"ja3.hash", K::Buffer, kTls, true},
    {"ja3.string", K::Buffer, kTls, true},
    {"ja3s.hash", K::Buffer, kTls, true},
    {"ja3s.string", K::Buffer, kTls, true},
    {"ja4.hash", K::Buffer, kTls, true},
    {"tls.cert_fingerprint", K::Buffer, kTls, true},
    {"tls.cert_issuer", K::Buffer, kTls, true},
    {"tls.cert_serial", K::Buffer, kTls, true},
    {"tls.cert_subject", K::Buffer, kTls, true},
    {"tls.certs", K::Buffer, kTls, true},
    {"tls.random", K::Buffer, kTls, true},
    {"tls.random_bytes", K::Buffer, kTls, true},
    {"tls.random_time", K::Buffer, kTls, true},
    {"tls.sni", K::Buffer, kTls, true},
    // SSH
    {"ssh.hassh", K::Buffer, kSsh, false},
    {"ssh.hassh.server", K::Buffer, kSsh, false},
    {"ssh.hassh.server.string", K::Buffer, kSsh, false},
    {"ssh.hassh.string", K::Buffer, kSsh, false},
    {"ssh.proto", K::Buffer, kSsh, true},
    {"ssh.software", K::Buffer, kSsh, true},
    // others
    {"dce_stub_data", K::Buffer, kDce, false},
    {"krb5_cname", K::Buffer, kKrb, false},
    {"krb5_sname", K::Buffer, kKrb, false},
    {"smb.named_pipe", K::Buffer, kSmb, false},
    {"smb.share", K::Buffer, kSmb, false},
    {"snmp.community", K::Buffer, kSnmp, false},

    // app-layer keywords that are not buffers
    {"app-layer-event", K::Keyword, kEvents, true},
    {"app-layer-protocol", K::Keyword, kDetect, true},
    {"dce_iface", K::Keyword, kDce, false},
    {"dce_opnum", K::Keyword, kDce, false},
    {"dns.opcode", K::Keyword, kDns, true},
    {"dns.rcode", K::Keyword, kDns, true},
    {"dns.rrtype", K::Keyword, kDns, true},
    {"fileext", K::Keyword, kFile, true},
    {"filemagic", K::Keyword, kFile, true},
    {"filemd5", K::Keyword, kFile, true},
    {"filename", K::Keyword, kFile, true},
    {"filesha1", K::Keyword, kFile, true},
    {"filesha256", K::Keyword, kFile, true},
    {"filesize", K::Keyword, kFile, true},
    {"filestore", K::Keyword, kFile, true},
    {"ftpbounce", K::Keyword, kFtp, false},
    {"krb5_msg_type", K::Keyword, kKrb, false},
    {"ssh.protoversion", K::Keyword, kSsh, false},
    {"ssh.softwareversion", K::Keyword, kSsh, false},
    {"ssl_state", K::Keyword, kTls, true},
    {"ssl_version", K::Keyword, kTls, true},
    {"tls.cert_chain_len", K::Keyword, kTls, true},
    {"tls.fingerprint", K::Keyword, kTls, true},
    {"tls.issuerdn", K::Keyword, kTls, true},
    {"tls.store", K::Keyword, kTls, true},
    {"tls.subject", K::Keyword, kTls, true},
    {"tls.version", K::Keyword, kTls, true},
    {"tls_cert_expired", K::Keyword, kTls, true},
    {"tls_cert_notafter", K::Keyword, kTls, true},
    {"tls_cert_notbefore", K::Keyword, kTls, true},
    {"tls_cert_valid", K::Keyword, kTls, true},
    {"urilen", K::Keyword, kHttp, true},

    // transforms
    {"compress_whitespace", K::Transform, kXf, true},
    {"dotprefix", K::Transform, kXf, true},
    {"from_base64", K::Transform, kXf, true},
    {"header_lowercase", K::Transform, kXf, true},
    {"pcrexform", K::Transform, kXf, true},
    {"strip_pseudo_headers", K::Transform, kXf, true},
    {"strip_whitespace", K::Transform, kXf, true},
    {"to_lowercase", K::Transform, kXf, true},
    {"to_md5", K::Transform, kXf, true},
    {"to_sha1", K::Transform, kXf, true},
    {"to_sha256", K::Transform, kXf, true},
    {"to_uppercase", K::Transform, kXf, true},
    {"url_decode", K::Transform, kXf, true},
    {"xor", K::Transform, kXf, true},
};

constexpr uint8_t kTcp = 6, kUdp = 17;

// Header protocols that name an application layer, with the transport(s) they run on.
const AppProto kAppProtos[] = {
    {"bittorrent-dht", {kUdp}, false}, {"dcerpc", {kTcp, kUdp}, false}, {"dhcp", {kUdp}, false},
    {"dnp3", {kTcp}, false},           {"dns", {kTcp, kUdp}, true},     {"enip", {kTcp, kUdp}, false},
    {"ftp", {kTcp}, false},            {"ftp-data", {kTcp}, false},     {"http", {kTcp}, true},
    {"http1", {kTcp}, true},           {"http2", {kTcp}, false},        {"ike", {kUdp}, false},
    {"imap", {kTcp}, false},           {"irc", {kTcp}, false},          {"krb5", {kTcp, kUdp}, false},
    {"ldap", {kTcp, kUdp}, false},     {"modbus", {kTcp}, false},       {"mqtt", {kTcp}, false},
    {"nfs", {kTcp, kUdp}, false},      {"ntp", {kUdp}, false},          {"pgsql", {kTcp}, false},
    {"pop3", {kTcp}, false},           {"quic", {kUdp}, false},         {"rdp", {kTcp}, false},
    {"rfb", {kTcp}, false},            {"sip", {kTcp, kUdp}, false},    {"smb", {kTcp}, false},
    {"smtp", {kTcp}, false},           {"snmp", {kUdp}, false},         {"ssh", {kTcp}, true},
    {"telnet", {kTcp}, false},         {"tftp", {kUdp}, false},         {"tls", {kTcp}, true},
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
