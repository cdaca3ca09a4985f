// Certificate message: a self-signed certificate made here with OpenSSL goes
// through the parser; the fields must come out in Suricata's formats.
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "app/tls/tls_cert.h"
#include "tls_test_util.h"

namespace vigie::app::testing {
namespace {

struct CertSpec {
    long serial;
    int64_t not_before, not_after;  // epoch seconds
    bool san;
};

// Subject and issuer: C=US, ST=California, O=Vigie Test, Inc., OU=QA + CN=test.example (multi-valued RDN).
Bytes make_cert(const CertSpec& spec) {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial);
    ASN1_TIME_set(X509_getm_notBefore(x), time_t(spec.not_before));
    ASN1_TIME_set(X509_getm_notAfter(x), time_t(spec.not_after));
    X509_NAME* name = X509_get_subject_name(x);
    auto add = [&](const char* field, const char* value, int set) {
        X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, reinterpret_cast<const unsigned char*>(value), -1, -1,
                                   set);
    };
    add("C", "US", 0);
    add("ST", "California", 0);
    add("O", "Vigie Test, Inc.", 0);
    add("OU", "QA", 0);
    add("CN", "test.example", -1);  // -1: joins the previous (OU) RDN
    X509_set_issuer_name(x, name);
    X509_set_pubkey(x, key);
    if (spec.san) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name,
                                                  "DNS:test.example,DNS:www.test.example,IP:10.0.0.1");
        X509_add_ext(x, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(x, key, EVP_sha256());
    unsigned char* der = nullptr;
    const int len = i2d_X509(x, &der);
    Bytes out(der, der + len);
    OPENSSL_free(der);
    X509_free(x);
    EVP_PKEY_free(key);
    return out;
}

std::string sha1_colon(const Bytes& der) {
    unsigned char md[20];
    unsigned int n = 0;
    EVP_Digest(der.data(), der.size(), md, &n, EVP_sha1(), nullptr);
    return tls::to_hex(md, n, ':');
}

Bytes certificate_message(const std::vector<Bytes>& chain) {
    Bytes list;
    for (const auto& c : chain) {
        put24(list, uint32_t(c.size()));
        append(list, c);
    }
    Bytes body;
    put24(body, uint32_t(list.size()));
    append(body, list);
    return handshake(11, body);
}

// A TLS 1.2 server flight: ServerHello, Certificate, ServerHelloDone, spread over records.
Bytes server_flight(const std::vector<Bytes>& chain) {
    Bytes hs = cat({handshake(2, server_hello_body(0x0303, 0xc02f, {})), certificate_message(chain),
                    handshake(14, {})});
    // Records of at most 700 bytes, so the certificate spans several.
    Bytes out;
    for (size_t off = 0; off < hs.size(); off += 700)
        append(out, record(0x16, Bytes(hs.begin() + off, hs.begin() + std::min(hs.size(), off + 700))));
    return out;
}

TEST(TlsCert, FieldsInSuricataFormat) {
    const Bytes leaf = make_cert({0x5d3a84, 1451606400 /* 2016-01-01 */, 1767225599 /* 2025-12-31T23:59:59 */, true});
    const Bytes ca = make_cert({0x55, 1000000000, 2000000000, false});
    for (uint32_t chunk : {0u, 1u, 13u}) {
        TlsRun r;
        r.chunk = chunk;
        r.feed(true, record(0x16, handshake(1, client_hello_body(0x0303, {0xc02f}, {}))));
        r.feed(false, server_flight({leaf, ca}));
        const auto* tx = r.tx();
        ASSERT_TRUE(tx && tx->leaf()) << chunk;
        const TlsCert& c = *tx->leaf();
        EXPECT_EQ(c.subject, "C=US, ST=California, O=Vigie Test, Inc., OU=QA + CN=test.example");
        EXPECT_EQ(c.issuer, c.subject);
        EXPECT_EQ(c.serial, "5D:3A:84");
        EXPECT_EQ(c.fingerprint, sha1_colon(leaf));
        EXPECT_EQ(c.not_before, 1451606400);
        EXPECT_EQ(tls::format_cert_time(c.not_before), "2016-01-01T00:00:00");
        EXPECT_EQ(tls::format_cert_time(c.not_after), "2025-12-31T23:59:59");
        EXPECT_EQ(c.sans, (std::vector<std::string>{"test.example", "www.test.example"}));
        EXPECT_EQ(r.buf(BufferId::TlsCertSerial), "5D:3A:84");
        EXPECT_EQ(r.buf(BufferId::TlsCertSubject), c.subject);
        EXPECT_EQ(r.buf(BufferId::TlsCertFingerprint), c.fingerprint);
        EXPECT_EQ(r.buf(BufferId::TlsCerts, true, 0), std::string(leaf.begin(), leaf.end()));
        EXPECT_EQ(r.buf(BufferId::TlsCerts, true, 1), std::string(ca.begin(), ca.end()));
        EXPECT_EQ(r.buf(BufferId::TlsCerts, true, 2), "<none>");
        EXPECT_EQ(tx->server_certs[1].serial, "55");
        EXPECT_TRUE(r.events.empty());
    }
}

TEST(TlsCert, SerialWithTopBitKeepsSignByte) {
    const Bytes der = make_cert({0x8f01, 0, 86400, false});
    TlsCert c;
    c.der = der;
    ASSERT_TRUE(tls::decode_cert(c));
    EXPECT_EQ(c.serial, "00:8F:01");
}

TEST(TlsCert, GarbageCertificateIsAnEvent) {
    TlsRun r;
    r.feed(false, server_flight({Bytes(50, 0x30)}));
    EXPECT_TRUE(r.has_event("tls.invalid_certificate"));
    ASSERT_EQ(r.tx()->server_certs.size(), 1u);
    EXPECT_FALSE(r.tx()->server_certs[0].decoded);
    EXPECT_EQ(r.buf(BufferId::TlsCertSubject), "<none>");
    EXPECT_EQ(r.buf(BufferId::TlsCerts).size(), 50u);  // raw bytes still inspectable
}

TEST(TlsCert, LyingCertificateLength) {
    Bytes body;
    put24(body, 10);
    put24(body, 400);  // one certificate claiming 400 bytes inside a 10-byte list
    body.insert(body.end(), 7, 0);
    TlsRun r;
    r.feed(false, record(0x16, handshake(11, body)));
    EXPECT_TRUE(r.has_event("tls.certificate_invalid_length"));
}

TEST(TlsCert, ClientCertificateKeptApart) {
    const Bytes cert = make_cert({7, 0, 86400, false});
    TlsRun r;
    r.feed(true, cat({record(0x16, handshake(1, client_hello_body(0x0303, {0xc02f}, {}))),
                      record(0x16, certificate_message({cert}))}));
    EXPECT_TRUE(r.tx()->server_certs.empty());
    ASSERT_EQ(r.tx()->client_certs.size(), 1u);
    EXPECT_EQ(r.tx()->client_certs[0].serial, "07");
}

}  // namespace
}  // namespace vigie::app::testing
