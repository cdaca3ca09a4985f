// `vigie serve --listen`: what is loopback (served without --allow-remote), and the
// Host header check that keeps a page on another site from reading the dashboard
// through DNS rebinding.
#include <gtest/gtest.h>

#include "web/listen_address.h"
#include "web/server.h"

using namespace vigie::web;

TEST(Listen, ParsesHostAndPort) {
    auto a = parse_listen("127.0.0.1:8080");
    ASSERT_TRUE(a) << a.error();
    EXPECT_EQ(a->host, "127.0.0.1");
    EXPECT_EQ(a->port, 8080);
    auto b = parse_listen("[::1]:0");
    ASSERT_TRUE(b) << b.error();
    EXPECT_EQ(b->host, "::1");
    EXPECT_EQ(b->port, 0);
    EXPECT_TRUE(parse_listen("localhost:9000"));
}

TEST(Listen, RejectsMalformedAddresses) {
    EXPECT_FALSE(parse_listen("8080"));
    EXPECT_FALSE(parse_listen("127.0.0.1:"));
    EXPECT_FALSE(parse_listen("127.0.0.1:65536"));
    EXPECT_FALSE(parse_listen("127.0.0.1:80x"));
    EXPECT_FALSE(parse_listen("::1:8080"));  // IPv6 needs brackets
    EXPECT_FALSE(parse_listen("example.org:80"));
}

TEST(Listen, LoopbackOnly) {
    for (const char* h : {"127.0.0.1", "127.1.2.3", "::1", "localhost", "::ffff:127.0.0.1"})
        EXPECT_TRUE(is_loopback_host(h)) << h;
    for (const char* h : {"0.0.0.0", "::", "10.0.0.1", "192.168.1.1", "128.0.0.1", "::2", "::ffff:10.0.0.1", ""})
        EXPECT_FALSE(is_loopback_host(h)) << h;
}

TEST(Listen, HostHeaderMustNameLoopback) {
    for (const char* h : {"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost"})
        EXPECT_TRUE(is_loopback_host_header(h)) << h;
    for (const char* h : {"evil.example:8080", "evil.example", "10.0.0.1:8080", "", "[::1"})
        EXPECT_FALSE(is_loopback_host_header(h)) << h;
}
