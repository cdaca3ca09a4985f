// Properties over random payloads: grouping and prefiltering never change what a rule
// matches (a rule alone and the rule among many alert alike), and nothing crashes on
// arbitrary bytes (run this under ASan/UBSan with -DVIGIE_SANITIZE=ON).
#include <random>

#include "detect_test_util.h"

namespace vigie::detect::testing {
namespace {

const std::vector<std::string> kRules = {
    "alert udp any any -> any any (content:\"ab\"; sid:1;)",
    "alert udp any any -> any 53 (content:\"ba\"; content:\"c\"; distance:0; within:2; sid:2;)",
    "alert udp any any -> any [53,54] (content:\"aa\"; nocase; content:!\"cc\"; sid:3;)",
    "alert udp any any -> any any (content:\"c\"; pcre:\"/c[ab]{2}/R\"; sid:4;)",
    "alert udp any any -> any any (content:\"b\"; byte_test:1,>,98,0,relative; sid:5;)",
    "alert udp any any -> any any (content:\"a\"; byte_jump:1,0,relative,post_offset -97; content:\"b\"; within:1; sid:6;)",
    "alert udp any any -> any any (content:\"a\"; byte_extract:1,0,v,relative; byte_math:bytes 1,offset 0,oper -,rvalue v,result r,relative; byte_test:1,<,r,0,relative; sid:7;)",
    "alert udp any any -> any any (content:\"abc\"; startswith; sid:8;)",
    "alert udp any any -> any any (content:\"cba\"; endswith; sid:9;)",
    "alert udp any any -> any any (content:\"ab\"; isdataat:!2,relative; sid:10;)",
    "alert udp any any -> any any (dsize:<4; sid:11;)",
    "alert udp any any -> any any (content:!\"a\"; sid:12;)",
    "alert udp any 53 <> any any (content:\"bb\"; offset:2; depth:4; sid:13;)",
    "alert ip any any -> any any (content:\"ccc\"; sid:14;)",
    "alert udp any any -> any any (pcre:\"/^(ab|ba)+c/\"; sid:15;)",
    "alert udp any any -> any any (content:\"a\"; content:\"b\"; distance:1; within:1; content:\"c\"; distance:1; within:1; sid:16;)",
    "alert udp any any -> any !53 (content:\"abab\"; sid:17;)",
    "alert udp any any -> any any (content:\"b\"; bsize:>10; sid:18;)",
};

std::string random_payload(std::mt19937& rng) {
    static const char alphabet[] = "abcABC\x01\xff";
    std::string s(rng() % 24, 'a');
    for (auto& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
    return s;
}

TEST(Property, RuleAloneAndAmongManyAgree) {
    Harness all(kRules);
    ASSERT_TRUE(all.rejected.empty());
    std::vector<std::unique_ptr<Harness>> alone;
    for (const auto& r : kRules) alone.push_back(std::make_unique<Harness>(std::vector<std::string>{r}));
    std::mt19937 rng(42);
    int alerts = 0;
    for (int i = 0; i < 3000; ++i) {
        const uint16_t dp = (i % 3 == 0) ? 53 : (i % 3 == 1) ? 54 : 9999;
        auto pkt = TestPacket::udp(random_payload(rng), 53, dp);
        auto got = all.run(pkt.p);
        std::sort(got.begin(), got.end());
        std::vector<uint32_t> want;
        for (auto& h : alone) {
            auto s = h->run(pkt.p);
            want.insert(want.end(), s.begin(), s.end());
        }
        std::sort(want.begin(), want.end());
        ASSERT_EQ(got, want) << "payload #" << i << " dp " << dp;
        alerts += int(got.size());
    }
    EXPECT_GT(alerts, 1000);  // the alphabet makes the rules fire often
}

TEST(Property, ArbitraryBytesOnStreams) {
    Harness h({"alert tcp any any -> any any (content:\"ab\"; pcre:\"/b.{0,3}a/R\"; sid:1;)",
               "alert tcp any any -> any any (content:\"|ff|\"; byte_jump:2,0,relative,from_end,post_offset -5; isdataat:1,relative; sid:2;)",
               "alert tcp any any -> any any (content:\"a\"; byte_extract:2,0,x,relative,string,hex; content:\"b\"; distance:x; sid:3;)"});
    std::mt19937 rng(7);
    Flow f = established_tcp_flow();
    for (int i = 0; i < 3000; ++i) {
        std::string bytes(rng() % 64, '\0');
        for (auto& c : bytes) c = char(rng() % 4 == 0 ? 'a' + rng() % 3 : rng());
        StreamChunk c;
        c.data = reinterpret_cast<const uint8_t*>(bytes.data());
        c.len = uint32_t(bytes.size());
        c.new_from = bytes.empty() ? 0 : uint32_t(rng() % bytes.size());
        auto pkt = TestPacket::tcp(bytes.substr(c.new_from));
        h.run(pkt.p, &f, true, &c);
    }
    SUCCEED();
}

}  // namespace
}  // namespace vigie::detect::testing
