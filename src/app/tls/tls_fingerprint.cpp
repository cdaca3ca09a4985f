#include "app/tls/tls_fingerprint.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "app/tls/tls_cert.h"

namespace vigie::app::tls {

namespace {

std::string digest_hex(const EVP_MD* md, const std::string& s) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(s.data(), s.size(), out, &n, md, nullptr) != 1) return {};
    return to_hex(out, n, 0);
}

// "a-b-c" in decimal, GREASE dropped.
template <typename T>
void append_list(std::string& out, const std::vector<T>& v, bool skip_grease) {
    bool first = true;
    for (T x : v) {
        if (skip_grease && is_grease(uint16_t(x))) continue;
        if (!first) out.push_back('-');
        first = false;
        out += std::to_string(unsigned(x));
    }
}

// Sorted or not, "0a0b,1301" (4 lowercase hex digits each).
std::string hex_list(const std::vector<uint16_t>& v) {
    std::string out;
    char buf[8];
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) out.push_back(',');
        std::snprintf(buf, sizeof buf, "%04x", v[i]);
        out += buf;
    }
    return out;
}

const char* ja4_version(uint16_t v) {
    switch (v) {
        case 0x0304: return "13";
        case 0x0303: return "12";
        case 0x0302: return "11";
        case 0x0301: return "10";
        case 0x0300: return "s3";
        default: return "00";
    }
}

bool alnum(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// First and last characters of the first ALPN value. As Suricata: a value shorter
// than two bytes or equal to a GREASE code gives "00". Non-alphanumeric ends use
// the first and last hex digits of the value (FoxIO spec).
std::string ja4_alpn(const std::vector<std::string>& alpns) {
    if (alpns.empty() || alpns[0].size() < 2) return "00";
    const auto& a = alpns[0];
    const uint8_t f = uint8_t(a.front()), l = uint8_t(a.back());
    if (a.size() == 2 && is_grease(uint16_t((f << 8) | l))) return "00";
    if (alnum(f) && alnum(l)) return std::string{char(f), char(l)};
    const std::string hex = to_hex(reinterpret_cast<const uint8_t*>(a.data()), a.size(), 0);
    return std::string{hex.front(), hex.back()};
}

std::string ja4_of(const TlsTransaction& tx) {
    uint16_t version = is_grease(tx.client_version) ? 0 : tx.client_version;
    for (uint16_t v : tx.client_versions)
        if (!is_grease(v)) version = std::max(version, v);

    std::vector<uint16_t> ciphers, exts;
    bool sni = false;
    size_t ext_count = 0;
    for (uint16_t c : tx.ciphers)
        if (!is_grease(c)) ciphers.push_back(c);
    for (uint16_t e : tx.client_exts) {
        if (is_grease(e)) continue;
        ++ext_count;  // SNI and ALPN count but are left out of the hash
        if (e == 0x0000) sni = true;
        else if (e != 0x0010) exts.push_back(e);
    }
    std::vector<uint16_t> sigs;
    for (uint16_t s : tx.sig_algs)
        if (!is_grease(s)) sigs.push_back(s);
    std::sort(ciphers.begin(), ciphers.end());
    std::sort(exts.begin(), exts.end());

    char a[16];
    std::snprintf(a, sizeof a, "t%s%c%02u%02u", ja4_version(version), sni ? 'd' : 'i',
                  unsigned(std::min<size_t>(ciphers.size(), 99)), unsigned(std::min<size_t>(ext_count, 99)));
    const std::string b = digest_hex(EVP_sha256(), hex_list(ciphers)).substr(0, 12);
    const std::string c = digest_hex(EVP_sha256(), hex_list(exts) + "_" + hex_list(sigs)).substr(0, 12);
    return std::string(a) + ja4_alpn(tx.client_alpns) + "_" + b + "_" + c;
}

}  // namespace

void compute_client_fingerprints(TlsTransaction& tx) {
    std::string s = std::to_string(tx.client_version);
    s.push_back(',');
    append_list(s, tx.ciphers, true);
    s.push_back(',');
    append_list(s, tx.client_exts, true);
    s.push_back(',');
    append_list(s, tx.groups, true);
    s.push_back(',');
    append_list(s, tx.point_formats, false);
    tx.ja3_hash = digest_hex(EVP_md5(), s);
    tx.ja3_string = std::move(s);
    tx.ja4 = ja4_of(tx);
}

void compute_server_fingerprints(TlsTransaction& tx) {
    std::string s = std::to_string(tx.server_legacy_version);
    s.push_back(',');
    s += std::to_string(tx.server_cipher);
    s.push_back(',');
    append_list(s, tx.server_exts, true);
    tx.ja3s_hash = digest_hex(EVP_md5(), s);
    tx.ja3s_string = std::move(s);
}

}  // namespace vigie::app::tls
