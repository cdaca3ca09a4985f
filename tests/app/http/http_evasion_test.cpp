// Evasive response framing, read the way libhtp (Suricata) reads it: the cases of
// the http-evader suite (noxxi.de) that Suricata sees through. Each row is one
// response to "GET / HTTP/1.1"; the expected body is what file.data holds.
#include <gtest/gtest.h>

#include "app/http/http_message.h"
#include "http_test_util.h"

namespace vigie::app::http::test {
namespace {

struct EvasionCase {
    const char* name;
    std::string_view response;
    std::string_view body;
    bool whole = false;  // only fed in one piece (libhtp's answer depends on the segmentation)
};

constexpr std::string_view kHead = "HTTP/1.1 200 ok\r\nTransfer-Encoding: chunked\r\n\r\n";

std::string chunked(std::string_view framing) { return std::string(kHead) + std::string(framing); }

class Evasion : public ::testing::TestWithParam<EvasionCase> {};

TEST_P(Evasion, BodyAsLibhtp) {
    const EvasionCase& c = GetParam();
    for (size_t piece : {size_t(0), size_t(1), size_t(7)}) {
        if (c.whole && piece) continue;
        HttpRun r = run("GET / HTTP/1.1\r\nHost: a\r\n\r\n", c.response, {}, piece);
        ASSERT_EQ(r.txs.size(), 1u) << c.name << " piece " << piece;
        EXPECT_EQ(r.tx(0).response_body, c.body) << c.name << " piece " << piece;
    }
}

const std::string kSizeComma = chunked("3,\r\nabc\r\n2,\r\nde\r\n0\r\n\r\n");
const std::string kSizeNul = chunked(std::string("3\0\r\nabc\r\n0\r\n\r\n", 13));
const std::string kSizeVt = chunked("3\v\r\nabc\r\n0\r\n\r\n");
const std::string kSizeSpaceX = chunked("3 x\r\nabc\r\n0\r\n\r\n");
const std::string kCrSize = chunked("\r3\r\nabc\r\n\r2\r\nde\r\n0\r\n\r\n");
const std::string kFfSize = chunked("\f3\r\nabc\r\n0\r\n\r\n");
const std::string kLongZero = chunked("3\r\nabc\r\n00000000000000000000\r\n\r\n");
const std::string kZeroX = chunked("3\r\nabc\r\n0x\r\n\r\n");
const std::string kFinalNoLf = chunked("3\r\nabc\r\n0");
const std::string kNotChunked = "HTTP/1.0 200 ok\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nX5O!P%@AP";
const std::string kNulTeName = std::string("HTTP/1.1 200 ok\r\nTransfer-Encoding\0: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 56);
const std::string kNulTeValue = std::string("HTTP/1.1 200 ok\r\nTransfer-Encoding: chu\0nked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 56);

INSTANTIATE_TEST_SUITE_P(
    Http, Evasion,
    ::testing::Values(
        EvasionCase{"size_comma", kSizeComma, "abcde"},
        EvasionCase{"size_nul", kSizeNul, "abc"},
        EvasionCase{"size_vt", kSizeVt, "abc"},
        EvasionCase{"size_space_x", kSizeSpaceX, "abc"},
        EvasionCase{"cr_before_size", kCrSize, "abcde"},
        EvasionCase{"ff_before_size", kFfSize, "abc"},
        EvasionCase{"final_many_zeros", kLongZero, "abc"},
        EvasionCase{"final_0x", kZeroX, "abc"},
        EvasionCase{"final_without_lf", kFinalNoLf, "abc"},
        // Not chunked after all: the body runs to the close, whatever C-L says.
        EvasionCase{"te_chunked_plain_body", kNotChunked, "X5O!P%@AP"},
        EvasionCase{"te_name_with_nul", kNulTeName, "abc"},
        EvasionCase{"te_value_with_nul", kNulTeValue, "abc"},
        EvasionCase{"status_line_cr_only", "HTTP/1.1 200 ok\rTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "abc"},
        EvasionCase{"junk_line_before_status", "foobar\r\nHTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc", "abc", true},
        EvasionCase{"cr_line_before_status", "\rHTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"lfcr_before_status", "\n\rHTTP/1.1 200 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"cl_trailing_junk", "HTTP/1.1 200 ok\r\nContent-Length: 3;\r\n\r\nabc", "abc"},
        EvasionCase{"cl_leading_junk", "HTTP/1.1 200 ok\r\nContent-Length: (3) 5\r\n\r\nabc", "abc"},
        EvasionCase{"cl_decimal", "HTTP/1.1 200 ok\r\nContent-Length: 3.0\r\n\r\nabc", "abc"},
        // 1xx / 204 / 304 with C-L or T-E: libhtp reads the body anyway.
        EvasionCase{"status_100_with_cl", "HTTP/1.1 100 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"status_102_with_cl", "HTTP/1.1 102 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"status_101_with_cl", "HTTP/1.1 101 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"status_204_with_cl", "HTTP/1.1 204 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"status_304_with_cl", "HTTP/1.1 304 ok\r\nContent-Length: 3\r\n\r\nabc", "abc"},
        EvasionCase{"status_204_chunked", "HTTP/1.1 204 ok\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                    "abc"},
        EvasionCase{"status_204_no_framing", "HTTP/1.1 204 ok\r\n\r\n", ""},
        // Declared deflate but sent plain: the layer passes every byte on, its peeked header too.
        EvasionCase{"deflate_plain_body", "HTTP/1.1 200 ok\r\nContent-Encoding: deflate\r\nContent-Length: 11\r\n\r\nX5O!P%@AP[4",
                    "X5O!P%@AP[4"},
        EvasionCase{"deflate_twice_plain_body",
                    "HTTP/1.1 200 ok\r\nContent-Encoding: deflate\r\nContent-Encoding: deflate\r\nContent-Length: 11\r\n\r\n"
                    "X5O!P%@AP[4",
                    "X5O!P%@AP[4"}),
    [](const ::testing::TestParamInfo<EvasionCase>& i) { return std::string(i.param.name); });

struct ChunkSizeCase {
    std::string_view line;
    ChunkSize::Kind kind;
    uint64_t value;
};

TEST(HttpMessage, ChunkSizeAsLibhtp) {
    const ChunkSizeCase cases[] = {
        {"1f\r\n", ChunkSize::Value, 31},       {"f,\r\n", ChunkSize::Value, 15},
        {"\r\v f;ext\r\n", ChunkSize::Value, 15}, {" \t\r\n", ChunkSize::Empty, 0},
        {"x\r\n", ChunkSize::Invalid, 0},       {"0x\r\n", ChunkSize::Value, 0},
        {"ffffffff\r\n", ChunkSize::Empty, 0},  {"00000000000000000000\r\n", ChunkSize::Value, 0},
    };
    for (const auto& c : cases) {
        const ChunkSize got = parse_chunk_size(c.line);
        EXPECT_EQ(got.kind, c.kind) << c.line;
        EXPECT_EQ(got.value, c.value) << c.line;
    }
    EXPECT_TRUE(chunk_size_prefix_invalid("\r\nX5O"));
    EXPECT_FALSE(chunk_size_prefix_invalid("\r\n 1f"));
}

TEST(HttpMessage, ContentEncodingAsLibhtp) {
    EventSink ev;
    EXPECT_EQ(parse_content_encoding(std::string("gz\0ip", 5), 3, ev), std::vector<Coding>{Coding::Gzip});
    EXPECT_TRUE(ev.empty());
    EXPECT_EQ(parse_content_encoding("\vdeflate", 3, ev), std::vector<Coding>{Coding::Deflate});
    EXPECT_EQ(parse_content_encoding("gzip;", 3, ev), std::vector<Coding>{Coding::Gzip});
    EXPECT_EQ(parse_content_encoding("deflate, gzip", 3, ev), (std::vector<Coding>{Coding::Deflate, Coding::Gzip}));
    EXPECT_EQ(parse_content_length("68\xa0"), 68u);
    EXPECT_EQ(parse_content_length("none"), std::nullopt);
}

}  // namespace
}  // namespace vigie::app::http::test
