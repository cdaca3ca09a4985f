// threshold and detection_filter, using packet time.
#include "detect_test_util.h"
#include "detect/thresholds.h"

namespace vigie::detect::testing {
namespace {

// Runs `n` matching packets one second apart from `src`; returns which (1-based) alerted.
std::vector<int> hits(Harness& h, int n, const char* src = "10.0.0.1", int64_t t0 = 1000, int64_t step = 1) {
    std::vector<int> out;
    for (int i = 1; i <= n; ++i) {
        auto p = TestPacket::make(17, src, 1000, "192.168.1.1", 53, "evil");
        p.p.ts.sec = t0 + (i - 1) * step;
        if (!h.run(p.p).empty()) out.push_back(i);
    }
    return out;
}

TEST(Threshold, LimitOnePerMinuteBySrc) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; threshold:type limit,track by_src,count 1,seconds 60; sid:1;)"});
    EXPECT_EQ(hits(h, 5), std::vector<int>{1});
    EXPECT_EQ(hits(h, 2, "10.0.0.2"), std::vector<int>{1});        // another source has its own count
    EXPECT_EQ(hits(h, 1, "10.0.0.1", 1000 + 61), std::vector<int>{1});  // a new window
}

TEST(Threshold, ThresholdEveryThird) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; threshold:type threshold,track by_src,count 3,seconds 60; sid:1;)"});
    EXPECT_EQ(hits(h, 7), (std::vector<int>{3, 6}));
}

TEST(Threshold, BothOncePerWindowAtCount) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; threshold:type both,track by_dst,count 2,seconds 60; sid:1;)"});
    EXPECT_EQ(hits(h, 5), std::vector<int>{2});
}

TEST(Threshold, DetectionFilterFromThirdHit) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; detection_filter:track by_src,count 2,seconds 60; sid:1;)"});
    EXPECT_EQ(hits(h, 5), (std::vector<int>{3, 4, 5}));
}

TEST(Threshold, WindowExpires) {
    Harness h({"alert udp any any -> any any (content:\"evil\"; threshold:type threshold,track by_rule,count 2,seconds 10; sid:1;)"});
    EXPECT_EQ(hits(h, 4, "10.0.0.1", 1000, 20), std::vector<int>{});  // 20 s apart: never 2 in a window
}

TEST(Threshold, DeferredToTheCallerAcrossFlows) {
    DetectConfig cfg;
    cfg.defer_thresholds = true;  // several workers: the caller decides in capture order
    Harness h({"alert udp any any -> any any (content:\"evil\"; threshold:type limit,track by_src,count 1,seconds 60; sid:1;)",
               "alert udp any any -> any any (content:\"evil\"; threshold:type limit,track by_flow,count 1,seconds 60; sid:2;)"},
              cfg);
    Flow f;
    f.flow_id = 9;
    std::vector<bool> allowed;
    for (int i = 0; i < 3; ++i) {
        auto p = TestPacket::udp("evil");
        p.p.ts.sec = 1000 + i;
        auto sids = h.run(p.p, &f);
        // by_flow stays inside inspect (one flow, one worker); by_src is left pending
        ASSERT_EQ(sids.front(), 1u);
        ASSERT_TRUE(h.alerts.front().threshold_pending);
        EXPECT_EQ(sids.size(), i == 0 ? 2u : 1u);
        allowed.push_back(h.det->threshold_allows(h.alerts.front(), p.p.src, p.p.dst, f.flow_id, p.p.ts));
    }
    EXPECT_EQ(allowed, (std::vector<bool>{true, false, false}));
}

TEST(Threshold, BoundedTableCounts) {
    rules::Rule r = parse("alert udp any any -> any any (content:\"e\"; detection_filter:track by_src,count 1,seconds 60; sid:1;)");
    ThresholdTable t(2);
    Timestamp ts{100, 0};
    for (uint32_t i = 0; i < 3; ++i) t.allow(r, 0, IpAddr::v4(0x0a000000u + i), IpAddr{}, 0, ts);
    EXPECT_EQ(t.table_full(), 1u);
    // the tracked source alerts on its 2nd hit, the untracked one never does
    EXPECT_TRUE(t.allow(r, 0, IpAddr::v4(0x0a000000u), IpAddr{}, 0, ts));
    EXPECT_FALSE(t.allow(r, 0, IpAddr::v4(0x0a000002u), IpAddr{}, 0, ts));
}

}  // namespace
}  // namespace vigie::detect::testing
