// Buffers by BufferId and direction (Suricata's definitions), readiness, numbers,
// and anomaly events on malformed input.
#include <gtest/gtest.h>

#include "http_test_util.h"

namespace vigie::app::http::test {
namespace {

using namespace std::string_literals;

const std::string kReq =
    "POST /dir/./a%2Fb.php?q=%41 HTTP/1.1\r\n"
    "Host: WWW.Site.ORG\r\n"
    "User-Agent: Mozilla/5.0\r\n"
    "Cookie: sid=1\r\n"
    "Accept: text/html\r\n"
    "Accept-Encoding: gzip\r\n"
    "Accept-Language: en\r\n"
    "Referer: http://r/\r\n"
    "Connection: keep-alive\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: 7\r\n"
    "\r\n"
    "a=1&b=2";
const std::string kResp =
    "HTTP/1.1 200 OK\r\n"
    "Server: Apache\r\n"
    "Set-Cookie: k=v\r\n"
    "Location: /x\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Disposition: attachment; filename=\"evil.exe\"\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "MZ\x90\x00"s;  // a NUL in the body: the literal keeps it

struct BufCase {
    BufferId id;
    bool to_server;
    std::string expect;
};

class Buffers : public ::testing::TestWithParam<BufCase> {};

TEST_P(Buffers, Content) {
    static const HttpRun r = run(kReq, kResp);
    const auto& c = GetParam();
    EXPECT_EQ(buf(*r.txs.at(0), c.id, c.to_server), c.expect) << buffer_name(c.id);
}

const std::string kHeaderReq =
    "Host: WWW.Site.ORG\r\nUser-Agent: Mozilla/5.0\r\nAccept: text/html\r\nAccept-Encoding: gzip\r\n"
    "Accept-Language: en\r\nReferer: http://r/\r\nConnection: keep-alive\r\n"
    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n";

INSTANTIATE_TEST_SUITE_P(
    Http, Buffers,
    ::testing::Values(
        BufCase{BufferId::HttpUri, true, "/dir/a/b.php?q=%41"},
        BufCase{BufferId::HttpUriRaw, true, "/dir/./a%2Fb.php?q=%41"},
        BufCase{BufferId::HttpUri, false, "<none>"},
        BufCase{BufferId::HttpMethod, true, "POST"},
        BufCase{BufferId::HttpProtocol, true, "HTTP/1.1"},
        BufCase{BufferId::HttpProtocol, false, "HTTP/1.1"},
        BufCase{BufferId::HttpRequestLine, true, "POST /dir/./a%2Fb.php?q=%41 HTTP/1.1"},
        BufCase{BufferId::HttpResponseLine, false, "HTTP/1.1 200 OK"},
        BufCase{BufferId::HttpHost, true, "www.site.org"},
        BufCase{BufferId::HttpHostRaw, true, "WWW.Site.ORG"},
        BufCase{BufferId::HttpUserAgent, true, "Mozilla/5.0"},
        BufCase{BufferId::HttpCookie, true, "sid=1"},
        BufCase{BufferId::HttpCookie, false, "k=v"},
        BufCase{BufferId::HttpReferer, true, "http://r/"},
        BufCase{BufferId::HttpAccept, true, "text/html"},
        BufCase{BufferId::HttpAcceptEnc, true, "gzip"},
        BufCase{BufferId::HttpAcceptLang, true, "en"},
        BufCase{BufferId::HttpConnection, true, "keep-alive"},
        BufCase{BufferId::HttpContentType, true, "application/x-www-form-urlencoded"},
        BufCase{BufferId::HttpContentType, false, "text/plain"},
        BufCase{BufferId::HttpContentLen, true, "7"},
        BufCase{BufferId::HttpContentLen, false, "4"},
        BufCase{BufferId::HttpServer, false, "Apache"},
        BufCase{BufferId::HttpServer, true, "<none>"},
        BufCase{BufferId::HttpLocation, false, "/x"},
        BufCase{BufferId::HttpStatCode, false, "200"},
        BufCase{BufferId::HttpStatMsg, false, "OK"},
        BufCase{BufferId::HttpHeader, true, kHeaderReq},  // without Cookie
        BufCase{BufferId::HttpHeader, false,
                "Server: Apache\r\nLocation: /x\r\nContent-Type: text/plain\r\n"
                "Content-Disposition: attachment; filename=\"evil.exe\"\r\nContent-Length: 4\r\n"},
        BufCase{BufferId::HttpHeaderNames, true,
                "\r\nHost\r\nUser-Agent\r\nCookie\r\nAccept\r\nAccept-Encoding\r\nAccept-Language\r\nReferer\r\n"
                "Connection\r\nContent-Type\r\nContent-Length\r\n\r\n"},
        BufCase{BufferId::HttpRequestBody, true, "a=1&b=2"},
        BufCase{BufferId::FileData, true, "a=1&b=2"},
        BufCase{BufferId::FileData, false, std::string("MZ\x90\x00", 4)},
        BufCase{BufferId::FileName, false, "evil.exe"},
        BufCase{BufferId::HttpRequestHeader, true, "Host: WWW.Site.ORG"},
        BufCase{BufferId::HttpResponseHeader, false, "Server: Apache"},
        BufCase{BufferId::DnsQuery, true, "<none>"}),
    [](const auto& info) {
        std::string n(buffer_name(info.param.id));
        for (auto& ch : n) if (ch == '.') ch = '_';
        return n + (info.param.to_server ? "_ts" : "_tc");
    });

TEST(HttpBuffers, StartAndRawAndMultiValued) {
    HttpRun r = run("GET / HTTP/1.1\r\nHost: a\r\nX-Y:  z  \r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    const auto& t = *r.txs[0];
    EXPECT_EQ(buf(t, BufferId::HttpStart, true), "GET / HTTP/1.1\r\nHost: a\r\nX-Y: z\r\n\r\n");
    EXPECT_EQ(buf(t, BufferId::HttpHeaderRaw, true), "Host: a\r\nX-Y:  z  \r\n\r\n");
    EXPECT_EQ(buf(t, BufferId::HttpRequestHeader, true, 1), "X-Y: z");
    EXPECT_EQ(buf(t, BufferId::HttpRequestHeader, true, 2), "<none>");
    // Direction-less form: two-sided buffers answer with the request's copy.
    BufferView v;
    ASSERT_TRUE(t.buffer(BufferId::HttpProtocol, 0, v));
    ASSERT_TRUE(t.buffer(BufferId::HttpStatCode, 0, v));
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(v.data), v.len), "200");
}

TEST(HttpBuffers, DuplicateHeadersJoined) {
    HttpRun r = run("GET / HTTP/1.1\r\nHost: ABC.com\r\nUser-Agent: SuriTester/0.8\r\nAccept: */*\r\n"
                    "User-Agent: GGGG\r\nHost: efg.net\r\n\r\n",
                    "");
    EXPECT_EQ(buf(*r.txs[0], BufferId::HttpUserAgent, true), "SuriTester/0.8, GGGG");
    EXPECT_EQ(buf(*r.txs[0], BufferId::HttpHost, true), "abc.com, efg.net");
    EXPECT_EQ(buf(*r.txs[0], BufferId::HttpHostRaw, true), "ABC.com, efg.net");
    EXPECT_TRUE(has_event(r, "http.host_header_ambiguous"));
}

TEST(HttpBuffers, ReadinessFollowsProgress) {
    HttpParser p(AppConfig{});
    feed_split(p, true, "GET /x HTTP/1.1\r\nHost: h\r\n", 0);
    ASSERT_EQ(p.tx_count(), 1u);
    const Transaction& t = *p.tx_at(0);
    EXPECT_EQ(buf(t, BufferId::HttpUri, true), "/x");
    EXPECT_EQ(buf(t, BufferId::HttpHost, true), "<none>");  // headers not complete yet
    feed_split(p, true, "\r\n", 0);
    EXPECT_EQ(buf(t, BufferId::HttpHost, true), "h");
    EXPECT_EQ(buf(t, BufferId::HttpStatCode, false), "<none>");
    uint64_t n = 0;
    EXPECT_TRUE(t.number(NumberId::UriLen, n));
    EXPECT_EQ(n, 2u);
    EXPECT_FALSE(t.number(NumberId::HttpStatus, n));
    feed_split(p, false, "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nab", 0);
    EXPECT_TRUE(t.number(NumberId::HttpStatus, n));
    EXPECT_EQ(n, 404u);
    EXPECT_EQ(buf(t, BufferId::FileData, false), "<none>");  // body not complete
    feed_split(p, false, "c", 0);
    EXPECT_EQ(buf(t, BufferId::FileData, false), "abc");
}

TEST(HttpBuffers, FileNameFromUriPath) {
    HttpRun r = run("GET /files/setup.exe?x=1 HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nM");
    EXPECT_EQ(buf(*r.txs[0], BufferId::FileName, false), "/files/setup.exe");
    uint64_t n = 0;
    EXPECT_TRUE(r.txs[0]->number(NumberId::UriLenRaw, n));
    EXPECT_EQ(n, 20u);
}

struct AnomalyCase {
    const char* name;
    std::string req, resp;
    const char* event;
};

class Anomalies : public ::testing::TestWithParam<AnomalyCase> {};

TEST_P(Anomalies, Flagged) {
    const auto& c = GetParam();
    for (size_t piece : {size_t(0), size_t(1)}) {
        HttpRun r = run(c.req, c.resp, {}, piece);
        EXPECT_TRUE(has_event(r, c.event)) << summary(r);
    }
}

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

INSTANTIATE_TEST_SUITE_P(
    Http, Anomalies,
    ::testing::Values(
        AnomalyCase{"missing_colon", "GET / HTTP/1.1\r\nHost: a\r\nNoColonHere\r\n\r\n", kOk,
                    "http.request_field_missing_colon"},
        AnomalyCase{"resp_missing_colon", "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nBroken\r\nContent-Length: 0\r\n\r\n", "http.response_field_missing_colon"},
        AnomalyCase{"space_before_colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", kOk, "http.request_header_invalid"},
        AnomalyCase{"empty_name", "GET / HTTP/1.1\r\nHost: a\r\n: v\r\n\r\n", kOk, "http.request_header_invalid"},
        AnomalyCase{"bad_cl", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", kOk,
                    "http.invalid_content_length_field_in_request"},
        AnomalyCase{"bad_resp_cl", "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\nxx", "http.invalid_content_length_field_in_response"},
        AnomalyCase{"dup_cl", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx", kOk,
                    "http.duplicate_content_length_field_in_request"},
        AnomalyCase{"bad_te", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: zip\r\n\r\n", kOk,
                    "http.invalid_transfer_encoding_value_in_request"},
        AnomalyCase{"bad_chunk", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", kOk,
                    "http.invalid_request_chunk_len"},
        AnomalyCase{"bad_resp_chunk", "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nxx", "http.invalid_response_chunk_len"},
        AnomalyCase{"chunked_10", "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "http.response_chunked_old_proto"},
        AnomalyCase{"no_host", "GET / HTTP/1.1\r\nUser-Agent: x\r\n\r\n", kOk, "http.missing_host_header"},
        AnomalyCase{"bad_host", "GET / HTTP/1.1\r\nHost: a b:99999\r\n\r\n", kOk, "http.request_header_host_invalid"},
        AnomalyCase{"bad_uri_host", "GET http://a%20b:0/ HTTP/1.1\r\nHost: x\r\n\r\n", kOk,
                    "http.request_uri_host_invalid"},
        AnomalyCase{"ambiguous_host", "GET http://one/ HTTP/1.1\r\nHost: two\r\n\r\n", kOk, "http.host_header_ambiguous"},
        AnomalyCase{"bad_folding", "GET / HTTP/1.1\r\n Folded: first\r\nHost: a\r\n\r\n", kOk,
                    "http.invalid_request_field_folding"},
        AnomalyCase{"leading_ws", "  GET / HTTP/1.1\r\nHost: a\r\n\r\n", kOk, "http.request_line_leading_whitespace"},
        AnomalyCase{"method_tab", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", kOk, "http.method_delim_non_compliant"},
        AnomalyCase{"uri_tab", "GET /\tHTTP/1.1\r\nHost: a\r\n\r\n", kOk, "http.uri_delim_non_compliant"},
        AnomalyCase{"bad_status", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n",
                    "http.response_invalid_status"},
        AnomalyCase{"bad_proto", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "<html>no status line</html>\r\n",
                    "http.response_invalid_protocol"},
        AnomalyCase{"unmatched", "", kOk, "http.unable_to_match_response_to_request"},
        AnomalyCase{"incomplete_line", "GET /never-ends", "", "http.request_line_incomplete"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(HttpAnomalies, WellFormedTrafficRaisesNothing) {
    HttpRun r = run("GET / HTTP/1.1\r\nHost: a\r\nX-Long:\r\n folded\r\n\r\n", kOk);
    EXPECT_TRUE(r.events.empty()) << summary(r);
    EXPECT_EQ(r.tx(0).request_header("x-long")->value, "folded");
}

TEST(HttpAnomalies, EachEventOncePerTransaction) {
    HttpRun r = run("GET / HTTP/1.1\r\nHost: a\r\nA\r\nB\r\nC\r\n\r\n", kOk);
    size_t n = 0;
    for (const auto& e : r.events) n += e.rfind("http.request_field_missing_colon", 0) == 0;
    EXPECT_EQ(n, 1u);
}

TEST(HttpAnomalies, GarbageNeverCrashes) {
    std::string junk;
    uint32_t x = 12345;
    for (int i = 0; i < 20000; ++i) {
        x = x * 1103515245 + 12345;
        static const char alphabet[] = "GET HTTP/1.1\r\n:0123456789abcdef;chunked Content-Length Transfer-Encoding\t ";
        junk.push_back(alphabet[(x >> 16) % (sizeof alphabet - 1)]);
    }
    for (size_t piece : {size_t(1), size_t(7), size_t(0)}) {
        HttpRun r = run("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + junk, "HTTP/1.1 200 OK\r\n" + junk, {}, piece);
        SUCCEED();
    }
}

}  // namespace
}  // namespace vigie::app::http::test
