#include "detect/app_buffers.h"

#include "app/dns/dns_transaction.h"
#include "app/http/http_transaction.h"
#include "app/tls/tls_transaction.h"
#include "detect/rule_compiler.h"

#include <openssl/evp.h>

#include <array>
#include <cctype>

namespace vigie::detect {

namespace {

using app::AppProto;
using app::BufferId;
namespace dns = app::dns;

bool view_of(const std::string& s, app::BufferView& out) {
    out.data = reinterpret_cast<const uint8_t*>(s.data());
    out.len = uint32_t(s.size());
    return true;
}

// ---- DNS record names (Suricata 8's dns.*.rrname buffers) ----

const dns::DnsMessage* dns_message(const app::Transaction& tx) {
    auto* d = dynamic_cast<const app::DnsTransaction*>(&tx);
    return d ? &d->message() : nullptr;
}

bool dns_queries(const app::Transaction& tx, bool, uint32_t i, app::BufferView& out) {
    const auto* m = dns_message(tx);
    return m && i < m->queries.size() && view_of(m->queries[i].name.value, out);
}

template <std::vector<dns::DnsRecord> dns::DnsMessage::*Section>
bool dns_section(const app::Transaction& tx, bool, uint32_t i, app::BufferView& out) {
    const auto* m = dns_message(tx);
    return m && i < (m->*Section).size() && view_of((m->*Section)[i].name.value, out);
}

// The names a record carries in its data (CNAME/NS/PTR/MX, SOA, SRV), in order.
uint32_t rdata_names(const dns::Rdata& d, const std::string** out) {
    if (auto* n = std::get_if<dns::RdataName>(&d)) {
        out[0] = &n->name.value;
        return 1;
    }
    if (auto* soa = std::get_if<dns::RdataSoa>(&d)) {
        out[0] = &soa->mname.value;
        out[1] = &soa->rname.value;
        return 2;
    }
    if (auto* srv = std::get_if<dns::RdataSrv>(&d)) {
        out[0] = &srv->target.value;
        return 1;
    }
    return 0;
}

// dns.response.rrname: every name of a response, questions, then each record's
// owner name followed by the names in its data, section by section.
bool dns_response_names(const app::Transaction& tx, bool, uint32_t i, app::BufferView& out) {
    auto* d = dynamic_cast<const app::DnsTransaction*>(&tx);
    if (!d || d->is_request()) return false;
    const dns::DnsMessage& m = d->message();
    if (i < m.queries.size()) return view_of(m.queries[i].name.value, out);
    i -= uint32_t(m.queries.size());
    for (const auto* section : {&m.answers, &m.authorities, &m.additionals}) {
        for (const auto& rec : *section) {
            if (i == 0) return view_of(rec.name.value, out);
            --i;
            const std::string* names[2];
            const uint32_t n = rdata_names(rec.data, names);
            if (i < n) return view_of(*names[i], out);
            i -= n;
        }
    }
    return false;
}

// ---- tls.random_time / tls.random_bytes: the two parts of tls.random ----

template <uint32_t Off, uint32_t Len>
bool tls_random_part(const app::Transaction& tx, bool to_server, uint32_t i, app::BufferView& out) {
    app::BufferView all;
    if (i != 0 || !tx.buffer_dir(BufferId::TlsRandom, to_server, 0, all) || all.len < Off + Len) return false;
    out.data = all.data + Off;
    out.len = Len;
    return true;
}

// ---- http.connection exists on both sides (Suricata's header stub registers it
// for requests and responses); the parser answers the request's ----

bool http_connection(const app::Transaction& tx, bool to_server, uint32_t i, app::BufferView& out) {
    if (tx.buffer_dir(BufferId::HttpConnection, to_server, i, out)) return true;
    if (to_server) return false;
    auto* h = dynamic_cast<const app::HttpTransaction*>(&tx);
    if (!h || i != 0 || !h->response_headers_done) return false;
    const app::HttpHeader* c = h->response_header("connection");
    return c && view_of(c->value, out);
}

// ---- certificate buffers: the server's chain toward the client (the parser's),
// the client's chain toward the server (client authentication, Suricata 8) ----

template <BufferId Id>
bool tls_cert_field(const app::Transaction& tx, bool to_server, uint32_t i, app::BufferView& out) {
    if (!to_server) return tx.buffer_dir(Id, false, i, out);
    auto* t = dynamic_cast<const app::TlsTransaction*>(&tx);
    if (!t || t->client_certs.empty()) return false;
    if (Id == BufferId::TlsCerts) {
        if (i >= t->client_certs.size() || t->client_certs[i].der.empty()) return false;
        out.data = t->client_certs[i].der.data();
        out.len = uint32_t(t->client_certs[i].der.size());
        return true;
    }
    const app::TlsCert& c = t->client_certs.front();
    if (i != 0 || !c.decoded) return false;
    const std::string& v = Id == BufferId::TlsCertSubject  ? c.subject
                           : Id == BufferId::TlsCertIssuer ? c.issuer
                           : Id == BufferId::TlsCertSerial ? c.serial
                                                           : c.fingerprint;
    return !v.empty() && view_of(v, out);
}

// Sides as Suricata registers each buffer's inspection engines (detect-http-*.c,
// detect-dns-query.c, detect-tls-*.c, detect-ssh-*.c; Suricata 7/8).
const AppBufferInfo kBuffers[] = {
    {"dns.additionals.rrname", BufferId::DnsQuery, AppProto::Dns, kBothSides, dns_section<&dns::DnsMessage::additionals>},
    {"dns.answers.rrname", BufferId::DnsQuery, AppProto::Dns, kBothSides, dns_section<&dns::DnsMessage::answers>},
    {"dns.authorities.rrname", BufferId::DnsQuery, AppProto::Dns, kBothSides, dns_section<&dns::DnsMessage::authorities>},
    {"dns.queries.rrname", BufferId::DnsQuery, AppProto::Dns, kBothSides, dns_queries},
    {"dns.query", BufferId::DnsQuery, AppProto::Dns, kToServer},
    {"dns.response.rrname", BufferId::DnsQuery, AppProto::Dns, kToClient, dns_response_names},
    {"file.data", BufferId::FileData, AppProto::Http, kBothSides},
    {"file.magic", BufferId::FileMagic, AppProto::Http, kBothSides},
    {"file.name", BufferId::FileName, AppProto::Http, kBothSides},
    {"http.accept", BufferId::HttpAccept, AppProto::Http, kToServer},
    {"http.accept_enc", BufferId::HttpAcceptEnc, AppProto::Http, kToServer},
    {"http.accept_lang", BufferId::HttpAcceptLang, AppProto::Http, kToServer},
    {"http.connection", BufferId::HttpConnection, AppProto::Http, kBothSides, http_connection},
    {"http.content_len", BufferId::HttpContentLen, AppProto::Http, kBothSides},
    {"http.content_type", BufferId::HttpContentType, AppProto::Http, kBothSides},
    {"http.cookie", BufferId::HttpCookie, AppProto::Http, kBothSides},
    {"http.header", BufferId::HttpHeader, AppProto::Http, kBothSides},
    {"http.header.raw", BufferId::HttpHeaderRaw, AppProto::Http, kBothSides},
    {"http.header_names", BufferId::HttpHeaderNames, AppProto::Http, kBothSides},
    {"http.host", BufferId::HttpHost, AppProto::Http, kToServer},
    {"http.host.raw", BufferId::HttpHostRaw, AppProto::Http, kToServer},
    {"http.location", BufferId::HttpLocation, AppProto::Http, kToClient},
    {"http.method", BufferId::HttpMethod, AppProto::Http, kToServer},
    {"http.protocol", BufferId::HttpProtocol, AppProto::Http, kBothSides},
    {"http.referer", BufferId::HttpReferer, AppProto::Http, kToServer},
    {"http.request_body", BufferId::HttpRequestBody, AppProto::Http, kToServer},
    {"http.request_header", BufferId::HttpRequestHeader, AppProto::Http, kToServer},
    {"http.request_line", BufferId::HttpRequestLine, AppProto::Http, kToServer},
    {"http.response_header", BufferId::HttpResponseHeader, AppProto::Http, kToClient},
    {"http.response_line", BufferId::HttpResponseLine, AppProto::Http, kToClient},
    {"http.server", BufferId::HttpServer, AppProto::Http, kToClient},
    {"http.start", BufferId::HttpStart, AppProto::Http, kBothSides},
    {"http.stat_code", BufferId::HttpStatCode, AppProto::Http, kToClient},
    {"http.stat_msg", BufferId::HttpStatMsg, AppProto::Http, kToClient},
    {"http.uri", BufferId::HttpUri, AppProto::Http, kToServer},
    {"http.uri.raw", BufferId::HttpUriRaw, AppProto::Http, kToServer},
    {"http.user_agent", BufferId::HttpUserAgent, AppProto::Http, kToServer},
    {"ja3.hash", BufferId::Ja3Hash, AppProto::Tls, kToServer},
    {"ja3.string", BufferId::Ja3String, AppProto::Tls, kToServer},
    {"ja3s.hash", BufferId::Ja3sHash, AppProto::Tls, kToClient},
    {"ja3s.string", BufferId::Ja3sString, AppProto::Tls, kToClient},
    {"ja4.hash", BufferId::Ja4Hash, AppProto::Tls, kToServer},
    {"ssh.proto", BufferId::SshProto, AppProto::Ssh, kBothSides},
    {"ssh.software", BufferId::SshSoftware, AppProto::Ssh, kBothSides},
    {"tls.cert_fingerprint", BufferId::TlsCertFingerprint, AppProto::Tls, kBothSides,
     tls_cert_field<BufferId::TlsCertFingerprint>},
    {"tls.cert_issuer", BufferId::TlsCertIssuer, AppProto::Tls, kBothSides, tls_cert_field<BufferId::TlsCertIssuer>},
    {"tls.cert_serial", BufferId::TlsCertSerial, AppProto::Tls, kBothSides, tls_cert_field<BufferId::TlsCertSerial>},
    {"tls.cert_subject", BufferId::TlsCertSubject, AppProto::Tls, kBothSides, tls_cert_field<BufferId::TlsCertSubject>},
    {"tls.certs", BufferId::TlsCerts, AppProto::Tls, kBothSides, tls_cert_field<BufferId::TlsCerts>},
    {"tls.random", BufferId::TlsRandom, AppProto::Tls, kBothSides},
    {"tls.random_bytes", BufferId::TlsRandom, AppProto::Tls, kBothSides, tls_random_part<4, 28>},
    {"tls.random_time", BufferId::TlsRandom, AppProto::Tls, kBothSides, tls_random_part<0, 4>},
    {"tls.sni", BufferId::TlsSni, AppProto::Tls, kToServer},
};

inline uint8_t lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? uint8_t(c + 32) : c; }
inline uint8_t upper(uint8_t c) { return (c >= 'a' && c <= 'z') ? uint8_t(c - 32) : c; }
// C isspace in the "C" locale, as Suricata's transforms use.
inline bool space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

int hex_value(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int base64_value(uint8_t c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

void digest(const EVP_MD* md, const uint8_t* data, uint32_t len, std::vector<uint8_t>& out) {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const uint8_t kEmpty = 0;
    if (EVP_Digest(data ? data : &kEmpty, len, d, &n, md, nullptr) != 1) n = 0;
    out.insert(out.end(), d, d + n);
}

}  // namespace

const AppBufferInfo* app_buffer_info(std::string_view name) {
    for (const auto& b : kBuffers)
        if (b.name == name) return &b;
    return nullptr;
}

app::AppProto app_proto_from_name(std::string_view name) {
    if (name == "http" || name == "http1") return AppProto::Http;
    if (name == "dns") return AppProto::Dns;
    if (name == "tls") return AppProto::Tls;
    if (name == "ssh") return AppProto::Ssh;
    if (name == "failed") return AppProto::Failed;
    return AppProto::Unknown;
}

namespace {

Result<std::string> unquote_arg(const std::string& arg) {
    if (arg.size() < 2 || arg.front() != '"' || arg.back() != '"') return make_error("expected a quoted argument");
    return arg.substr(1, arg.size() - 2);
}

Result<Transform> parse_simple(const std::string& name, const std::string& arg) {
    using K = Transform::Kind;
    static const std::pair<std::string_view, K> kNames[] = {
        {"to_lowercase", K::ToLower},        {"to_uppercase", K::ToUpper},
        {"strip_whitespace", K::StripWhitespace}, {"compress_whitespace", K::CompressWhitespace},
        {"dotprefix", K::DotPrefix},         {"to_md5", K::Md5},
        {"to_sha1", K::Sha1},                {"to_sha256", K::Sha256},
        {"url_decode", K::UrlDecode},        {"xor", K::Xor},
        {"header_lowercase", K::HeaderLowercase}, {"strip_pseudo_headers", K::StripPseudoHeaders},
        {"from_base64", K::FromBase64},
    };
    Transform t;
    bool known = false;
    for (auto [n, k] : kNames)
        if (n == name) {
            t.kind = k;
            known = true;
        }
    if (!known) return make_error("transform " + name + " not supported");
    if (t.kind == K::Xor) {
        auto hex = unquote_arg(arg);
        if (!hex) return make_error("xor: " + hex.error());
        if (hex->empty() || hex->size() % 2) return make_error("xor: key must be an even number of hex digits");
        for (size_t i = 0; i < hex->size(); i += 2) {
            int hi = hex_value(uint8_t((*hex)[i])), lo = hex_value(uint8_t((*hex)[i + 1]));
            if (hi < 0 || lo < 0) return make_error("xor: key must be hex digits");
            t.key.push_back(char(hi * 16 + lo));
        }
    } else if (!arg.empty()) {
        return make_error("transform " + name + " takes no argument here");
    }
    return t;
}

}  // namespace

Result<Transform> parse_transform(const std::string& text, CompileContext& ctx) {
    const size_t colon = text.find(':');
    const std::string name = text.substr(0, colon);
    const std::string arg = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    if (name != "pcrexform") return parse_simple(name, arg);
    auto re = unquote_arg(arg);
    if (!re) return make_error("pcrexform: " + re.error());
    auto prog = ctx.regex(*re, 0);
    if (!prog) return make_error("pcrexform: " + prog.error());
    Transform t;
    t.kind = Transform::Kind::PcreXform;
    t.pcre = *prog;
    return t;
}

void apply_transform(const Transform& t, const uint8_t* in, uint32_t len, std::vector<uint8_t>& out,
                     PcreScratch* pcre) {
    using K = Transform::Kind;
    out.clear();
    switch (t.kind) {
        case K::ToLower:
            for (uint32_t i = 0; i < len; ++i) out.push_back(lower(in[i]));
            break;
        case K::ToUpper:
            for (uint32_t i = 0; i < len; ++i) out.push_back(upper(in[i]));
            break;
        case K::StripWhitespace:
            for (uint32_t i = 0; i < len; ++i)
                if (!space(in[i])) out.push_back(in[i]);
            break;
        case K::CompressWhitespace:
            // A run of whitespace keeps its first byte (Suricata keeps it as is).
            for (uint32_t i = 0; i < len; ++i) {
                out.push_back(in[i]);
                if (space(in[i]))
                    while (i + 1 < len && space(in[i + 1])) ++i;
            }
            break;
        case K::DotPrefix:
            out.push_back('.');
            out.insert(out.end(), in, in + len);
            break;
        case K::Md5: digest(EVP_md5(), in, len, out); break;
        case K::Sha1: digest(EVP_sha1(), in, len, out); break;
        case K::Sha256: digest(EVP_sha256(), in, len, out); break;
        case K::UrlDecode:
            // %HH decoded, '+' becomes a space, a '%' without two hex digits kept.
            for (uint32_t i = 0; i < len; ++i) {
                if (in[i] == '%' && i + 2 < len && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
                    out.push_back(uint8_t(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
                    i += 2;
                } else {
                    out.push_back(in[i] == '+' ? uint8_t(' ') : in[i]);
                }
            }
            break;
        case K::Xor:
            for (uint32_t i = 0; i < len; ++i) out.push_back(uint8_t(in[i] ^ uint8_t(t.key[i % t.key.size()])));
            break;
        case K::PcreXform: {
            uint32_t gs = 0, ge = 0;
            if (pcre && t.pcre && pcre->match_last_group(*t.pcre, in, len, &gs, &ge) == PcreScratch::Outcome::Match)
                out.insert(out.end(), in + gs, in + ge);
            else
                out.insert(out.end(), in, in + len);
            break;
        }
        case K::HeaderLowercase: {
            // Header names (up to the ':' of each line) lower-cased, values kept.
            bool in_value = false;
            for (uint32_t i = 0; i < len; ++i) {
                const uint8_t c = in[i];
                if (in_value) {
                    if (c == '\n') in_value = false;
                    out.push_back(c);
                } else {
                    out.push_back(lower(c));
                    if (c == ':') in_value = true;
                }
            }
            break;
        }
        case K::StripPseudoHeaders: {
            // Lines starting with ':' (HTTP/2 pseudo-headers) removed.
            uint32_t start = 0;
            while (start < len) {
                uint32_t end = start;
                while (end < len && in[end] != '\n') ++end;
                if (end < len) ++end;  // keep the '\n'
                if (in[start] != ':') out.insert(out.end(), in + start, in + end);
                start = end;
            }
            break;
        }
        case K::FromBase64: {
            // RFC 4648: decode up to the first byte outside the alphabet ('=' included).
            uint32_t acc = 0;
            int bits = 0;
            for (uint32_t i = 0; i < len; ++i) {
                const int v = base64_value(in[i]);
                if (v < 0) break;
                acc = (acc << 6) | uint32_t(v);
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    out.push_back(uint8_t(acc >> bits));
                    acc &= (1u << bits) - 1;
                }
            }
            break;
        }
    }
}

void apply_transforms(const std::vector<Transform>& chain, const uint8_t* data, uint32_t len,
                      std::vector<uint8_t>& out, TransformScratch& s) {
    const uint8_t* cur = data;
    uint32_t cur_len = len;
    std::vector<uint8_t>* bufs[2] = {&s.a, &s.b};
    for (size_t i = 0; i < chain.size(); ++i) {
        std::vector<uint8_t>& dst = *bufs[i & 1];
        apply_transform(chain[i], cur, cur_len, dst, s.pcre);
        cur = dst.data();
        cur_len = uint32_t(dst.size());
    }
    out.insert(out.end(), cur, cur + cur_len);
}

}  // namespace vigie::detect
