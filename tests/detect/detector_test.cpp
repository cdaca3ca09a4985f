// Detector as a whole: fast-pattern choice, rejections, grouping, action order,
// pass rules, the per-packet alert cap.
#include "detect_test_util.h"
#include "detect/fast_pattern.h"
#include "detect/rule_set.h"

#include <unistd.h>

#include <filesystem>

namespace vigie::detect::testing {
namespace {

struct FpRow {
    const char* opts;
    const char* expect;  // chosen pattern, "" = none
};
void PrintTo(const FpRow& r, std::ostream* os) { *os << r.opts; }
class FastPatternTable : public ::testing::TestWithParam<FpRow> {};

TEST_P(FastPatternTable, Chooses) {
    rules::Rule r = parse(std::string("alert tcp any any -> any any (") + GetParam().opts + " sid:1;)");
    std::optional<FastPattern> fp;
    if (!r.buffers.empty()) fp = choose_fast_pattern(r.buffers.front());
    EXPECT_EQ(fp ? fp->bytes : std::string(), GetParam().expect);
}

INSTANTIATE_TEST_SUITE_P(Choice, FastPatternTable, ::testing::Values(
    FpRow{"content:\"ab\"; content:\"abcd\"; content:\"abc\";", "abcd"},
    FpRow{"content:\"abcd\"; content:\"ab\"; fast_pattern;", "ab"},
    FpRow{"content:\"abcdef\"; content:!\"abcdefgh\";", "abcdef"},
    FpRow{"content:!\"abc\";", ""},
    FpRow{"dsize:>5;", ""},
    FpRow{"content:\"aaaa\"; content:\"|01 02 03 04|\";", "\x01\x02\x03\x04"},   // rarer bytes win the tie
    FpRow{"content:\"abcd\"; content:\"Ab!Z\";", "Ab!Z"},
    FpRow{"content:\"abcdefgh\"; fast_pattern:2,3;", "cde"}
));

TEST(FastPattern, StrengthPrefersRareDistinctBytes) {
    EXPECT_GT(pattern_strength("\x01\x02\x03"), pattern_strength("abc"));
    EXPECT_GT(pattern_strength("abc"), pattern_strength("aaa"));
}

TEST(Detector, RejectsWhatItCannotEvaluate) {
    std::vector<rules::Rule> rs;
    // A buffer no parser provides: the compiler refuses it, whatever the parser let through.
    rs.push_back(parse("alert tcp any any -> any any (content:\"/x\"; sid:1;)"));
    rs.back().buffers.front().buffer = "smb.share";
    rs.push_back(parse("alert tcp any any -> any any (content:\"ok\"; sid:2;)"));
    std::vector<CompileRejection> rej;
    auto d = Detector::build(std::move(rs), {}, &rej);
    ASSERT_TRUE(d.ok());
    ASSERT_EQ(rej.size(), 1u);
    EXPECT_EQ(rej[0].rule.sid, 1u);
    EXPECT_NE(rej[0].reason.find("not available"), std::string::npos) << rej[0].reason;
    EXPECT_EQ((*d)->build_stats().rules, 1u);
    EXPECT_EQ((*d)->build_stats().rejected, 1u);
}

TEST(Detector, StreamSizeCountsEachSidesBytes) {
    Harness h({"alert tcp any any -> any any (stream_size:server,>,5; sid:1;)",
               "alert tcp any any -> any any (stream_size:client,<,4; sid:2;)",
               "alert tcp any any -> any any (stream_size:either,=,4; sid:3;)"});
    EXPECT_TRUE(h.rejected.empty());
    Flow f = established_tcp_flow();
    auto req = TestPacket::tcp("abc");  // client sent 3 bytes: size 4 (the SYN counts)
    EXPECT_EQ(h.run(req.p, &f, true), (std::vector<uint32_t>{3}));
    auto resp = TestPacket::make(6, "192.168.1.1", 80, "10.0.0.1", 40000, "hello");  // server: 6
    EXPECT_EQ(h.run(resp.p, &f, false), (std::vector<uint32_t>{1, 3}));
    auto udp = TestPacket::udp("x");
    Flow u;
    u.ip_proto = 17;
    EXPECT_TRUE(h.run(udp.p, &u, true).empty());  // TCP only
}

TEST(Detector, AlertOrderAndOncePerRule) {
    Harness h({"alert udp any any -> any any (content:\"x\"; priority:3; sid:30;)",
               "alert udp any any -> any any (content:\"x\"; priority:1; sid:40;)",
               "drop udp any any -> any any (content:\"x\"; sid:50;)",
               "alert udp any any -> any any (content:\"x\"; content:\"x\"; sid:20;)"});
    auto p = TestPacket::udp("xxxx");
    EXPECT_EQ(h.run(p.p), (std::vector<uint32_t>{50, 40, 20, 30}));
    EXPECT_EQ(h.alerts[0].action, rules::Action::Drop);
}

TEST(Detector, PassSuppressesLowerPrecedence) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; sid:1;)",
               "pass udp 10.0.0.1 any -> any any (content:\"evil\"; sid:2;)",
               "alert udp any any -> any any (content:\"other\"; sid:3;)"});
    auto trusted = TestPacket::make(17, "10.0.0.1", 1, "10.0.0.9", 53, "evil other");
    EXPECT_TRUE(h.run(trusted.p).empty());
    auto untrusted = TestPacket::make(17, "10.0.0.2", 1, "10.0.0.9", 53, "evil");
    EXPECT_EQ(h.run(untrusted.p), std::vector<uint32_t>{1});
}

TEST(Detector, FlowScopePassPassesTheFlow) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; sid:1;)",
               "pass udp any any -> any any (content:\"hello\"; sid:2;)",
               "pass udp any any -> any any (ttl:1; sid:3;)"});
    Flow f;
    f.ip_proto = 17;
    auto hello = TestPacket::udp("hello");
    EXPECT_TRUE(h.run(hello.p, &f).empty());
    auto evil = TestPacket::udp("evil");
    EXPECT_TRUE(h.run(evil.p, &f).empty());  // the flow is passed
    EXPECT_EQ(h.w->counters().flows_passed, 1u);
    Flow g;
    g.ip_proto = 17;
    auto ttl1 = TestPacket::udp("evil");
    ttl1.p.ttl = 1;
    EXPECT_TRUE(h.run(ttl1.p, &g).empty());         // a packet-scope pass: this packet only
    EXPECT_EQ(h.run(evil.p, &g), std::vector<uint32_t>{1});
}

TEST(Detector, AlertCapCounts) {
    std::vector<std::string> texts;
    for (int i = 1; i <= 20; ++i) texts.push_back("alert udp any any -> any any (content:\"x\"; sid:" + std::to_string(i) + ";)");
    DetectConfig cfg;
    cfg.max_alerts_per_packet = 15;
    Harness h(texts, cfg);
    auto p = TestPacket::udp("x");
    auto sids = h.run(p.p);
    ASSERT_EQ(sids.size(), 15u);
    EXPECT_EQ(sids.back(), 15u);  // highest precedence kept
    EXPECT_EQ(h.w->counters().alerts_over_cap, 5u);
}

TEST(Detector, GroupsByPortAndDirection) {
    DetectConfig cfg;
    cfg.toserver_port_groups = 2;
    Harness h({"alert tcp any any -> any 80 (content:\"GET\"; sid:1;)",
               "alert tcp any any -> any 25 (content:\"HELO\"; sid:2;)",
               "alert tcp any any -> any [25,80] (content:\"MAIL\"; sid:7;)",
               "alert tcp any any -> any 21 (content:\"USER\"; sid:3;)",
               "alert tcp any any -> any any (content:\"evil\"; sid:4;)",
               "alert tcp any 80 -> any any (flow:to_client; content:\"HTTP/1.1\"; sid:5;)",
               "alert tcp any any -> any any (flags:S; sid:6;)"},
              cfg);
    auto* rs = static_cast<const RuleSet*>(h.det.get());
    const auto& gt = rs->groups();
    auto sids = [&](GroupTable::Selection sel) {
        std::vector<uint32_t> s;
        for (const RuleGroup* g : {sel.wide, sel.port})
            if (g)
                for (uint32_t id : g->members) s.push_back(rs->compiled()[id].rule->sid);
        std::sort(s.begin(), s.end());
        return s;
    };
    // ports 80 and 25 are named by most rules and get groups; 21 shares the rest group
    EXPECT_EQ(sids(gt.select(kTcp, true, 40000, 80)), (std::vector<uint32_t>{1, 4, 6, 7}));
    EXPECT_EQ(sids(gt.select(kTcp, true, 40000, 9999)), (std::vector<uint32_t>{3, 4, 6}));
    EXPECT_EQ(gt.select(kTcp, true, 40000, 21).port, gt.select(kTcp, true, 40000, 9999).port);
    EXPECT_EQ(gt.select(kTcp, true, 40000, 21).wide, gt.select(kTcp, true, 40000, 80).wide);
    // toward the client the source port keys the group; rules without flow:to_server
    // may match either direction, so the port-80-to-server rules are candidates too
    EXPECT_EQ(sids(gt.select(kTcp, false, 80, 40000)), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(sids(gt.select(kUdp, true, 1, 53)), std::vector<uint32_t>{});
    EXPECT_EQ(gt.select(kTcp, true, 40000, 80).wide->always.size(), 1u);  // flags:S has no fast pattern
    EXPECT_EQ(h.det->build_stats().rules_without_prefilter, 1u);
    auto get = TestPacket::tcp("GET / evil", 40000, 80);
    EXPECT_EQ(h.run(get.p), (std::vector<uint32_t>{1, 4}));
}

TEST(Detector, CacheRoundTrip) {
    std::string dir = ::testing::TempDir() + "/vigie-hs-cache-" + std::to_string(::getpid());
    DetectConfig cfg;
    cfg.cache_dir = dir;
    std::vector<std::string> rules = {"alert udp any any -> any any (content:\"abc\"; sid:1;)",
                                      "alert udp any any -> any any (content:\"XYZ\"; nocase; sid:2;)"};
    Harness cold(rules, cfg);
    EXPECT_FALSE(cold.det->build_stats().cache_hit);
    Harness warm(rules, cfg);
    EXPECT_TRUE(warm.det->build_stats().cache_hit);
    auto p = TestPacket::udp("..xyz..abc");
    EXPECT_EQ(warm.run(p.p), (std::vector<uint32_t>{1, 2}));
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigie::detect::testing
