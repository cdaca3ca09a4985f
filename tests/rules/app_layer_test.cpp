// App-layer keywords: parsed into buffers and transforms, and reported as missing.
#include <gtest/gtest.h>

#include "rule_test_util.h"
#include "rules/buffer_registry.h"
#include "rules/parse_detail.h"

namespace vigie::rules {
namespace {

Rule structure(const std::string& text, std::string* missing) {
    ParseContext ctx{&testing::vars(), &testing::classes(), "t", 1};
    auto r = parse_rule_unchecked(text, ctx, missing);
    EXPECT_TRUE(r.ok()) << text << " -> " << (r.ok() ? "" : r.error());
    return r.ok() ? std::move(*r) : Rule{};
}

TEST(AppLayer, LegacyModifiersMoveContentIntoTheirBuffer) {
    std::string missing;
    Rule r = structure(
        "alert http any any -> any any (content:\"GET\"; http_method; content:\"/x\"; http_uri; nocase; "
        "content:\"body\"; sid:1;)",
        &missing);
    ASSERT_EQ(r.buffers.size(), 3u);
    EXPECT_EQ(r.buffers[0].buffer, "payload");  // "body" stays in the payload list
    EXPECT_EQ(std::get<Content>(r.buffers[0].matches[0]).bytes, "body");
    EXPECT_EQ(r.buffers[1].buffer, "http.method");
    EXPECT_EQ(r.buffers[2].buffer, "http.uri");
    EXPECT_TRUE(std::get<Content>(r.buffers[2].matches[0]).nocase);  // modifier follows the moved content
    EXPECT_EQ(missing, "");  // HTTP buffers are available
    EXPECT_EQ(r.header.app_proto, "http");
    EXPECT_EQ(r.header.ip_protos, std::vector<uint8_t>{6});
}

TEST(AppLayer, StickyBuffersTransformsAndPcreFlags) {
    std::string missing;
    Rule r = structure(
        "alert dns any any -> any any (dns.query; dotprefix; content:\".evil.com\"; endswith; "
        "http.header; to_lowercase; strip_whitespace; content:\"a\"; "
        "pkt_data; content:\"raw\"; pcre:\"/x/H\"; sid:1;)",
        &missing);
    ASSERT_EQ(r.buffers.size(), 4u);
    EXPECT_EQ(r.buffers[0].buffer, "dns.query");
    EXPECT_EQ(r.buffers[0].transforms, std::vector<std::string>{"dotprefix"});
    EXPECT_EQ(r.buffers[0].matches.size(), 1u);
    EXPECT_EQ(r.buffers[1].buffer, "http.header");
    EXPECT_EQ(r.buffers[1].transforms, (std::vector<std::string>{"to_lowercase", "strip_whitespace"}));
    EXPECT_EQ(r.buffers[2].buffer, "payload");
    EXPECT_EQ(r.buffers[3].buffer, "http.header");  // the H flag: pcre on http.header, no transforms
    EXPECT_TRUE(std::holds_alternative<Pcre>(r.buffers[3].matches[0]));
    // the second dns_query opens a new list: it has no dotprefix; the xor after its
    // content applies to that whole list
    std::string m2;
    Rule r2 = structure("alert dns any any -> any any (dns.query; content:\"b\"; xor:\"0d0a\"; sid:1;)", &m2);
    ASSERT_EQ(r2.buffers.size(), 1u);
    EXPECT_EQ(r2.buffers[0].transforms, std::vector<std::string>{"xor:\"0d0a\""});
    EXPECT_EQ(missing, "");
}

TEST(AppLayer, ChecksAreRecorded) {
    std::string missing;
    Rule r = structure("alert http any any -> any any (urilen:5<>10,norm; filesize:>1mb; filestore; sid:1;)", &missing);
    ASSERT_EQ(r.app_checks.size(), 3u);
    EXPECT_EQ(r.app_checks[0].name, "urilen");
    ASSERT_TRUE(r.app_checks[0].cmp);
    EXPECT_TRUE(r.app_checks[0].cmp->matches(7));
    EXPECT_TRUE(r.app_checks[1].cmp->matches(2 * 1048576));
    EXPECT_EQ(r.app_checks[2].arg, "");
    EXPECT_EQ(missing, "");
    std::string m3;
    structure("alert smb any any -> any any (smb.share; content:\"C$\"; sid:1;)", &m3);
    EXPECT_EQ(m3, "needs app-layer buffer smb.share (SMB parser not available yet)");
}

TEST(AppLayer, ParsedProtocolsAreAvailable) {
    const Feature* payload = find_feature("payload", FeatureKind::Buffer);
    ASSERT_NE(payload, nullptr);
    EXPECT_TRUE(payload->available);
    for (const char* b : {"http.uri", "dns.query", "tls.sni", "file.data", "file.magic", "ja3.hash", "ssh.software"}) {
        const Feature* f = find_feature(b, FeatureKind::Buffer);
        ASSERT_NE(f, nullptr) << b;
        EXPECT_TRUE(f->available) << b;
    }
    for (const char* b : {"smb.share", "ssh.hassh"}) {
        const Feature* f = find_feature(b, FeatureKind::Buffer);
        ASSERT_NE(f, nullptr) << b;
        EXPECT_FALSE(f->available) << b;
    }
    for (const char* p : {"http", "dns", "tls", "ssh"}) EXPECT_TRUE(find_app_proto(p)->available) << p;
    EXPECT_FALSE(find_app_proto("smtp")->available);
}

TEST(AppLayer, Suricata8Forms) {
    std::string missing;
    Rule r = structure(
        "alert http any any => any any (http.uri; content:\"/d\"; http.connection: to_client; content:\"x\"; "
        "http.referer; absent; http.user_agent; absent: or_else; content:!\"bad\"; filesize: to_client, <100; "
        "app-layer-protocol:!tls,final; app-layer-protocol:!ssh; sid:1;)",
        &missing);
    EXPECT_EQ(missing, "");
    EXPECT_TRUE(r.header.tx_both_sides);
    ASSERT_EQ(r.buffers.size(), 4u);
    EXPECT_EQ(r.buffers[1].buffer, "http.connection");
    EXPECT_EQ(r.buffers[1].side, 2);
    EXPECT_EQ(r.buffers[2].buffer, "http.referer");  // kept without a match: it tests absence
    EXPECT_EQ(r.buffers[2].absent, BufferMatches::Absent::Only);
    EXPECT_EQ(r.buffers[3].absent, BufferMatches::Absent::OrElse);
    ASSERT_EQ(r.app_checks.size(), 1u);
    EXPECT_EQ(r.app_checks[0].side, 2);
    ASSERT_TRUE(r.app_checks[0].cmp);
    EXPECT_TRUE(r.app_checks[0].cmp->matches(99));
    EXPECT_EQ(r.app_layer_protocols, (std::vector<std::string>{"!tls,final", "!ssh"}));
    for (const char* bad : {"alert tcp any any => any any (content:\"x\"; sid:1;)",
                            "alert http any any -> any any (http.uri: sideways; content:\"x\"; sid:1;)",
                            "alert http any any -> any any (http.uri; content:\"x\"; absent; sid:1;)",
                            "alert http any any -> any any (absent; sid:1;)"})
        EXPECT_FALSE(testing::parse(bad).ok()) << bad;
}

TEST(AppLayer, TransformNeedsStickyBuffer) {
    auto r = testing::parse(testing::tcp_rule("to_lowercase; content:\"a\";"));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("to_lowercase: needs a sticky buffer"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace vigie::rules
