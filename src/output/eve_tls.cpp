#include "output/eve_tls.h"

#include <string>

#include "app/tls/tls_cert.h"
#include "app/tls/tls_fingerprint.h"

namespace vigie::output {

namespace {

using app::TlsCert;
using app::TlsTransaction;

std::string base64(const std::vector<uint8_t>& der) {
    std::string s;
    append_base64(s, der.data(), der.size());
    return s;
}

// subject .. notafter of one certificate (the server leaf, or the client's).
void write_cert_fields(JsonLine& j, const TlsCert& c, bool subject, bool issuer, bool serial, bool fingerprint,
                       bool not_before, bool not_after) {
    if (!c.decoded) return;
    if (subject && !c.subject.empty()) j.str("subject", c.subject);
    if (issuer && !c.issuer.empty()) j.str("issuerdn", c.issuer);
    if (serial && !c.serial.empty()) j.str("serial", c.serial);
    if (fingerprint && !c.fingerprint.empty()) j.str("fingerprint", c.fingerprint);
    if (not_before) j.str("notbefore", app::tls::format_cert_time(c.not_before));
    if (not_after) j.str("notafter", app::tls::format_cert_time(c.not_after));
}

void write_chain(JsonLine& j, const std::vector<TlsCert>& chain) {
    j.open_array("chain");
    for (const auto& c : chain) j.elem_str(base64(c.der));
    j.close_array();
}

template <typename T>
void write_uint_array(JsonLine& j, std::string_view key, const std::vector<T>& v) {
    if (v.empty()) return;  // the schema wants at least one item
    j.open_array(key);
    for (T x : v) j.elem_uint(x);
    j.close_array();
}

void write_str_array(JsonLine& j, std::string_view key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    j.open_array(key);
    for (const auto& s : v) j.elem_str(s);
    j.close_array();
}

}  // namespace

TlsLogFields tls_log_fields(bool extended) {
    TlsLogFields f;
    f.subject = f.issuer = f.session_resumed = true;
    if (extended) {
        f.serial = f.fingerprint = f.sni = f.version = f.not_before = f.not_after = true;
        f.ja3 = f.ja3s = f.ja4 = f.client = true;
    }
    return f;
}

bool tls_log_field_enable(TlsLogFields& f, std::string_view name) {
    struct Entry {
        std::string_view name;
        bool TlsLogFields::*flag;
    };
    static constexpr Entry kNames[] = {
        {"subject", &TlsLogFields::subject},
        {"issuer", &TlsLogFields::issuer},
        {"session_resumed", &TlsLogFields::session_resumed},
        {"serial", &TlsLogFields::serial},
        {"fingerprint", &TlsLogFields::fingerprint},
        {"sni", &TlsLogFields::sni},
        {"version", &TlsLogFields::version},
        {"not_before", &TlsLogFields::not_before},
        {"not_after", &TlsLogFields::not_after},
        {"certificate", &TlsLogFields::certificate},
        {"chain", &TlsLogFields::chain},
        {"ja3", &TlsLogFields::ja3},
        {"ja3s", &TlsLogFields::ja3s},
        {"ja4", &TlsLogFields::ja4},
        {"subjectaltname", &TlsLogFields::subjectaltname},
        {"client", &TlsLogFields::client},
        {"client_certificate", &TlsLogFields::client_certificate},
        {"client_chain", &TlsLogFields::client_chain},
        {"client_alpns", &TlsLogFields::client_alpns},
        {"server_alpns", &TlsLogFields::server_alpns},
        {"client_handshake", &TlsLogFields::client_handshake},
        {"server_handshake", &TlsLogFields::server_handshake},
    };
    for (const auto& e : kNames)
        if (e.name == name) {
            f.*e.flag = true;
            return true;
        }
    return false;
}

void write_tls_object(JsonLine& j, const TlsTransaction& tx, bool extended) {
    write_tls_object(j, tx, tls_log_fields(extended));
}

void write_tls_object(JsonLine& j, const TlsTransaction& tx, const TlsLogFields& f) {
    j.open_object("tls");
    const TlsCert* leaf = tx.leaf();
    if (leaf) write_cert_fields(j, *leaf, f.subject, f.issuer, false, false, false, false);
    // Suricata reports resumption only when no certificate was seen.
    if (f.session_resumed && tx.session_resumed && !(leaf && leaf->decoded)) j.boolean("session_resumed", true);
    if (leaf) write_cert_fields(j, *leaf, false, false, f.serial, f.fingerprint, false, false);
    if (f.sni && !tx.sni.empty()) j.str("sni", tx.sni);
    if (f.version && tx.version()) j.str("version", app::tls_version_name(tx.version()));
    if (leaf) write_cert_fields(j, *leaf, false, false, false, false, f.not_before, f.not_after);
    if (f.subjectaltname && leaf) write_str_array(j, "subjectaltname", leaf->sans);
    if (f.certificate && leaf) j.str("certificate", base64(leaf->der));
    if (f.chain && !tx.server_certs.empty()) write_chain(j, tx.server_certs);
    if (f.ja3 && !tx.ja3_hash.empty()) {
        j.open_object("ja3");
        j.str("hash", tx.ja3_hash);
        j.str("string", tx.ja3_string);
        j.close_object();
    }
    if (f.ja3s && !tx.ja3s_hash.empty()) {
        j.open_object("ja3s");
        j.str("hash", tx.ja3s_hash);
        j.str("string", tx.ja3s_string);
        j.close_object();
    }
    if (f.ja4 && !tx.ja4.empty()) j.str("ja4", tx.ja4);
    if (f.client_alpns) write_str_array(j, "client_alpns", tx.client_alpns);
    if (f.server_alpns) write_str_array(j, "server_alpns", tx.server_alpns);
    if ((f.client || f.client_certificate || f.client_chain) && !tx.client_certs.empty()) {
        const TlsCert& c = tx.client_certs.front();
        j.open_object("client");
        write_cert_fields(j, c, true, true, true, true, true, true);
        if (f.client_certificate) j.str("certificate", base64(c.der));
        if (f.client_chain) write_chain(j, tx.client_certs);
        j.close_object();
    }
    if (f.client_handshake && tx.client_hello_seen) {
        j.open_object("client_handshake");
        j.str("version", app::tls_version_name(tx.client_version));
        write_uint_array(j, "ciphers", tx.ciphers);
        write_uint_array(j, "exts", tx.client_exts);
        write_uint_array(j, "sig_algs", tx.sig_algs);
        j.close_object();
    }
    if (f.server_handshake && tx.server_hello_seen && !tx.sslv2_client_hello) {
        j.open_object("server_handshake");
        j.str("version", app::tls_version_name(tx.server_version));
        j.unum("cipher", tx.server_cipher);
        write_uint_array(j, "exts", tx.server_exts);
        j.close_object();
    }
    j.close_object();
}

}  // namespace vigie::output
