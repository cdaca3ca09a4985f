// URI and host normalisation (libhtp IDS personality as Suricata configures it).
#include <gtest/gtest.h>

#include "app/http/http_uri.h"

namespace vigie::app::http {
namespace {

struct UriCase {
    const char* raw;
    const char* normalized;
};

class UriNormalization : public ::testing::TestWithParam<UriCase> {};

TEST_P(UriNormalization, AsSuricata) { EXPECT_EQ(normalize_uri(GetParam().raw), GetParam().normalized); }

INSTANTIATE_TEST_SUITE_P(
    Http, UriNormalization,
    ::testing::Values(
        UriCase{"/", "/"},
        UriCase{"/index.html", "/index.html"},
        UriCase{"/a%20b", "/a b"},                       // percent-decoding
        UriCase{"/%41%42%43", "/ABC"},
        UriCase{"/a%2fb", "/a/b"},                       // encoded separators decoded
        UriCase{"/a%5cb", "/a/b"},                       // encoded backslash becomes a separator
        UriCase{"/a\\b\\c", "/a/b/c"},                   // backslash separators
        UriCase{"//a///b", "/a/b"},                      // separators compressed
        UriCase{"/a/./b", "/a/b"},                       // dot segments
        UriCase{"/a/b/../c", "/a/c"},
        UriCase{"/a/b/..", "/a/"},
        UriCase{"/../../etc/passwd", "/etc/passwd"},
        UriCase{"/a/%2e%2e/b", "/b"},                    // encoded dots removed after decoding
        UriCase{"/%u0041", "/A"},                        // %u decoding
        UriCase{"/%uFF0E%uFF0E/x", "/x"},                // full-width dots fold to '.'
        UriCase{"/%u4E2D", "/?"},                        // no best fit: replacement byte
        UriCase{"/%c0%ae%c0%ae/x", "/x"},                // overlong UTF-8 dots
        UriCase{"/%zz%4", "/%zz%4"},                     // invalid encodings kept
        UriCase{"/A/B", "/A/B"},                         // case kept (Suricata turns lower-casing off)
        UriCase{"/p?q=%20a/../b", "/p?q=%20a/../b"},     // query left as sent
        UriCase{"/p?", "/p?"},
        UriCase{"/p#frag%20x", "/p#frag x"},
        UriCase{"http://Host.example:8080/x/../y?z", "/y?z"},  // absolute URI: path only
        UriCase{"http://host.example", "/"},
        UriCase{"*", "*"}),
    [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(HostPort, Parsing) {
    auto hp = parse_host_port("  WWW.Example.COM.:8080 ");
    EXPECT_EQ(hp.host, "www.example.com");
    EXPECT_EQ(hp.port, 8080);
    EXPECT_TRUE(hp.valid);
    hp = parse_host_port("[2001:DB8::1]:443");
    EXPECT_EQ(hp.host, "[2001:db8::1]");
    EXPECT_EQ(hp.port, 443);
    hp = parse_host_port("user:pw@host");
    EXPECT_EQ(hp.host, "host");
    EXPECT_EQ(hp.port, -1);
    EXPECT_FALSE(parse_host_port("host:99999").valid);
    EXPECT_FALSE(parse_host_port("host:abc").valid);
    EXPECT_FALSE(parse_host_port("bad host").valid);
    EXPECT_FALSE(parse_host_port("").valid);
}

TEST(RemoveDotSegments, Rfc3986Examples) {
    EXPECT_EQ(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
    EXPECT_EQ(remove_dot_segments("mid/content=5/../6"), "mid/6");
    EXPECT_EQ(remove_dot_segments("/."), "/");
    EXPECT_EQ(remove_dot_segments(".."), "");
}

}  // namespace
}  // namespace vigie::app::http
