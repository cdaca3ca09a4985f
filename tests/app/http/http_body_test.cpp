// Bodies: Content-Encoding gzip/deflate (zlib and raw), layers, limits, failures.
#include <gtest/gtest.h>
#include <zlib.h>

#include "http_test_util.h"

namespace vigie::app::http::test {
namespace {

// windowBits: 31 gzip, 15 zlib, -15 raw deflate.
std::string compress(std::string_view in, int window_bits) {
    z_stream zs{};
    deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&zs, uLong(in.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string response(std::string_view ce, std::string_view body, bool chunked = false) {
    std::string r = "HTTP/1.1 200 OK\r\nContent-Encoding: " + std::string(ce) + "\r\n";
    if (!chunked) return r + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
    r += "Transfer-Encoding: chunked\r\n\r\n";
    for (size_t i = 0; i < body.size(); i += 7) {
        const size_t n = std::min<size_t>(7, body.size() - i);
        char hex[16];
        snprintf(hex, sizeof hex, "%zx", n);
        r += std::string(hex) + "\r\n" + std::string(body.substr(i, n)) + "\r\n";
    }
    return r + "0\r\n\r\n";
}

const std::string kReq = "GET /f HTTP/1.1\r\nHost: h\r\n\r\n";
const std::string kPlain = "<html>" + std::string(3000, 'x') + "the end</html>";

struct Case {
    const char* name;
    std::string ce;
    std::string body;
    bool chunked;
};

class Decoding : public ::testing::TestWithParam<Case> {};

TEST_P(Decoding, BodyIsDecompressedWhateverTheSplit) {
    const auto& c = GetParam();
    const std::string resp = response(c.ce, c.body, c.chunked);
    for (size_t piece : {size_t(0), size_t(1), size_t(13)}) {
        HttpRun r = run(kReq, resp, {}, piece);
        ASSERT_EQ(r.txs.size(), 1u);
        EXPECT_EQ(r.tx(0).response_body, kPlain) << "piece " << piece;
        EXPECT_EQ(r.tx(0).response_message_len, c.body.size());
        EXPECT_TRUE(r.events.empty()) << summary(r);
    }
}

INSTANTIATE_TEST_SUITE_P(Http, Decoding,
                         ::testing::Values(Case{"gzip", "gzip", compress(kPlain, 31), false},
                                           Case{"x_gzip_chunked", "x-gzip", compress(kPlain, 31), true},
                                           Case{"deflate_zlib", "deflate", compress(kPlain, 15), false},
                                           Case{"deflate_raw", "Deflate", compress(kPlain, -15), true},
                                           Case{"two_layers", "deflate, gzip",
                                                compress(compress(kPlain, 15), 31), false},
                                           Case{"identity", "identity", kPlain, false}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(HttpBody, DecompressedOutputIsBounded) {
    AppConfig cfg;
    cfg.http_response_body_limit = 1000;
    const std::string bomb = compress(std::string(5 << 20, 'A'), 31);  // 5 MiB of 'A'
    HttpRun r = run(kReq, response("gzip", bomb), cfg);
    ASSERT_EQ(r.txs.size(), 1u);
    EXPECT_EQ(r.tx(0).response_body.size(), 1000u);
    EXPECT_TRUE(r.tx(0).response_body_truncated);
}

TEST(HttpBody, TooManyLayersFlagged) {
    HttpRun r = run(kReq, response("gzip, gzip, gzip", compress(compress(compress(kPlain, 31), 31), 31)));
    EXPECT_TRUE(has_event(r, "http.too_many_encoding_layers"));
}

TEST(HttpBody, AbnormalContentEncodingList) {
    HttpRun r = run(kReq, response("gzip, foo", compress(kPlain, 31)));
    EXPECT_TRUE(has_event(r, "http.abnormal_ce_header"));
    EXPECT_EQ(r.tx(0).response_body, kPlain);
}

TEST(HttpBody, NotReallyCompressedPassesThrough) {
    HttpRun r = run(kReq, response("gzip", kPlain));
    EXPECT_TRUE(has_event(r, "http.gzip_decompression_failed"));
    EXPECT_EQ(r.tx(0).response_body, kPlain);
}

TEST(HttpBody, CorruptAfterStartStops) {
    std::string z = compress(kPlain + std::string(50000, 'q'), 31);
    z[z.size() - 8] ^= 0x55;  // gzip trailer CRC: fails after all data came out
    HttpRun r = run(kReq, response("gzip", z));
    EXPECT_TRUE(has_event(r, "http.gzip_decompression_failed"));
    EXPECT_EQ(r.tx(0).response_body.size(), kPlain.size() + 50000);
    EXPECT_TRUE(r.tx(0).response_done);
}

TEST(HttpBody, RequestBodyLimit) {
    AppConfig cfg;
    cfg.http_request_body_limit = 10;
    HttpRun r = run("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz",
                    "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", cfg);
    EXPECT_EQ(r.tx(0).request_body, "abcdefghij");
    EXPECT_EQ(r.tx(0).request_body_len, 26u);
    EXPECT_TRUE(r.tx(0).request_body_truncated);
    EXPECT_EQ(buf(*r.txs[0], BufferId::HttpRequestBody, true), "abcdefghij");
}

TEST(HttpBody, BodyBufferReadyWhenLimitReachedBeforeEnd) {
    AppConfig cfg;
    cfg.http_response_body_limit = 4;
    HttpParser p(cfg);
    feed_split(p, true, kReq, 0);
    feed_split(p, false, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", 0);
    EXPECT_EQ(buf(*p.tx_at(0), BufferId::FileData, false), "<none>");
    feed_split(p, false, "defg", 0);
    EXPECT_EQ(buf(*p.tx_at(0), BufferId::FileData, false), "abcd");
}

}  // namespace
}  // namespace vigie::app::http::test
