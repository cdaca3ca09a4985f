// Payload keyword semantics, table-driven: each row is the options of one rule, a
// payload, and whether the rule fires. Examples follow Suricata's payload-keyword docs.
#include "detect_test_util.h"

namespace vigie::detect::testing {
namespace {

struct Row {
    const char* opts;
    const char* payload;
    bool fires;
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.opts << " on \"" << r.payload << "\""; }

class PayloadTable : public ::testing::TestWithParam<Row> {};

TEST_P(PayloadTable, Fires) {
    const Row& row = GetParam();
    Harness h({std::string("alert tcp any any -> any any (msg:\"t\"; ") + row.opts + " sid:1;)"});
    ASSERT_TRUE(h.det);
    ASSERT_TRUE(h.rejected.empty()) << h.rejected.front().reason;
    auto pkt = TestPacket::tcp(row.payload);
    EXPECT_EQ(h.fires(pkt.p), row.fires);
}

INSTANTIATE_TEST_SUITE_P(Content, PayloadTable, ::testing::Values(
    Row{"content:\"abc\";", "xxabcxx", true},
    Row{"content:\"abc\";", "xxabxcx", false},
    Row{"content:\"ABC\";", "xxabcxx", false},
    Row{"content:\"ABC\"; nocase;", "xxabcxx", true},
    Row{"content:\"|61 62|c\";", "abc", true},
    // offset / depth are absolute; depth counts from the offset
    Row{"content:\"def\"; offset:3;", "abcdef", true},
    Row{"content:\"abc\"; offset:1;", "abcdef", false},
    Row{"content:\"abc\"; depth:3;", "abcdef", true},
    Row{"content:\"bcd\"; depth:3;", "abcdef", false},
    Row{"content:\"def\"; offset:3; depth:3;", "abcdef", true},
    Row{"content:\"def\"; offset:2; depth:3;", "abcdef", false},
    // distance / within are relative to the end of the previous match
    Row{"content:\"abc\"; content:\"def\"; distance:0;", "abcdef", true},
    Row{"content:\"abc\"; content:\"def\"; distance:1;", "abcdef", false},
    Row{"content:\"abc\"; content:\"efg\"; distance:1;", "abcdefg", true},
    Row{"content:\"abc\"; content:\"def\"; within:3;", "abcdef", true},
    Row{"content:\"abc\"; content:\"def\"; within:3;", "abcxdef", false},
    Row{"content:\"abc\"; content:\"def\"; distance:1; within:3;", "abcxdef", true},
    Row{"content:\"abc\"; content:\"def\"; distance:1; within:3;", "abcxxdef", false},
    Row{"content:\"def\"; content:\"abc\"; distance:-6; within:3;", "abcdef", true},
    Row{"content:\"def\"; content:\"abc\"; distance:0;", "abcdef", false},
    // negation, absolute and relative
    Row{"content:\"abc\"; content:!\"xyz\";", "abcdef", true},
    Row{"content:\"abc\"; content:!\"def\";", "abcdef", false},
    Row{"content:\"abc\"; content:!\"def\"; distance:0; within:3;", "abcxdef", true},
    Row{"content:\"abc\"; content:!\"def\"; distance:0; within:3;", "abcdef", false},
    // backtracking: the first "a" fails the relative check, the second succeeds
    Row{"content:\"a\"; content:\"b\"; distance:0; within:1;", "axxab", true},
    Row{"content:\"a\"; content:\"b\"; distance:0; within:1;", "axxax", false},
    Row{"content:\"a\"; content:!\"b\"; distance:0; within:1;", "abac", true},
    Row{"content:\"a\"; content:!\"b\"; distance:0; within:1;", "abab", false},
    // startswith / endswith
    Row{"content:\"GET\"; startswith;", "GET / HTTP/1.1", true},
    Row{"content:\"GET\"; startswith;", " GET / HTTP/1.1", false},
    Row{"content:\"1.1\"; endswith;", "GET / HTTP/1.1", true},
    Row{"content:\"1.1\"; endswith;", "GET / HTTP/1.1\r\n", false},
    Row{"content:\"GET\"; startswith; content:\"1.1\"; endswith;", "GET / HTTP/1.1", true}
));

INSTANTIATE_TEST_SUITE_P(IsDataAtBsize, PayloadTable, ::testing::Values(
    Row{"content:\"ab\"; isdataat:3;", "abcd", true},
    Row{"content:\"ab\"; isdataat:4;", "abcd", false},
    Row{"content:\"ab\"; isdataat:!4;", "abcd", true},
    Row{"content:\"ab\"; isdataat:2,relative;", "abcd", true},
    Row{"content:\"ab\"; isdataat:3,relative;", "abcd", false},
    Row{"content:\"cd\"; isdataat:!1,relative;", "abcd", true},
    Row{"content:\"bc\"; isdataat:!1,relative;", "abcd", false},
    Row{"content:\"ab\"; bsize:4;", "abcd", true},
    Row{"content:\"ab\"; bsize:>4;", "abcd", false},
    Row{"content:\"ab\"; bsize:2<>6;", "abcd", true}
));

INSTANTIATE_TEST_SUITE_P(Pcre, PayloadTable, ::testing::Values(
    Row{"content:\"GET\"; pcre:\"/^GET \\/[a-z]+/\";", "GET /index", true},
    Row{"content:\"GET\"; pcre:\"/^GET \\/[0-9]+/\";", "GET /index", false},
    Row{"content:\"get\"; nocase; pcre:\"/^get/i\";", "GET /", true},
    Row{"content:\"get\"; nocase; pcre:\"/^get/\";", "GET /", false},
    Row{"content:\"x\"; pcre:\"/a.b/s\";", "xa\nb", true},
    Row{"content:\"x\"; pcre:\"/a.b/\";", "xa\nb", false},
    Row{"content:\"x\"; pcre:\"/^b$/m\";", "x\nb\n", true},
    // R: relative to the end of the previous match
    Row{"content:\"key=\"; pcre:\"/^[0-9]+/R\";", "key=123", true},
    Row{"content:\"key=\"; pcre:\"/^[0-9]+/R\";", "key=abc", false},
    Row{"content:\"key=\"; pcre:\"/^[0-9]+/R\";", "key=abc key=42", true},  // retried at the next "key="
    Row{"content:\"abc\"; pcre:!\"/xyz/\";", "abcdef", true},
    Row{"content:\"abc\"; pcre:!\"/def/\";", "abcdef", false},
    Row{"content:\"a\"; pcre:\"/b/R\"; content:\"c\"; distance:0; within:1;", "abxbc", true},
    Row{"content:\"a\"; pcre:\"/b/R\"; content:\"c\"; distance:0; within:1;", "abxbd", false}
));

TEST(PayloadMatch, BinaryBytes) {
    Harness h({"alert tcp any any -> any any (content:\"a|00|b\"; sid:1;)"});
    auto hit = TestPacket::tcp(std::string("xa\0b", 4));
    auto miss = TestPacket::tcp(std::string("xa\1b", 4));
    EXPECT_TRUE(h.fires(hit.p));
    EXPECT_FALSE(h.fires(miss.p));
}

TEST(PayloadMatch, NoPayloadNoMatch) {
    Harness h({"alert tcp any any -> any any (content:!\"abc\"; sid:1;)"});
    auto pkt = TestPacket::tcp("");
    EXPECT_FALSE(h.fires(pkt.p));
    auto pkt2 = TestPacket::tcp("xyz");
    EXPECT_TRUE(h.fires(pkt2.p));
}

TEST(PayloadMatch, RecursionLimitStopsPathologicalBacktracking) {
    DetectConfig cfg;
    cfg.inspection_recursion_limit = 50;
    Harness h({"alert tcp any any -> any any (content:\"a\"; content:\"b\"; distance:0; within:1; sid:1;)"}, cfg);
    auto pkt = TestPacket::tcp(std::string(1000, 'a') + "b");
    EXPECT_FALSE(h.fires(pkt.p));
    EXPECT_GT(h.w->counters().recursion_limit_hits, 0u);
}

}  // namespace
}  // namespace vigie::detect::testing
