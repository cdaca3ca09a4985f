#include "app/tls/tls_cert.h"

#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace vigie::app::tls {

namespace {

struct X509Free {
    void operator()(X509* x) const { X509_free(x); }
};
struct NamesFree {
    void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

// Suricata prints names with its Rust x509 parser: RDNs joined by ", ", values of
// a multi-valued RDN by " + ", eight attributes abbreviated (CN, C, L, ST, O, OU,
// DC, Email), others by registry name or dotted OID.
std::string attr_name(const ASN1_OBJECT* obj) {
    switch (OBJ_obj2nid(obj)) {
        case NID_commonName: return "CN";
        case NID_countryName: return "C";
        case NID_localityName: return "L";
        case NID_stateOrProvinceName: return "ST";
        case NID_organizationName: return "O";
        case NID_organizationalUnitName: return "OU";
        case NID_domainComponent: return "DC";
        case NID_pkcs9_emailAddress: return "Email";
        case NID_undef: break;
        default: return OBJ_nid2ln(OBJ_obj2nid(obj));
    }
    char buf[128];
    int n = OBJ_obj2txt(buf, sizeof buf, obj, 1);
    return n > 0 ? std::string(buf, std::min<size_t>(size_t(n), sizeof buf - 1)) : std::string("?");
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xc0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(char(0xe0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    }
}

// String types keep their bytes (BMPString is converted from UCS-2); anything
// else is printed as uppercase hex of its content, as Suricata does.
void append_value(std::string& out, const ASN1_STRING* s) {
    const uint8_t* d = ASN1_STRING_get0_data(s);
    const size_t n = size_t(ASN1_STRING_length(s));
    switch (ASN1_STRING_type(s)) {
        case V_ASN1_UTF8STRING:
        case V_ASN1_PRINTABLESTRING:
        case V_ASN1_IA5STRING:
        case V_ASN1_T61STRING:
        case V_ASN1_NUMERICSTRING:
        case V_ASN1_VISIBLESTRING:
        case V_ASN1_GENERALSTRING:
        case V_ASN1_GRAPHICSTRING:
        case V_ASN1_VIDEOTEXSTRING:
        case V_ASN1_OBJECT_DESCRIPTOR:
            out.append(reinterpret_cast<const char*>(d), n);
            return;
        case V_ASN1_BMPSTRING:
            for (size_t i = 0; i + 1 < n; i += 2) append_utf8(out, (uint32_t(d[i]) << 8) | d[i + 1]);
            return;
        default:
            out += to_hex(d, n, 0, true);
    }
}

std::string format_name(const X509_NAME* name) {
    std::string out;
    int prev_set = -1;
    const int count = X509_NAME_entry_count(name);
    for (int i = 0; i < count; ++i) {
        const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
        const int set = X509_NAME_ENTRY_set(e);
        if (i > 0) out += set == prev_set ? " + " : ", ";
        prev_set = set;
        out += attr_name(X509_NAME_ENTRY_get_object(e));
        out.push_back('=');
        append_value(out, X509_NAME_ENTRY_get_data(e));
    }
    return out;
}

// The INTEGER's DER content, sign byte included (Suricata logs the raw bytes:
// a serial with its top bit set keeps its leading 00).
std::string format_serial(const ASN1_INTEGER* serial) {
    unsigned char* der = nullptr;
    const int len = i2d_ASN1_INTEGER(serial, &der);
    std::string out;
    if (len > 2) {
        // Tag, then a short or long length form.
        size_t off = 2;
        if (der[1] & 0x80) off += der[1] & 0x7f;
        if (off < size_t(len)) out = to_hex(der + off, size_t(len) - off, ':', true);
    }
    OPENSSL_free(der);
    return out;
}

bool to_epoch(const ASN1_TIME* t, int64_t& out) {
    struct tm tm {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return false;
    out = int64_t(timegm(&tm));
    return true;
}

}  // namespace

std::string to_hex(const uint8_t* data, size_t len, char sep, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    out.reserve(len * 3);
    for (size_t i = 0; i < len; ++i) {
        if (sep && i) out.push_back(sep);
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 15]);
    }
    return out;
}

std::string format_cert_time(int64_t epoch) {
    const time_t t = time_t(epoch);
    struct tm tm {};
    if (!gmtime_r(&t, &tm)) return {};
    char buf[32];
    const size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return std::string(buf, n);
}

bool decode_cert(TlsCert& cert) {
    const unsigned char* p = cert.der.data();
    std::unique_ptr<X509, X509Free> x(d2i_X509(nullptr, &p, long(cert.der.size())));
    if (!x) return false;

    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (EVP_Digest(cert.der.data(), cert.der.size(), md, &md_len, EVP_sha1(), nullptr) == 1)
        cert.fingerprint = to_hex(md, md_len, ':');
    cert.subject = format_name(X509_get_subject_name(x.get()));
    cert.issuer = format_name(X509_get_issuer_name(x.get()));
    cert.serial = format_serial(X509_get0_serialNumber(x.get()));
    to_epoch(X509_get0_notBefore(x.get()), cert.not_before);
    to_epoch(X509_get0_notAfter(x.get()), cert.not_after);

    std::unique_ptr<GENERAL_NAMES, NamesFree> names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (names) {
        constexpr int kMaxSans = 256;  // bounded: a cert can list thousands
        const int n = std::min(sk_GENERAL_NAME_num(names.get()), kMaxSans);
        for (int i = 0; i < n; ++i) {
            const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
            if (gn->type != GEN_DNS) continue;
            const ASN1_IA5STRING* s = gn->d.dNSName;
            cert.sans.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                   size_t(ASN1_STRING_length(s)));
        }
    }
    cert.decoded = true;
    return true;
}

}  // namespace vigie::app::tls
