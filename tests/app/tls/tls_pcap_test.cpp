// Real handshakes from suricata-verify captures, replayed into the parser; the
// expected values are those the suricata-verify test.yaml files check in EVE.
#include <filesystem>

#include "pcap_streams.h"
#include "app/tls/tls_cert.h"
#include "tls_test_util.h"

namespace vigie::app::testing {
namespace {

struct PcapRow {
    const char* pcap;  // under suricata-verify/tests/
    const char* version;
    const char* sni;
    const char* subject;
    const char* issuer;
    const char* serial;
    const char* fingerprint;
    const char* notbefore;
    const char* notafter;
    const char* ja3_string;
    const char* ja4;
};

void PrintTo(const PcapRow& r, std::ostream* os) { *os << r.pcap; }

class SuricataVerify : public ::testing::TestWithParam<PcapRow> {};

TEST_P(SuricataVerify, SameFieldsAsSuricata) {
    const PcapRow& row = GetParam();
    const std::string path = std::string(VIGIE_SHARED_DIR) + "/conformance/suricata-verify/tests/" + row.pcap;
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path;
    const auto chunks = pcap_tcp_stream(path);
    ASSERT_FALSE(chunks.empty());
    const uint8_t* first = chunks[0].data.data();
    ASSERT_EQ(probe_tls(first, uint32_t(chunks[0].data.size()), chunks[0].to_server), Probe::Yes);
    TlsRun r;
    for (const auto& c : chunks) r.feed(c.to_server, c.data);
    const TlsTransaction* tx = r.tx();
    ASSERT_NE(tx, nullptr);
    EXPECT_EQ(tls_version_name(tx->version()), row.version);
    if (row.sni) {
        EXPECT_EQ(tx->sni, row.sni);
    }
    if (row.subject) {
        ASSERT_NE(tx->leaf(), nullptr);
        const TlsCert& c = *tx->leaf();
        EXPECT_EQ(c.subject, row.subject);
        EXPECT_EQ(c.issuer, row.issuer);
        EXPECT_EQ(c.serial, row.serial);
        EXPECT_EQ(c.fingerprint, row.fingerprint);
        EXPECT_EQ(tls::format_cert_time(c.not_before), row.notbefore);
        EXPECT_EQ(tls::format_cert_time(c.not_after), row.notafter);
    }
    if (row.ja3_string) {
        EXPECT_EQ(tx->ja3_string, row.ja3_string);
    }
    if (row.ja4) {
        EXPECT_EQ(tx->ja4, row.ja4);
    }
    EXPECT_TRUE(r.events.empty()) << r.events.front();
}

INSTANTIATE_TEST_SUITE_P(
    Tls, SuricataVerify,
    ::testing::Values(
        PcapRow{"bug-2646-01/input.pcap", "TLS 1.2", "raw.githubusercontent.com",
                "C=US, ST=California, L=San Francisco, O=GitHub, Inc., CN=www.github.com",
                "C=US, O=DigiCert Inc, OU=www.digicert.com, CN=DigiCert SHA2 High Assurance Server CA",
                "08:3A:84:59:2F:77:F2:E7:95:1B:F8:87:CE:DE:C9:66",
                "cc:aa:48:48:66:46:0e:91:53:2c:9c:7c:23:2a:b1:74:4d:29:9d:33", "2017-03-23T00:00:00",
                "2020-05-13T12:00:00", nullptr, nullptr},
        PcapRow{"sslv2-tls-upgrade-01/ssl-v2-s1.pcap", "TLSv1", nullptr,
                "C=US, ST=California, L=Sunnyvale, O=NetScreen Technologies, Inc., OU=Security Team, "
                "CN=sigdb.secteam.netscreen.com, Email=aturner@netscreen.com",
                "C=US, ST=California, L=Sunnyvale, O=OneSecure, Inc., OU=Fulfillment, "
                "CN=jumper.sv-staging.onesecure.com, Email=fulfillment@onesecure.com",
                "55", "8c:90:bd:2a:b3:ae:e6:0b:d0:ea:b7:86:b0:1a:e4:b1:cc:57:ef:22", "2003-03-29T00:57:44",
                "2008-03-27T00:57:44", nullptr, nullptr},
        PcapRow{"bug-5713-01/TLSv1-Extracted-MaliciousC2.pcap", "TLSv1", nullptr, nullptr, nullptr, nullptr,
                nullptr, nullptr, nullptr, nullptr, "t10i070600_c50f5591e341_ce66f3b797c1"},
        PcapRow{"tls-duplicate-hello/input.pcap", "TLS 1.3", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
                nullptr,
                "771,4866-4867-4865-4868-49196-52393-49325-49162-49195-49324-49161-49200-52392-49172-49199-49171-157-"
                "49309-53-156-49308-47-159-52394-49311-57-158-49310-51,5-10-11-13-22-23-35-51-43-65281-0-45,23,0",
                nullptr},
        PcapRow{"community-id-ipv4/input.pcap", "TLS 1.3", "ipv4.google.com", nullptr, nullptr, nullptr, nullptr,
                nullptr, nullptr, nullptr, nullptr},
        PcapRow{"bug-5758/input.pcap", "TLS 1.3", "ftp.nluug.nl", nullptr, nullptr, nullptr, nullptr, nullptr,
                nullptr, nullptr, nullptr}));

TEST(SuricataVerifyHandshake, ClientAndServerHelloFields) {
    const std::string dir = std::string(VIGIE_SHARED_DIR) + "/conformance/suricata-verify/tests/";
    if (!std::filesystem::exists(dir + "ja4-cl-handshake/input.pcap")) GTEST_SKIP();
    TlsRun cl, sv;
    for (const auto& c : pcap_tcp_stream(dir + "ja4-cl-handshake/input.pcap")) cl.feed(c.to_server, c.data);
    for (const auto& c : pcap_tcp_stream(dir + "ja4-sv-handshake/input.pcap")) sv.feed(c.to_server, c.data);
    ASSERT_TRUE(cl.tx() && sv.tx());
    EXPECT_EQ(tls_version_name(cl.tx()->client_version), "TLS 1.2");
    EXPECT_EQ(cl.tx()->ciphers, (std::vector<uint16_t>{49196, 49200, 159, 52393, 52392, 52394, 49195, 49199, 158, 49188,
                                                        49192, 107, 49187, 49191, 103, 49162, 49172, 57, 49161, 49171,
                                                        51, 157, 156, 61, 60, 53, 47, 255}));
    EXPECT_EQ(cl.tx()->client_exts, (std::vector<uint16_t>{0, 11, 10, 35, 22, 23, 13}));
    EXPECT_EQ(cl.tx()->sig_algs,
              (std::vector<uint16_t>{1027, 1283, 1539, 2055, 2056, 2057, 2058, 2059, 2052, 2053, 2054, 1025, 1281, 1537,
                                     771, 515, 769, 513, 770, 514, 1026, 1282, 1538}));
    EXPECT_EQ(tls_version_name(sv.tx()->server_version), "TLS 1.2");
    EXPECT_EQ(sv.tx()->server_cipher, 49200);
    EXPECT_EQ(sv.tx()->server_exts, (std::vector<uint16_t>{65281, 11, 35, 23}));
}

}  // namespace
}  // namespace vigie::app::testing
