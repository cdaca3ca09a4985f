// ClientHello / ServerHello parsing, fingerprints and handshake progress, with the
// hellos built byte by byte here. Every case is also fed split at every byte.
#include "tls_test_util.h"

namespace vigie::app::testing {
namespace {

// The JA3 README's first example: TLS 1.0, 12 ciphers, SNI + groups + point formats.
Bytes ja3_readme_hello(bool grease) {
    std::vector<Ext> exts;
    if (grease) exts.push_back({0x1a1a, {}});                      // GREASE extension
    exts.push_back(ext_sni("example.com"));                         // 0
    if (grease) exts.push_back(ext_u16s(0x000a, {0x2a2a, 23, 24, 25}));
    else exts.push_back(ext_u16s(0x000a, {23, 24, 25}));            // 10: supported_groups
    exts.push_back(ext_point_formats({0}));                         // 11: ec_point_formats
    Bytes body = grease ? client_hello_body(0x0301, {0x0a0a, 47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4}, exts)
                        : client_hello_body(0x0301, {47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4}, exts);
    return record(0x16, handshake(1, body), 0x0301);
}

// A TLS 1.3 ClientHello as browsers send it (legacy 1.2, supported_versions 1.3).
Bytes tls13_client_hello() {
    return record(0x16, handshake(1, client_hello_body(0x0303, {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f},
                                                       {
                                                           ext_sni("www.example.org"),
                                                           ext_alpn({"h2", "http/1.1"}),
                                                           ext_u16s(0x000a, {29, 23}),
                                                           ext_point_formats({0}),
                                                           ext_u16s(0x000d, {0x0403, 0x0804, 0x0401}),
                                                           ext_u16s(0x002b, {0x0304, 0x0303}, true),
                                                       })),
                  0x0301);
}

Bytes tls13_server_hello() {
    Bytes sv;  // supported_versions in a ServerHello: the selected version alone
    put16(sv, 0x0304);
    return record(0x16, handshake(2, server_hello_body(0x0303, 0x1301, {{0x002b, sv}, {0x0033, Bytes(36, 0)}})));
}

class SplitAtEveryByte : public ::testing::TestWithParam<uint32_t> {};

TEST_P(SplitAtEveryByte, Ja3ReadmeExample) {
    TlsRun r;
    r.chunk = GetParam();
    r.feed(true, ja3_readme_hello(false));
    ASSERT_NE(r.tx(), nullptr);
    EXPECT_EQ(r.buf(BufferId::Ja3String), "769,47-53-5-10-49161-49162-49171-49172-50-56-19-4,0-10-11,23-24-25,0");
    EXPECT_EQ(r.buf(BufferId::Ja3Hash), "ada70206e40642a3e4461f35503241d5");
    EXPECT_EQ(r.buf(BufferId::TlsSni), "example.com");
    EXPECT_TRUE(r.events.empty());
}

TEST_P(SplitAtEveryByte, Tls13Session) {
    TlsRun r;
    r.chunk = GetParam();
    r.feed(true, tls13_client_hello());
    r.feed(false, cat({tls13_server_hello(), record(0x14, {1}), record(0x17, Bytes(40, 0xee))}));
    const auto* tx = r.tx();
    ASSERT_NE(tx, nullptr);
    EXPECT_EQ(tx->client_version, 0x0303);
    EXPECT_EQ(tx->version(), 0x0304);
    EXPECT_EQ(tls_version_name(tx->version()), "TLS 1.3");
    EXPECT_EQ(tx->client_alpns, (std::vector<std::string>{"h2", "http/1.1"}));
    EXPECT_EQ(tx->sig_algs, (std::vector<uint16_t>{0x0403, 0x0804, 0x0401}));
    EXPECT_EQ(tx->ja4, "t13d0506h2_e133e205ac38_0d385148b956");  // hashes computed with Python's hashlib
    EXPECT_EQ(r.buf(BufferId::Ja4Hash), tx->ja4);
    EXPECT_EQ(r.buf(BufferId::Ja3sString), "771,4865,43-51");
    EXPECT_TRUE(tx->server_encrypted);
    EXPECT_FALSE(tx->request_done);  // the client has not gone encrypted yet
    r.feed(true, cat({record(0x14, {1}), record(0x17, Bytes(30, 0xdd))}));
    EXPECT_TRUE(tx->request_done && tx->response_done);
    uint64_t v = 0;
    EXPECT_TRUE(tx->number(NumberId::TlsVersion, v));
    EXPECT_EQ(v, 0x0304u);
    EXPECT_TRUE(r.events.empty());
}

INSTANTIATE_TEST_SUITE_P(Chunks, SplitAtEveryByte, ::testing::Values(0u, 1u, 2u, 3u, 5u, 7u, 64u));

TEST(TlsHello, GreaseIgnoredInJa3) {
    TlsRun plain, greased;
    plain.feed(true, ja3_readme_hello(false));
    greased.feed(true, ja3_readme_hello(true));
    EXPECT_EQ(greased.buf(BufferId::Ja3String), plain.buf(BufferId::Ja3String));
    EXPECT_EQ(greased.buf(BufferId::Ja3Hash), "ada70206e40642a3e4461f35503241d5");
    // GREASE stays in the raw fields (EVE client_handshake logs what was sent).
    EXPECT_EQ(greased.tx()->ciphers.front(), 0x0a0a);
}

TEST(TlsHello, Ja3WithEmptyLists) {
    // JA3 README's second example: no extensions at all.
    TlsRun r;
    r.feed(true, record(0x16, handshake(1, client_hello_body(0x0301, {4, 5, 10, 9, 100, 98, 3, 6, 19, 18, 99}, {}))));
    EXPECT_EQ(r.buf(BufferId::Ja3String), "769,4-5-10-9-100-98-3-6-19-18-99,,,");
    EXPECT_EQ(r.buf(BufferId::Ja3Hash), "de350869b8c85de67a350c8d186f11e6");
}

TEST(TlsHello, HandshakeMessageSpanningRecords) {
    // One ClientHello cut into three records of 10, 20 and the rest bytes.
    Bytes hs = handshake(1, client_hello_body(0x0303, {0x1301}, {ext_sni("split.example")}));
    Bytes wire = cat({record(0x16, Bytes(hs.begin(), hs.begin() + 10)),
                      record(0x16, Bytes(hs.begin() + 10, hs.begin() + 30)),
                      record(0x16, Bytes(hs.begin() + 30, hs.end()))});
    for (uint32_t chunk : {0u, 1u, 4u}) {
        TlsRun r;
        r.chunk = chunk;
        r.feed(true, wire);
        EXPECT_EQ(r.buf(BufferId::TlsSni), "split.example") << chunk;
    }
}

TEST(TlsHello, TwoMessagesInOneRecord) {
    // ServerHello + ServerHelloDone in one record (TLS 1.2, resumed session id echoed).
    Bytes sid(32, 0x42);
    TlsRun r;
    r.feed(true, record(0x16, handshake(1, client_hello_body(0x0303, {0xc02f}, {}, sid))));
    r.feed(false, record(0x16, cat({handshake(2, server_hello_body(0x0303, 0xc02f, {}, sid)), handshake(14, {})})));
    EXPECT_TRUE(r.tx()->session_resumed);
    EXPECT_EQ(r.tx()->server_cipher, 0xc02f);
    EXPECT_EQ(tls_version_name(r.tx()->version()), "TLS 1.2");
    EXPECT_TRUE(r.events.empty());
}

TEST(TlsHello, RandomPerDirection) {
    TlsRun r;
    r.feed(true, tls13_client_hello());
    EXPECT_EQ(r.buf(BufferId::TlsRandom, true), std::string(32, '\x11'));
    EXPECT_EQ(r.buf(BufferId::TlsRandom, false), "<none>");
    r.feed(false, tls13_server_hello());
    EXPECT_EQ(r.buf(BufferId::TlsRandom, false), std::string(32, '\x22'));
}

TEST(TlsHello, Tls12CompletesOnChangeCipherSpec) {
    TlsRun r;
    r.feed(true, ja3_readme_hello(false));
    r.feed(false, record(0x16, handshake(2, server_hello_body(0x0301, 47, {{0xff01, {0}}})), 0x0301));
    EXPECT_EQ(r.buf(BufferId::Ja3sString), "769,47,65281");
    EXPECT_EQ(tls_version_name(r.tx()->version()), "TLSv1");
    r.feed(true, cat({record(0x16, handshake(16, Bytes(10, 1))), record(0x14, {1}), record(0x16, Bytes(40, 0x99))}));
    r.feed(false, cat({record(0x14, {1}), record(0x16, Bytes(40, 0x98))}));
    EXPECT_TRUE(r.tx()->request_done && r.tx()->response_done);
    // Encrypted Finished after the CCS is not parsed: no event.
    EXPECT_TRUE(r.events.empty());
    std::vector<std::unique_ptr<Transaction>> out;
    r.parser->take_finished(out, false);
    ASSERT_EQ(out.size(), 1u);
    r.feed(true, record(0x17, Bytes(10, 0)));  // later bytes are ignored
    EXPECT_EQ(r.parser->tx_count(), 0u);
}

TEST(TlsHello, HelloRetryRequestKeepsServerSideOpen) {
    static const Bytes kHrrRandom = {0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
                                     0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
                                     0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};
    Bytes hrr = server_hello_body(0x0303, 0x1301, {ext_u16s(0x002b, {}, false)});
    // Patch: selected version 0x0304 (the helper wrote an empty u16 list: 00 00).
    hrr[hrr.size() - 2] = 0x03;
    hrr[hrr.size() - 1] = 0x04;
    std::copy(kHrrRandom.begin(), kHrrRandom.end(), hrr.begin() + 2);
    TlsRun r;
    r.feed(true, tls13_client_hello());
    r.feed(false, record(0x16, handshake(2, hrr)));
    EXPECT_TRUE(r.tx()->hello_retry);
    EXPECT_FALSE(r.tx()->server_encrypted);
    r.feed(true, cat({record(0x14, {1}), tls13_client_hello()}));  // compat CCS, then the second hello
    EXPECT_FALSE(r.tx()->client_encrypted);
    r.feed(false, tls13_server_hello());
    EXPECT_TRUE(r.tx()->server_encrypted);
    EXPECT_TRUE(r.events.empty());
}

TEST(TlsHello, Sslv2CompatibleClientHello) {
    // SSLv2 record header (2 bytes, top bit set), CLIENT-HELLO offering TLS 1.0:
    // two TLS suites (00 00 2f, 00 00 35), one SSLv2 kind (07 00 c0), 16-byte challenge.
    Bytes msg = {0x01, 0x03, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00, 0x10,
                 0x00, 0x00, 0x2f, 0x00, 0x00, 0x35, 0x07, 0x00, 0xc0};
    msg.insert(msg.end(), 16, 0xab);
    Bytes wire = {uint8_t(0x80 | (msg.size() >> 8)), uint8_t(msg.size())};
    append(wire, msg);
    EXPECT_EQ(probe_tls(wire.data(), uint32_t(wire.size()), true), Probe::Yes);
    for (uint32_t chunk : {0u, 1u}) {
        TlsRun r;
        r.chunk = chunk;
        r.feed(true, wire);
        // The server upgrades to TLS 1.0.
        r.feed(false, record(0x16, handshake(2, server_hello_body(0x0301, 0x2f, {})), 0x0301));
        const auto* tx = r.tx();
        ASSERT_TRUE(tx && tx->client_hello_seen);
        EXPECT_TRUE(tx->sslv2_client_hello);
        EXPECT_EQ(tx->ciphers, (std::vector<uint16_t>{0x2f, 0x35}));
        EXPECT_EQ(tls_version_name(tx->version()), "TLSv1");
        EXPECT_TRUE(r.events.empty());
    }
}

TEST(TlsVersionName, SuricataStrings) {
    EXPECT_EQ(tls_version_name(0x0300), "SSLv3");
    EXPECT_EQ(tls_version_name(0x0301), "TLSv1");
    EXPECT_EQ(tls_version_name(0x0302), "TLS 1.1");
    EXPECT_EQ(tls_version_name(0x0303), "TLS 1.2");
    EXPECT_EQ(tls_version_name(0x0304), "TLS 1.3");
    EXPECT_EQ(tls_version_name(0x7f1c), "TLS 1.3 draft-28");
    EXPECT_EQ(tls_version_name(0x0002), "SSLv2");
}

}  // namespace
}  // namespace vigie::app::testing
