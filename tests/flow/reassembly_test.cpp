#include "flow/reassembly.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flow/flow_table.h"
#include "flow_test_util.h"

namespace vigie {
namespace {

using namespace test;

TEST(Reassembly, InOrderWithLookBack) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    FlowLookup r = c.client("abc");
    EXPECT_TRUE(r.to_server);
    EXPECT_EQ(whole(r.stream), "abc");
    EXPECT_EQ(r.stream.new_from, 0u);
    EXPECT_EQ(r.stream.stream_offset, 0u);
    EXPECT_FALSE(r.stream.after_gap);
    r = c.client("def");
    EXPECT_EQ(whole(r.stream), "abcdef");
    EXPECT_EQ(new_part(r.stream), "def");
    EXPECT_EQ(r.stream.stream_offset, 0u);
    r = c.server("HTTP/1.1 200");
    EXPECT_FALSE(r.to_server);
    EXPECT_EQ(whole(r.stream), "HTTP/1.1 200");
    EXPECT_EQ(t.stats().tcp.bytes_delivered, 18u);
}

TEST(Reassembly, LookBackIsBounded) {
    FlowConfig cfg;
    cfg.stream.lookback = 4;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    c.client("abcdef");
    FlowLookup r = c.client("ghij");
    EXPECT_EQ(whole(r.stream), "cdefghij");
    EXPECT_EQ(r.stream.new_from, 4u);
    EXPECT_EQ(r.stream.stream_offset, 2u);
}

TEST(Reassembly, ThreeSegmentsReversedComeOutInOneChunk) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    EXPECT_TRUE(c.client_at(6, "ghi").stream.empty());
    EXPECT_TRUE(c.client_at(3, "def").stream.empty());
    FlowLookup r = c.client_at(0, "abc");
    EXPECT_EQ(whole(r.stream), "abcdefghi");
    EXPECT_EQ(r.stream.new_from, 0u);
    EXPECT_FALSE(r.stream.after_gap);
    EXPECT_EQ(t.stats().tcp.ooo_queued, 2u);
    EXPECT_EQ(t.stats().tcp.ooo_bytes_buffered, 0u);
    EXPECT_EQ(new_part(c.client_at(9, "jk").stream), "jk");
}

TEST(Reassembly, HoleFilledReleasesEverythingContiguous) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("ab");
    c.client_at(4, "ef");
    c.client_at(8, "ij");  // still behind a second hole
    FlowLookup r = c.client_at(2, "cd");
    EXPECT_EQ(whole(r.stream), "abcdef");
    EXPECT_EQ(new_part(r.stream), "cdef");
    r = c.client_at(6, "gh");
    EXPECT_EQ(new_part(r.stream), "ghij");
}

struct OverlapCase {
    const char* name;
    OverlapPolicy policy;
    std::vector<std::pair<uint64_t, const char*>> segments;  // the last one fills offset 0
    const char* expect;
    uint64_t overlap_diff;
};

const OverlapCase kOverlaps[] = {
    {"first_wins_same_range", OverlapPolicy::First, {{4, "XXXX"}, {4, "YYYY"}, {0, "abcd"}}, "abcdXXXX", 1},
    {"last_wins_same_range", OverlapPolicy::Last, {{4, "XXXX"}, {4, "YYYY"}, {0, "abcd"}}, "abcdYYYY", 1},
    {"first_wins_partial", OverlapPolicy::First, {{4, "XXXX"}, {6, "YYYY"}, {0, "abcd"}}, "abcdXXXXYY", 1},
    {"last_wins_partial", OverlapPolicy::Last, {{4, "XXXX"}, {6, "YYYY"}, {0, "abcd"}}, "abcdXXYYYY", 1},
    {"first_wins_covering", OverlapPolicy::First, {{5, "X"}, {3, "ZZZZZZ"}, {0, "abc"}}, "abcZZXZZZ", 1},
    {"last_wins_covering", OverlapPolicy::Last, {{5, "X"}, {3, "ZZZZZZ"}, {0, "abc"}}, "abcZZZZZZ", 1},
    {"same_bytes_no_diff", OverlapPolicy::First, {{4, "XXXX"}, {4, "XXXX"}, {0, "abcd"}}, "abcdXXXX", 0},
    {"in_order_segment_overlaps_buffered", OverlapPolicy::First, {{4, "XXXX"}, {0, "abcdYY"}}, "abcdXXXX", 1},
    {"in_order_segment_overlaps_buffered_last", OverlapPolicy::Last, {{4, "XXXX"}, {0, "abcdYY"}}, "abcdYYXX", 1},
};

class Overlaps : public testing::TestWithParam<OverlapCase> {};

TEST_P(Overlaps, PolicyDecidesWhichBytesWin) {
    const OverlapCase& oc = GetParam();
    FlowConfig cfg;
    cfg.stream.overlap = oc.policy;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    std::string got;
    for (auto& [off, data] : oc.segments) got += new_part(c.client_at(off, data).stream);
    EXPECT_EQ(got, oc.expect);
    EXPECT_EQ(t.stats().tcp.overlap_diff, oc.overlap_diff);
    EXPECT_GE(t.stats().tcp.overlaps, 1u);
}

INSTANTIATE_TEST_SUITE_P(Table, Overlaps, testing::ValuesIn(kOverlaps),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Reassembly, RetransmissionGivesNothingNew) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("abcdef");
    EXPECT_TRUE(c.client_at(0, "abcdef").stream.empty());
    EXPECT_TRUE(c.client_at(2, "cd").stream.empty());
    EXPECT_EQ(t.stats().tcp.retransmissions, 2u);
    EXPECT_EQ(t.stats().tcp.overlap_diff, 0u);
    EXPECT_TRUE(c.client_at(0, "abXdef").stream.empty());  // different data: counted, not delivered
    EXPECT_EQ(t.stats().tcp.overlap_diff, 1u);
    // A segment half old, half new delivers only the new half.
    EXPECT_EQ(new_part(c.client_at(4, "efgh").stream), "gh");
}

TEST(Reassembly, PatternSplitAcrossSegmentsIsContiguous) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("GET /x HTTP/1.1\r\nUser-Agent: EVIL");
    FlowLookup r = c.client("PATTERN\r\n\r\n");
    std::string s = whole(r.stream);
    size_t at = s.find("EVILPATTERN");
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(r.stream.new_from, s.find("PATTERN"));
    // The match starts in look-back and ends in the new part: detection accepts it once.
    EXPECT_LT(at, r.stream.new_from);
    EXPECT_GT(at + 11, r.stream.new_from);
    EXPECT_EQ(new_part(r.stream), "PATTERN\r\n\r\n");
}

TEST(Reassembly, GapDetectedByPeerAck) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("abc");
    // "def" at offset 3 is lost by the capture.
    EXPECT_TRUE(c.client_at(6, "ghi").stream.empty());
    c.server_ack(9);  // the server got everything: the hole will never be filled
    FlowLookup r = c.client_at(9, "jkl");
    EXPECT_EQ(whole(r.stream), "ghijkl");
    EXPECT_EQ(r.stream.new_from, 0u);  // look-back is not contiguous across a gap
    EXPECT_TRUE(r.stream.after_gap);
    EXPECT_EQ(r.stream.gap_len, 3u);  // "def": the app layer steps over exactly this much
    EXPECT_EQ(r.stream.stream_offset, 6u);
    EXPECT_EQ(t.stats().tcp.gaps, 1u);
    EXPECT_EQ(t.stats().tcp.gap_bytes, 3u);
    EXPECT_EQ(t.stats().tcp.gaps_by_ack, 1u);
    r = c.client_at(12, "mn");
    EXPECT_FALSE(r.stream.after_gap);
    EXPECT_EQ(r.stream.gap_len, 0u);
    EXPECT_EQ(whole(r.stream), "ghijklmn");
}

TEST(Reassembly, GapWhenSegmentDoesNotFitTheWindow) {
    FlowConfig cfg;
    cfg.stream.max_ooo_bytes = 65536;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    c.client("abc");
    EXPECT_TRUE(c.client_at(10, "X").stream.empty());
    FlowLookup r = c.client_at(65540, "Y");  // ends past the window: skip the first hole
    EXPECT_EQ(whole(r.stream), "X");
    EXPECT_TRUE(r.stream.after_gap);
    EXPECT_EQ(r.stream.stream_offset, 10u);
    EXPECT_EQ(t.stats().tcp.gaps_by_bound, 1u);
    EXPECT_EQ(t.stats().tcp.ooo_bytes_buffered, 1u);  // "Y" now waits behind the next hole
}

TEST(Reassembly, LargeJumpWithNothingBufferedSkipsToTheSegment) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("abc");
    FlowLookup r = c.client_at(200000, "far");
    EXPECT_EQ(whole(r.stream), "far");
    EXPECT_TRUE(r.stream.after_gap);
    EXPECT_EQ(r.stream.gap_len, 200000u - 3);
    EXPECT_EQ(r.stream.stream_offset, 200000u);
    EXPECT_EQ(t.stats().tcp.gap_bytes, 200000u - 3);
    // Beyond max_seq_jump the sequence number is considered bogus, not a gap.
    EXPECT_TRUE(c.client_at(200003 + (64u << 20), "bogus").stream.empty());
    EXPECT_EQ(t.stats().tcp.segments_bad_seq, 1u);
    EXPECT_EQ(new_part(c.client_at(200003, "next").stream), "next");
}

TEST(Reassembly, GapAfterTimeout) {
    FlowTable t;
    TcpConv c(t);
    c.handshake(100);
    c.client("abc", 100);
    EXPECT_TRUE(c.client_at(6, "ghi", 100).stream.empty());
    EXPECT_TRUE(c.client_at(12, "mno", 105).stream.empty());
    FlowLookup r = c.client_at(18, "stu", 110);  // the hole at 3 waited gap_timeout_sec (10)
    EXPECT_EQ(whole(r.stream), "ghi");
    EXPECT_TRUE(r.stream.after_gap);
    EXPECT_EQ(t.stats().tcp.gaps_by_timeout, 1u);
}

TEST(Reassembly, PendingBytesDrainAtFlowEnd) {
    FlowTable t;
    TcpConv c(t);
    c.handshake();
    c.client("abc");
    c.client_at(6, "ghi");
    c.client_at(12, "mno");
    std::vector<std::string> drained;
    std::vector<bool> gaps;
    t.set_flow_end_callback([&](Flow& f, FlowEndReason) {
        for (bool to_server : {true, false}) {
            for (StreamChunk ch = t.drain_pending(f, to_server); !ch.empty(); ch = t.drain_pending(f, to_server)) {
                drained.push_back(new_part(ch));
                gaps.push_back(ch.after_gap);
            }
        }
    });
    t.flush_all();
    EXPECT_EQ(drained, (std::vector<std::string>{"ghi", "mno"}));
    EXPECT_EQ(gaps, (std::vector<bool>{true, true}));
    EXPECT_EQ(t.stats().tcp.ooo_bytes_buffered, 0u);
}

TEST(Reassembly, DepthLimit) {
    FlowConfig cfg;
    cfg.stream.depth = 10;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    EXPECT_EQ(new_part(c.client("12345678").stream), "12345678");
    EXPECT_EQ(new_part(c.client("abcdefgh").stream), "ab");
    EXPECT_TRUE(c.client("more").stream.empty());
    EXPECT_EQ(t.stats().tcp.depth_reached, 1u);
    // The other direction has its own depth.
    EXPECT_EQ(new_part(c.server("0123456789xyz").stream), "0123456789");
    EXPECT_EQ(t.stats().tcp.depth_reached, 2u);
}

TEST(Reassembly, DepthLimitWithBufferedData) {
    FlowConfig cfg;
    cfg.stream.depth = 6;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    c.client_at(4, "efgh");
    EXPECT_EQ(new_part(c.client_at(0, "abcd").stream), "abcdef");
    EXPECT_EQ(t.stats().tcp.ooo_bytes_buffered, 0u);
}

TEST(Reassembly, SequenceWrapAround) {
    FlowTable t;
    TcpConv c(t, /*client_isn=*/0xfffffff8u);
    c.handshake();  // stream starts at 0xfffffff9: the 7th byte has sequence number 0
    EXPECT_EQ(new_part(c.client("0123456789").stream), "0123456789");
    EXPECT_TRUE(c.client_at(20, "KLM").stream.empty());
    FlowLookup r = c.client_at(10, "abcdefghij");
    EXPECT_EQ(new_part(r.stream), "abcdefghijKLM");
    EXPECT_EQ(r.stream.stream_offset, 0u);
    EXPECT_TRUE(c.client_at(3, "3456").stream.empty());  // retransmission across the wrap
    EXPECT_EQ(t.stats().tcp.retransmissions, 1u);
    EXPECT_EQ(t.stats().tcp.gaps, 0u);
}

TEST(Reassembly, OutOfOrderMemcap) {
    FlowConfig cfg;
    cfg.stream.max_ooo_bytes = 65536;
    cfg.stream.ooo_memcap = 65536;  // room for one window in the whole table
    FlowTable t(cfg);
    TcpConv a(t, 1000, 5000, {"10.0.0.1", 1}, {"10.0.0.2", 80});
    TcpConv b(t, 1000, 5000, {"10.0.0.3", 1}, {"10.0.0.2", 80});
    a.handshake();
    b.handshake();
    a.client_at(5, "x");
    b.client_at(5, "y");  // no window left: dropped and counted
    EXPECT_EQ(t.stats().tcp.ooo_memcap_hits, 1u);
    EXPECT_EQ(new_part(a.client_at(0, "01234").stream), "01234x");  // window returned
    b.client_at(5, "y");
    EXPECT_EQ(new_part(b.client_at(0, "01234").stream), "01234y");
    EXPECT_EQ(t.stats().tcp.ooo_window_allocs, 1u);
}

TEST(Reassembly, TooManyRangesDropsSegment) {
    FlowConfig cfg;
    cfg.stream.max_ooo_ranges = 2;
    FlowTable t(cfg);
    TcpConv c(t);
    c.handshake();
    c.client_at(2, "a");
    c.client_at(4, "b");
    c.client_at(6, "c");  // would be a third disjoint range
    EXPECT_EQ(t.stats().tcp.segments_dropped_bounds, 1u);
    c.client_at(3, "-");  // merges the two ranges: allowed
    EXPECT_EQ(new_part(c.client_at(0, "01").stream), "01a-b");
}

TEST(Reassembly, MidstreamStreamStartsAtFirstSeenByte) {
    FlowConfig cfg;
    cfg.stream.midstream = true;
    FlowTable t(cfg);
    PacketBuilder pb;
    Endpoint cl{"10.0.0.1", 40000}, sv{"10.0.0.2", 80};
    FlowLookup r = t.process(pb.tcp(cl, sv, kPshAck, 123456, 999, "tail of a request"));
    EXPECT_EQ(r.stream.stream_offset, 0u);
    EXPECT_EQ(new_part(r.stream), "tail of a request");
    // Bytes before the pickup point are not part of the stream.
    EXPECT_TRUE(t.process(pb.tcp(cl, sv, kPshAck, 123450, 999, "before")).stream.empty());
}

// Direct use of the Reassembler, without the flow table.
TEST(Reassembler, StandaloneDirection) {
    StreamConfig cfg;
    StreamStats st;
    Reassembler ra(cfg, st);
    StreamDir d;
    const std::string data = "hello world";
    auto seg = [&](uint32_t seq, size_t from, size_t n) {
        return ra.on_segment(d, seq, reinterpret_cast<const uint8_t*>(data.data()) + from, uint32_t(n), 0);
    };
    EXPECT_TRUE(seg(100, 0, 5).empty());  // not started: nothing
    ra.start(d, 100);
    EXPECT_TRUE(seg(105, 5, 6).empty());
    EXPECT_EQ(new_part(seg(100, 0, 5)), "hello world");
    ra.reset(d);
    EXPECT_FALSE(d.active);
    EXPECT_EQ(st.ooo_bytes_buffered, 0u);
}

}  // namespace
}  // namespace vigie
