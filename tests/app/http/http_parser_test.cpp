// HTTP/1.x stream parsing: framing, pipelining, splits at every byte, interim
// responses, tunnels, unmatched responses, limits, gaps.
#include <gtest/gtest.h>

#include "http_test_util.h"

namespace vigie::app::http::test {
namespace {

const std::string kReq =
    "GET /index.html?a=1 HTTP/1.1\r\nHost: Example.COM:8080\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n";
const std::string kResp =
    "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 5\r\n\r\nhello";

TEST(HttpParser, SimpleExchange) {
    HttpRun r = run(kReq, kResp, {}, 0, false);
    ASSERT_EQ(r.txs.size(), 1u);
    const auto& t = r.tx(0);
    EXPECT_EQ(t.tx_id, 0u);
    EXPECT_EQ(t.method, "GET");
    EXPECT_EQ(t.uri_raw, "/index.html?a=1");
    EXPECT_EQ(t.protocol, "HTTP/1.1");
    EXPECT_EQ(t.hostname, "example.com");
    EXPECT_EQ(t.host_raw, "Example.COM:8080");
    EXPECT_EQ(t.port, 8080);
    EXPECT_EQ(t.status, 200);
    EXPECT_EQ(t.status_msg, "OK");
    EXPECT_EQ(t.response_body, "hello");
    EXPECT_EQ(t.response_message_len, 5u);
    EXPECT_TRUE(t.request_done && t.response_done);
    EXPECT_EQ(t.ts.sec, 1000);
    EXPECT_TRUE(r.events.empty()) << summary(r);
}

struct SplitCase {
    const char* name;
    std::string req, resp;
};

class EverySplit : public ::testing::TestWithParam<SplitCase> {};

// Cutting the streams at every position (and byte by byte) gives the same result.
TEST_P(EverySplit, SameTransactions) {
    const auto& c = GetParam();
    const std::string whole = summary(run(c.req, c.resp));
    const std::string bytewise = summary(run(c.req, c.resp, {}, 1));
    EXPECT_EQ(whole, bytewise);
    for (size_t cut = 1; cut < c.req.size(); ++cut) {
        HttpParser p(AppConfig{});
        feed_split(p, true, std::string_view(c.req).substr(0, cut), 0);
        feed_split(p, true, std::string_view(c.req).substr(cut), 0);
        feed_split(p, false, c.resp, 0);
        HttpRun r;
        p.on_flow_end();
        p.take_finished(r.txs, true);
        for (const auto& e : p.events()) r.events.push_back(e.name + "@" + std::to_string(e.tx_id));
        ASSERT_EQ(whole, summary(r)) << "request cut at " << cut;
    }
    for (size_t cut = 1; cut < c.resp.size(); ++cut) {
        HttpParser p(AppConfig{});
        feed_split(p, true, c.req, 0);
        feed_split(p, false, std::string_view(c.resp).substr(0, cut), 0);
        feed_split(p, false, std::string_view(c.resp).substr(cut), 0);
        HttpRun r;
        p.on_flow_end();
        p.take_finished(r.txs, true);
        for (const auto& e : p.events()) r.events.push_back(e.name + "@" + std::to_string(e.tx_id));
        ASSERT_EQ(whole, summary(r)) << "response cut at " << cut;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Http, EverySplit,
    ::testing::Values(
        SplitCase{"simple", kReq, kResp},
        SplitCase{"chunked",
                  "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nX-T: 1\r\n\r\n",
                  "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwxyz\r\n0\r\n\r\n"},
        SplitCase{"pipelined",
                  "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nHEAD /3 HTTP/1.1\r\nHost: a\r\n\r\n",
                  "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"
                  "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"},
        SplitCase{"folded_lf_only", "GET / HTTP/1.0\nX-A: one\n  two\nX-A: three\n\n",
                  "HTTP/1.0 200 OK\nContent-Type: text/plain\n\nuntil close"},
        SplitCase{"continue",
                  "POST /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
                  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HttpParser, PipeliningMatchesInOrder) {
    HttpRun r = run("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nAHTTP/1.1 404 Not Found\r\nContent-Length: 1\r\n\r\nB",
                {}, 0, false);
    ASSERT_EQ(r.txs.size(), 2u);
    EXPECT_EQ(r.tx(0).uri_raw, "/1");
    EXPECT_EQ(r.tx(0).status, 200);
    EXPECT_EQ(r.tx(0).response_body, "A");
    EXPECT_EQ(r.tx(1).tx_id, 1u);
    EXPECT_EQ(r.tx(1).uri_raw, "/2");
    EXPECT_EQ(r.tx(1).status, 404);
    EXPECT_EQ(r.tx(1).response_body, "B");
}

TEST(HttpParser, FinishedOnlyWhenBothSidesDone) {
    HttpParser p(AppConfig{});
    feed_split(p, true, kReq, 0);
    std::vector<std::unique_ptr<Transaction>> out;
    p.take_finished(out, false);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(p.tx_count(), 1u);
    EXPECT_TRUE(p.tx_at(0)->request_done);
    EXPECT_FALSE(p.tx_at(0)->response_done);
    feed_split(p, false, kResp.substr(0, kResp.size() - 2), 0);
    p.take_finished(out, false);
    EXPECT_TRUE(out.empty());
    feed_split(p, false, kResp.substr(kResp.size() - 2), 0);
    p.take_finished(out, false);
    EXPECT_EQ(out.size(), 1u);
    EXPECT_EQ(p.tx_count(), 0u);
}

TEST(HttpParser, HeadAnd304And204HaveNoBody) {
    HttpRun r = run("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nDELETE /x HTTP/1.1\r\nHost: a\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n"
                "HTTP/1.1 204 No Content\r\n\r\n",
                {}, 0, false);
    ASSERT_EQ(r.txs.size(), 3u);
    EXPECT_EQ(r.tx(0).status, 200);
    EXPECT_EQ(r.tx(1).status, 304);
    EXPECT_EQ(r.tx(2).status, 204);
    for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(r.tx(i).response_body.empty());
}

TEST(HttpParser, BodyUntilCloseCompletesAtFlowEnd) {
    HttpParser p(AppConfig{});
    feed_split(p, true, "GET / HTTP/1.0\r\n\r\n", 0);
    feed_split(p, false, "HTTP/1.0 200 OK\r\n\r\nsome data", 0);
    std::vector<std::unique_ptr<Transaction>> out;
    p.take_finished(out, false);
    EXPECT_TRUE(out.empty());
    p.on_flow_end();
    p.take_finished(out, true);
    ASSERT_EQ(out.size(), 1u);
    const auto& t = static_cast<const HttpTransaction&>(*out[0]);
    EXPECT_EQ(t.response_body, "some data");
    EXPECT_TRUE(t.response_done);
}

TEST(HttpParser, ContinueThenFinalResponse) {
    HttpRun r = run("POST /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nbody",
                "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                {}, 0, false);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).status, 200);
    EXPECT_EQ(r.tx(0).request_body, "body");
    EXPECT_EQ(r.tx(0).response_body, "ok");
    EXPECT_EQ(r.tx(0).response_header("x-interim"), nullptr);
    EXPECT_TRUE(has_event(r, "http.100_continue_already_seen"));
}

TEST(HttpParser, ConnectTunnelStopsParsing) {
    HttpRun r = run("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01 binary",
                "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03 more", {}, 0, true);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).hostname, "example.com");
    EXPECT_EQ(r.tx(0).port, 443);
    EXPECT_TRUE(r.tx(0).response_body.empty());
    EXPECT_TRUE(r.events.empty()) << summary(r);
}

TEST(HttpParser, RefusedConnectContinuesWithNextRequest) {
    HttpRun r = run("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n",
                "HTTP/1.1 407 Proxy Auth\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", {}, 0,
                false);
    ASSERT_EQ(r.txs.size(), 2u);
    EXPECT_EQ(r.tx(1).uri_raw, "/next");
    EXPECT_EQ(r.tx(1).status, 200);
}

TEST(HttpParser, UpgradeSwitchesToTunnel) {
    HttpRun r = run("GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n\x81\x05hello",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x02hi", {}, 0, false);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).status, 101);
}

TEST(HttpParser, Http09) {
    HttpRun r = run("GET /old\r\n", "<html>raw</html>");
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).uri_raw, "/old");
    EXPECT_EQ(r.tx(0).protocol, "");
    EXPECT_EQ(r.tx(0).response_body, "<html>raw</html>");
    EXPECT_TRUE(has_event(r, "http.request_line_missing_protocol"));
}

TEST(HttpParser, ResponseWithoutRequest) {
    HttpRun r = run("", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", {}, 0, false);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).status, 200);
    EXPECT_TRUE(has_event(r, "http.unable_to_match_response_to_request"));
}

TEST(HttpParser, MaxTransactionsBoundsMemory) {
    AppConfig cfg;
    cfg.max_tx_per_flow = 2;
    HttpParser p(cfg);
    std::string req;
    for (int i = 0; i < 5; ++i) req += "GET /" + std::to_string(i) + " HTTP/1.1\r\nHost: a\r\n\r\n";
    feed_split(p, true, req, 0);
    EXPECT_EQ(p.tx_count(), 2u);
    EXPECT_EQ(p.dropped_transactions(), 3u);
    std::string resp;
    for (int i = 0; i < 5; ++i) resp += "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + std::to_string(i);
    feed_split(p, false, resp, 0);
    std::vector<std::unique_ptr<Transaction>> out;
    p.take_finished(out, false);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(static_cast<const HttpTransaction&>(*out[1]).response_body, "1");
    bool flagged = false;
    for (const auto& e : p.events()) flagged |= e.name == "http.too_many_transactions";
    EXPECT_TRUE(flagged);
}

TEST(HttpParser, GapBeyondTheBodyClosesMessageAndResyncs) {
    HttpParser p(AppConfig{});
    feed_split(p, true, "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\npartial", 0);
    p.on_gap(true, 500);  // more than the 93 body bytes still due: the next message's start is lost too
    feed_split(p, true, "lost tail\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n", 0);
    ASSERT_EQ(p.tx_count(), 2u);
    const auto* t0 = p.http_tx_at(0);
    EXPECT_TRUE(t0->request_done);
    EXPECT_EQ(t0->request_body, "partial");
    EXPECT_EQ(p.http_tx_at(1)->uri_raw, "/b");
}

// libhtp's behaviour, which Suricata's http-gap-* tests check: a hole inside a body
// of known length is stepped over; the body's length and the file's size count it,
// the file is marked as having gaps (so no hashes), the next message parses.
TEST(HttpParser, GapInsideContentLengthBodyIsSteppedOver) {
    HttpParser p(AppConfig{});
    feed_split(p, true, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n", 0);
    feed_split(p, false, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nabcde", 0);
    p.on_gap(false, 5);
    feed_split(p, false, "klmnopqrstHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nxyz", 0);
    ASSERT_EQ(p.tx_count(), 2u);
    const auto* t0 = p.http_tx_at(0);
    EXPECT_TRUE(t0->response_done);
    EXPECT_EQ(t0->response_message_len, 20u);
    EXPECT_EQ(t0->response_body, "abcdeklmnopqrst");  // what arrived, without the hole
    ASSERT_TRUE(t0->response_file);
    EXPECT_EQ(t0->response_file->size(), 20u);
    EXPECT_TRUE(t0->response_file->gaps());
    EXPECT_FALSE(t0->response_file->complete());
    EXPECT_TRUE(t0->response_file->sha256().empty());
    const auto* t1 = p.http_tx_at(1);
    EXPECT_EQ(t1->status, 200);
    EXPECT_EQ(t1->response_body, "xyz");
    EXPECT_TRUE(t1->response_file->complete());
}

TEST(HttpParser, GapInsideChunkIsSteppedOver) {
    HttpParser p(AppConfig{});
    feed_split(p, true, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n", 0);
    feed_split(p, false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n01", 0);
    p.on_gap(false, 4);
    feed_split(p, false, "6789\r\n0\r\n\r\n", 0);
    ASSERT_EQ(p.tx_count(), 1u);
    const auto* t0 = p.http_tx_at(0);
    EXPECT_TRUE(t0->response_done);
    EXPECT_EQ(t0->response_file->size(), 10u);
    EXPECT_TRUE(t0->response_file->gaps());
}

TEST(HttpParser, LongLineIsBoundedAndFlagged) {
    AppConfig cfg;
    cfg.http_max_header_bytes = 256;
    HttpRun r = run("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(1000, 'A') + "\r\nX-After: 1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", cfg);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_TRUE(has_event(r, "http.request_field_too_long"));
    EXPECT_LE(r.tx(0).request_headers_raw.size(), 256u);
    EXPECT_EQ(r.tx(0).status, 200);
}

TEST(HttpParser, TrailersAndChunkExtensions) {
    HttpRun r = run("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                "5;name=val\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).request_body, "hello world");
    EXPECT_EQ(r.tx(0).request_body_len, 11u);
}

TEST(HttpParser, Probe) {
    auto probe = [](std::string_view s, bool ts) {
        return probe_http(reinterpret_cast<const uint8_t*>(s.data()), uint32_t(s.size()), ts);
    };
    EXPECT_EQ(probe("GET / HTTP/1.1\r\n", true), Probe::Yes);
    EXPECT_EQ(probe("PROPFIND /x", true), Probe::Yes);
    EXPECT_EQ(probe("GE", true), Probe::NeedMore);
    EXPECT_EQ(probe("GET", true), Probe::NeedMore);
    EXPECT_EQ(probe("GETX /", true), Probe::No);
    EXPECT_EQ(probe("\x16\x03\x01", true), Probe::No);
    EXPECT_EQ(probe("HTTP/1.1 200 OK", false), Probe::Yes);
    EXPECT_EQ(probe("HTT", false), Probe::NeedMore);
    EXPECT_EQ(probe("SSH-2.0", false), Probe::No);
}

}  // namespace
}  // namespace vigie::app::http::test
