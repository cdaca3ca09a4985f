#include "app/tls/tls_messages.h"

#include <algorithm>
#include <cstring>

#include "app/tls/tls_cert.h"
#include "app/tls/tls_fingerprint.h"
#include "app/tls/tls_reader.h"

namespace vigie::app::tls {

namespace {

// Bounds on what one hello may make us keep (the message size bounds the rest).
constexpr size_t kMaxAlpns = 32;

// RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr uint8_t kHelloRetryRandom[32] = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
                                           0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
                                           0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

bool read_u16_list(Reader r, std::vector<uint16_t>& out) {
    out.clear();
    uint16_t v;
    while (r.n >= 2 && r.u16(v)) out.push_back(v);
    return r.empty();
}

bool read_alpns(Reader list, std::vector<std::string>& out) {
    out.clear();
    Reader name;
    while (!list.empty()) {
        if (!list.vec8(name)) return false;
        if (out.size() < kMaxAlpns) out.emplace_back(reinterpret_cast<const char*>(name.p), name.n);
    }
    return true;
}

// server_name (RFC 6066 §3): the first host_name entry is the SNI.
bool read_sni(Reader ext, TlsTransaction& tx, EventSink& ev) {
    Reader list, name;
    // Faults stay inside the extension (its own length bounds it): event, go on.
    if (!ext.vec16(list)) {
        ev.push_back("tls.invalid_sni_length");
        return true;
    }
    while (!list.empty()) {
        uint8_t type;
        if (!list.u8(type) || !list.vec16(name)) {
            ev.push_back("tls.invalid_sni_length");
            return true;
        }
        if (type != 0) {
            ev.push_back("tls.invalid_sni_type");
            continue;
        }
        if (tx.sni.empty()) tx.sni.assign(reinterpret_cast<const char*>(name.p), name.n);
    }
    return true;
}

bool read_client_extension(uint16_t type, Reader ext, TlsTransaction& tx, bool& sni_seen, EventSink& ev) {
    Reader v;
    switch (type) {
        case 0x0000:
            if (sni_seen) {
                ev.push_back("tls.multiple_sni_extensions");
                return true;
            }
            sni_seen = true;
            return read_sni(ext, tx, ev);
        case 0x000a: return ext.vec16(v) && read_u16_list(v, tx.groups);
        case 0x000b:
            if (!ext.vec8(v)) return false;
            tx.point_formats.assign(v.p, v.p + v.n);
            return true;
        case 0x000d: return ext.vec16(v) && read_u16_list(v, tx.sig_algs);
        case 0x0010: return ext.vec16(v) && read_alpns(v, tx.client_alpns);
        case 0x002b: return ext.vec8(v) && read_u16_list(v, tx.client_versions);
        default: return true;
    }
}

bool read_server_extension(uint16_t type, Reader ext, TlsTransaction& tx) {
    Reader v;
    switch (type) {
        case 0x0010: return ext.vec16(v) && read_alpns(v, tx.server_alpns);
        case 0x002b: {
            uint16_t selected;
            if (!ext.u16(selected)) return false;
            tx.server_version = selected;
            return true;
        }
        default: return true;
    }
}

bool invalid(EventSink& ev, const char* name) {
    ev.push_back(name);
    return false;
}

}  // namespace

bool parse_client_hello(const uint8_t* body, uint32_t len, TlsTransaction& tx, EventSink& ev) {
    Reader r{body, len};
    Reader random, sid, ciphers, comp, exts;
    if (!r.u16(tx.client_version) || !r.sub(32, random) || !r.vec8(sid) || sid.n > 32 || !r.vec16(ciphers) ||
        (ciphers.n & 1) || !r.vec8(comp))
        return invalid(ev, "tls.handshake_invalid_length");
    tx.client_hello_seen = true;
    std::memcpy(tx.client_random.data(), random.p, 32);
    tx.client_session_id.assign(sid.p, sid.p + sid.n);
    read_u16_list(ciphers, tx.ciphers);
    tx.client_exts.clear();
    // Extensions are optional (SSLv3 and old TLS clients end here).
    if (!r.empty()) {
        if (!r.vec16(exts) || !r.empty()) return invalid(ev, "tls.handshake_invalid_length");
        bool sni_seen = false;
        while (!exts.empty()) {
            uint16_t type;
            Reader ext;
            if (!exts.u16(type) || !exts.vec16(ext)) return invalid(ev, "tls.handshake_invalid_length");
            tx.client_exts.push_back(type);
            if (!read_client_extension(type, ext, tx, sni_seen, ev))
                return invalid(ev, "tls.handshake_invalid_length");
        }
    }
    compute_client_fingerprints(tx);
    return true;
}

bool parse_server_hello(const uint8_t* body, uint32_t len, TlsTransaction& tx, EventSink& ev) {
    Reader r{body, len};
    Reader random, sid, exts;
    uint8_t compression;
    uint16_t version;
    if (!r.u16(version) || !r.sub(32, random) || !r.vec8(sid) || sid.n > 32 || !r.u16(tx.server_cipher) ||
        !r.u8(compression))
        return invalid(ev, "tls.handshake_invalid_length");
    tx.server_hello_seen = true;
    tx.server_legacy_version = version;
    tx.server_version = version;
    std::memcpy(tx.server_random.data(), random.p, 32);
    tx.hello_retry = tx.hello_retry || std::memcmp(random.p, kHelloRetryRandom, 32) == 0;
    tx.server_session_id.assign(sid.p, sid.p + sid.n);
    // TLS <= 1.2 resumption: the server accepts the session id the client offered.
    tx.session_resumed = !tx.client_session_id.empty() && tx.client_session_id == tx.server_session_id;
    tx.server_exts.clear();
    if (!r.empty()) {
        if (!r.vec16(exts) || !r.empty()) return invalid(ev, "tls.handshake_invalid_length");
        while (!exts.empty()) {
            uint16_t type;
            Reader ext;
            if (!exts.u16(type) || !exts.vec16(ext)) return invalid(ev, "tls.handshake_invalid_length");
            tx.server_exts.push_back(type);
            if (!read_server_extension(type, ext, tx)) return invalid(ev, "tls.handshake_invalid_length");
        }
    }
    if (tx.server_version == 0x0304) tx.session_resumed = false;  // 1.3 echoes the id for compatibility
    compute_server_fingerprints(tx);
    return true;
}

bool parse_certificate(const uint8_t* body, uint32_t len, std::vector<TlsCert>& chain, EventSink& ev) {
    Reader r{body, len};
    Reader list;
    if (!r.vec24(list) || !r.empty()) return invalid(ev, "tls.certificate_invalid_length");
    chain.clear();
    bool ok = true;
    while (!list.empty()) {
        Reader der;
        if (!list.vec24(der)) return invalid(ev, "tls.certificate_invalid_length");
        if (chain.size() >= kMaxChain) continue;
        TlsCert& c = chain.emplace_back();
        c.der.assign(der.p, der.p + der.n);
        if (!decode_cert(c)) {
            ev.push_back("tls.invalid_certificate");
            ok = false;
        }
    }
    return ok;
}

bool parse_sslv2_client_hello(const uint8_t* msg, uint32_t len, TlsTransaction& tx, EventSink& ev) {
    // msg_type(1)=1, version(2), cipher_specs_length(2), session_id_length(2),
    // challenge_length(2), then the three fields (RFC 5246 Appendix E.2).
    Reader r{msg, len};
    uint8_t type;
    uint16_t cs_len, sid_len, ch_len;
    Reader specs, sid, challenge;
    if (!r.u8(type) || type != 1 || !r.u16(tx.client_version) || !r.u16(cs_len) || !r.u16(sid_len) ||
        !r.u16(ch_len) || cs_len % 3 || !r.sub(cs_len, specs) || !r.sub(sid_len, sid) || !r.sub(ch_len, challenge) ||
        ch_len > 32)
        return invalid(ev, "tls.invalid_sslv2_header");
    tx.client_hello_seen = true;
    tx.sslv2_client_hello = true;
    tx.client_session_id.assign(sid.p, sid.p + sid.n);
    std::memcpy(tx.client_random.data() + 32 - ch_len, challenge.p, ch_len);
    // Three-byte cipher kinds: those with a zero first byte are TLS cipher suites.
    tx.ciphers.clear();
    for (uint32_t i = 0; i + 3 <= specs.n; i += 3)
        if (specs.p[i] == 0) tx.ciphers.push_back(uint16_t((specs.p[i + 1] << 8) | specs.p[i + 2]));
    return true;
}

}  // namespace vigie::app::tls
