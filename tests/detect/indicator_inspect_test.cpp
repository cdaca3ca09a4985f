// Indicator matching on transactions as the parsers build them (TLS, HTTP): which
// place alerts, what it says it matched, and that a tx alerts once per place.
#include <gtest/gtest.h>

#include "app/http/http_transaction.h"
#include "app/tls/tls_transaction.h"
#include "detect/indicator_inspect.h"
#include "detect/indicator_set.h"

using namespace vigie;
using namespace vigie::detect;

namespace {

IndicatorInput in(IndicatorKind k, std::string value, std::string id) {
    IndicatorInput i;
    i.kind = k;
    i.value = std::move(value);
    i.id = std::move(id);
    i.feed = "f";
    return i;
}

Flow client_flow(uint16_t server_port) {
    Flow f;
    f.client = *IpAddr::parse("10.0.0.5");
    f.server = *IpAddr::parse("198.51.100.20");
    f.client_port = 50000;
    f.server_port = server_port;
    return f;
}

std::vector<std::pair<uint32_t, std::string>> sids(const AlertList& out) {
    std::vector<std::pair<uint32_t, std::string>> v;
    for (const auto& a : out) v.emplace_back(a.rule->sid - kIndicatorSidBase, a.indicator->id);
    return v;
}

}  // namespace

TEST(IndicatorInspect, TlsSniJa3AndCertificate) {
    auto set = IndicatorSet::build({in(IndicatorKind::Domain, "evil.example", "d"),
                                    in(IndicatorKind::Ja3, "e7d705a3286e19ea42f587b344ee6865", "j"),
                                    in(IndicatorKind::X509Sha1, "c453e84fb5e56b881be4c23d2b553b3ce45a321d", "c")},
                                   nullptr);
    app::TlsTransaction tx;
    tx.sni = "CDN.Evil.Example";
    tx.ja3_hash = "e7d705a3286e19ea42f587b344ee6865";
    app::TlsCert cert;
    cert.fingerprint = "C4:53:E8:4F:B5:E5:6B:88:1B:E4:C2:3D:2B:55:3B:3C:E4:5A:32:1D";
    tx.server_certs.push_back(cert);
    AlertList out;
    inspect_transaction(*set, tx, 0, client_flow(443), out);
    EXPECT_EQ(sids(out), (std::vector<std::pair<uint32_t, std::string>>{{3, "d"}, {7, "j"}, {8, "c"}}));
    EXPECT_EQ(out[0].indicator_matched, "CDN.Evil.Example");
    EXPECT_EQ(out[0].indicator_host.to_string(), "10.0.0.5");
    EXPECT_EQ(out[0].tx, &tx);
}

TEST(IndicatorInspect, HttpHostUrlAndResponseFile) {
    // SHA-256 of "abc" (FIPS 180-2 example).
    const std::string abc_sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    auto set = IndicatorSet::build({in(IndicatorKind::Domain, "evil.example", "d"),
                                    in(IndicatorKind::Url, "http://www.evil.example:8080/gate.php?id=1", "u"),
                                    in(IndicatorKind::Sha256, abc_sha256, "h")},
                                   nullptr);
    app::HttpTransaction tx;
    tx.request_line_done = tx.request_headers_done = true;
    tx.uri_raw = "/gate.php?id=1";
    tx.hostname = "www.evil.example";
    tx.response_file = std::make_unique<app::http::FileTracker>();
    tx.response_file->update(reinterpret_cast<const uint8_t*>("abc"), 3);
    tx.response_file->close(true);
    AlertList out;
    inspect_transaction(*set, tx, 0, client_flow(8080), out);
    EXPECT_EQ(sids(out), (std::vector<std::pair<uint32_t, std::string>>{{4, "d"}, {5, "u"}, {6, "h"}}));
    EXPECT_EQ(out[1].indicator_matched, "http://www.evil.example:8080/gate.php?id=1");
    EXPECT_EQ(out[2].indicator_matched, abc_sha256);

    // Port 80 is implicit in the URL; another path does not match.
    out.clear();
    inspect_transaction(*set, tx, 0, client_flow(80), out);
    EXPECT_EQ(sids(out), (std::vector<std::pair<uint32_t, std::string>>{{4, "d"}, {6, "h"}}));
}

TEST(IndicatorInspect, HttpAbsoluteRequestTarget) {
    auto set = IndicatorSet::build({in(IndicatorKind::Url, "http://proxy.example/a/B", "u")}, nullptr);
    app::HttpTransaction tx;
    tx.request_line_done = tx.request_headers_done = true;
    tx.uri_raw = "HTTP://Proxy.Example/a/B";
    tx.hostname = "proxy.example";
    AlertList out;
    inspect_transaction(*set, tx, 0, client_flow(3128), out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].indicator_matched, "http://proxy.example/a/B");
}
