#include <gtest/gtest.h>

#include "intel/stix_pattern.h"

using namespace vigie::intel;

namespace {

Observable obs(ObservableKind k, std::string v, int32_t sp = -1, int32_t dp = -1) { return Observable{k, std::move(v), sp, dp}; }

}  // namespace

TEST(StixPattern, SingleAddressWithSpaces) {
    auto r = reduce_stix_pattern("[ ipv4-addr:value = '10.0.0.0' ]");
    ASSERT_TRUE(r.syntax_error.empty()) << r.syntax_error;
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0], obs(ObservableKind::Ip, "10.0.0.0"));
    EXPECT_TRUE(r.unsupported.empty());
}

TEST(StixPattern, CidrHostBitsCleared) {
    auto r = reduce_stix_pattern("[ipv4-addr:value = '112.65.1.2/15']");
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0].value, "112.64.0.0/15");
    r = reduce_stix_pattern("[ipv6-addr:value ISSUBSET '2001:DB8:1::/48']");
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0].value, "2001:db8:1::/48");
}

TEST(StixPattern, OrOfDomainsAndAddresses) {
    auto r = reduce_stix_pattern(
        "[domain-name:value = 'Tw.2012yearleft.com' OR ipv4-addr:value = '60.10.1.114' OR ipv4-addr:value = '60.1.1.114']");
    ASSERT_EQ(r.observables.size(), 3u);
    EXPECT_EQ(r.observables[0], obs(ObservableKind::Domain, "tw.2012yearleft.com"));
    EXPECT_EQ(r.observables[1], obs(ObservableKind::Ip, "60.10.1.114"));
    EXPECT_EQ(r.observables[2], obs(ObservableKind::Ip, "60.1.1.114"));
}

TEST(StixPattern, HashesQuotedAndBare) {
    auto r = reduce_stix_pattern("[file:hashes.'SHA-256' = 'EF537F25C895BFA782526529A9B63D97AA631564D5D789C2B765448C8635FB6C'"
                                 " OR file:hashes.MD5 = '001dd76872d80801692ff942308c64e6'"
                                 " OR file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709'"
                                 " OR x509-certificate:hashes.'SHA-1' = '6a:5e:aa:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00']");
    ASSERT_EQ(r.observables.size(), 4u) << (r.unsupported.empty() ? "" : r.unsupported[0]);
    EXPECT_EQ(r.observables[0], obs(ObservableKind::Sha256, "ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c"));
    EXPECT_EQ(r.observables[1].kind, ObservableKind::Md5);
    EXPECT_EQ(r.observables[2].kind, ObservableKind::Sha1);
    EXPECT_EQ(r.observables[3], obs(ObservableKind::X509Sha1, "6a5eaa00112233445566778899aabbccddeeff00"));
}

TEST(StixPattern, PortsConstrainTheValue) {
    auto r = reduce_stix_pattern("[ipv4-addr:value = '198.51.100.1' AND network-traffic:dst_port = 443]");
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0], obs(ObservableKind::Ip, "198.51.100.1", -1, 443));
    // AND distributes over OR: two alternatives, each with the port.
    r = reduce_stix_pattern("[(ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '192.0.2.2') AND network-traffic:src_port = 53]");
    ASSERT_EQ(r.observables.size(), 2u);
    EXPECT_EQ(r.observables[1], obs(ObservableKind::Ip, "192.0.2.2", 53, -1));
}

TEST(StixPattern, InSetExpands) {
    auto r = reduce_stix_pattern("[domain-name:value IN ('a.example', 'b.example')]");
    ASSERT_EQ(r.observables.size(), 2u);
    EXPECT_EQ(r.observables[1].value, "b.example");
}

TEST(StixPattern, UnsupportedPartsReportedOthersKept) {
    auto r = reduce_stix_pattern("[domain-name:value = 'evil.example' OR file:name = 'dropper.exe']");
    ASSERT_EQ(r.observables.size(), 1u);
    ASSERT_EQ(r.unsupported.size(), 1u);
    EXPECT_NE(r.unsupported[0].find("file:name"), std::string::npos) << r.unsupported[0];
}

TEST(StixPattern, AndWithUnsupportedDropsTheWholeBranch) {
    // Matching the address alone would alert on more than the partner meant.
    auto r = reduce_stix_pattern("[ipv4-addr:value = '192.0.2.1' AND network-traffic:protocols[*] = 'tcp']");
    EXPECT_TRUE(r.observables.empty());
    ASSERT_EQ(r.unsupported.size(), 1u);
    EXPECT_NE(r.unsupported[0].find("protocols"), std::string::npos);
}

TEST(StixPattern, OperatorsAndNegationUnsupported) {
    for (const char* p : {"[email-message:subject MATCHES '^[IMPORTANT] Please Review Before']",
                          "[domain-name:value LIKE '%.example']", "[ipv4-addr:value != '192.0.2.1']",
                          "[ipv4-addr:value NOT = '192.0.2.1']", "[network-traffic:dst_port = 443]"}) {
        auto r = reduce_stix_pattern(p);
        EXPECT_TRUE(r.syntax_error.empty()) << p << ": " << r.syntax_error;
        EXPECT_TRUE(r.observables.empty()) << p;
        EXPECT_EQ(r.unsupported.size(), 1u) << p;
    }
}

TEST(StixPattern, ObservationOperatorsAndQualifiers) {
    auto r = reduce_stix_pattern("[ipv4-addr:value = '192.0.2.1'] OR [domain-name:value = 'x.example']");
    EXPECT_EQ(r.observables.size(), 2u);
    r = reduce_stix_pattern("[ipv4-addr:value = '192.0.2.1'] AND [domain-name:value = 'x.example']");
    EXPECT_TRUE(r.observables.empty());
    EXPECT_EQ(r.unsupported.size(), 1u);
    r = reduce_stix_pattern("([ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [domain-name:value = 'x.example']) WITHIN 300 SECONDS");
    EXPECT_TRUE(r.syntax_error.empty()) << r.syntax_error;
    EXPECT_TRUE(r.observables.empty());
    r = reduce_stix_pattern("[ipv4-addr:value = '192.0.2.1'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'");
    EXPECT_TRUE(r.syntax_error.empty()) << r.syntax_error;
    EXPECT_EQ(r.unsupported.size(), 1u);
}

TEST(StixPattern, EscapesInStrings) {
    auto r = reduce_stix_pattern(R"([url:value = 'http://x.example/it\'s'])");
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0].value, "http://x.example/it's");
}

TEST(StixPattern, BadValuesReported) {
    auto r = reduce_stix_pattern("[domain-name:value = 'domain autuo.xicp.net' OR ipv4-addr:value = '60.10.1.115']");
    ASSERT_EQ(r.observables.size(), 1u);
    EXPECT_EQ(r.observables[0].value, "60.10.1.115");
    ASSERT_EQ(r.unsupported.size(), 1u);
    r = reduce_stix_pattern("[ipv4-addr:value = '2001:db8::1']");
    EXPECT_TRUE(r.observables.empty());
    EXPECT_EQ(r.unsupported.size(), 1u);
}

TEST(StixPattern, SyntaxErrors) {
    for (const char* p : {"", "[", "[ipv4-addr:value = '1.2.3.4'", "ipv4-addr:value = '1.2.3.4'", "[ipv4-addr = '1']",
                          "[ipv4-addr:value = '1.2.3.4] ", "[ipv4-addr:value ~ '1']", "[a:b = 'x'] WITHIN SECONDS",
                          "[a:b = 'x'] junk", "[a:b IN ()]", "[a:b = 'x\\q']"}) {
        auto r = reduce_stix_pattern(p);
        EXPECT_FALSE(r.syntax_error.empty()) << p;
    }
}
