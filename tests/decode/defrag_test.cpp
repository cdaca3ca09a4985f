#include <gtest/gtest.h>

#include <string>

#include "decode/defrag.h"
#include "frame_builder.h"

namespace vigie {
namespace {

using namespace test;

struct Frag {
    uint16_t offset;  // 8-byte units
    Bytes data;
    bool more;
    int64_t sec = 0;
    uint16_t id = 7;
    uint16_t vlan = 0;
};

// IPv4 fragment, protocol 253 (experimental: payload stays raw bytes).
Bytes v4_frag(const Frag& f, uint8_t proto = 253) {
    Bytes ip = cat({ipv4(proto, f.data.size(), {.id = f.id, .frag = uint16_t((f.more ? 0x2000 : 0) | f.offset)}), f.data});
    if (!f.vlan) return cat({eth(0x0800), ip});
    return cat({eth(0x8100), vlan(f.vlan, 0x0800), ip});
}

// Feeds fragments; returns the reassembled IP payload ("" if none completed)
// and leaves the last fragment's and the reassembled packet's state for checks.
struct FragRun {
    Defragmenter defrag;
    Decoder decoder;
    Packet last_frag, whole;
    bool completed = false;
    std::vector<Bytes> frames;  // kept alive: packets point into them
    explicit FragRun(DefragConfig cfg = {}) : defrag(cfg) {}

    std::string feed(const std::vector<Frag>& frags, uint8_t proto = 253) {
        completed = false;
        frames.reserve(frames.size() + frags.size());
        for (const auto& f : frags) {
            frames.push_back(v4_frag(f, proto));
            feed_frame(frames.back(), f.sec);
        }
        return completed ? std::string(whole.payload, whole.payload + whole.payload_len) : std::string();
    }
    void feed_frame(const Bytes& frame, int64_t sec, uint16_t linktype = kLinkEthernet) {
        Packet p;
        p.data = frame.data();
        p.caplen = uint32_t(frame.size());
        p.linktype = linktype;
        p.ts.sec = sec;
        decoder.decode_packet(p);
        EXPECT_TRUE(p.is_fragment);
        if (defrag.add(p, whole)) {
            decoder.decode_reassembled(whole);
            completed = true;
        }
        last_frag = p;
    }
};

Bytes str(const std::string& s) { return Bytes(s.begin(), s.end()); }

TEST(Defrag, InOrderAndOutOfOrder) {
    const std::string a = "AAAAAAAABBBBBBBB", b = "CCCCCCCCDDDDDDDD", c = "EEEE";
    struct Case {
        const char* name;
        std::vector<int> order;
    };
    for (const Case& k : {Case{"in_order", {0, 1, 2}}, Case{"reversed", {2, 1, 0}}, Case{"last_first", {2, 0, 1}},
                          Case{"middle_first", {1, 2, 0}}}) {
        SCOPED_TRACE(k.name);
        std::vector<Frag> all = {{0, str(a), true}, {2, str(b), true}, {4, str(c), false}};
        std::vector<Frag> seq;
        for (int i : k.order) seq.push_back(all[size_t(i)]);
        FragRun r;
        EXPECT_EQ(r.feed(seq), a + b + c);
        EXPECT_TRUE(r.whole.reassembled);
        EXPECT_FALSE(r.whole.is_fragment);
        EXPECT_EQ(r.whole.ip_version, 4);
        EXPECT_EQ(r.whole.ip_proto, 253);
        EXPECT_EQ(r.whole.l3_len, 20u + 36u);
        EXPECT_EQ(r.whole.events.count, 0) << "rebuilt header has a valid checksum";
        EXPECT_EQ(r.defrag.stats().reassembled, 1u);
        EXPECT_EQ(r.defrag.pending(), 0u);
        EXPECT_EQ(r.defrag.memory_used(), 0u);
    }
}

TEST(Defrag, ReassembledUdpIsDecoded) {
    // UDP 5353 -> 53 with 16 payload bytes, split after 16 bytes of the UDP datagram.
    Bytes dgram = cat({udp(5353, 53, 16), str("0123456789abcdef")});
    FragRun r;
    r.feed({{0, Bytes(dgram.begin(), dgram.begin() + 16), true}, {2, Bytes(dgram.begin() + 16, dgram.end()), false}}, 17);
    ASSERT_TRUE(r.completed);
    EXPECT_TRUE(r.whole.is_udp());
    EXPECT_EQ(r.whole.sp, 5353);
    EXPECT_EQ(r.whole.dp, 53);
    EXPECT_EQ(std::string(r.whole.payload, r.whole.payload + r.whole.payload_len), "0123456789abcdef");
    EXPECT_EQ(r.whole.linktype, kLinkRaw);
}

TEST(Defrag, OverlapPolicies) {
    // Fragments of 16 bytes at offsets 0 and 8 overlap on bytes 8..15; a
    // closing fragment at 24 ends the datagram.
    const Frag a0{0, str("aaaaaaaaaaaaaaaa"), true}, b1{1, str("bbbbbbbbbbbbbbbb"), true},
        c0{0, str("cccccccccccccccc"), true}, end{3, str("zzzzzzzz"), false};
    struct Case {
        const char* name;
        DefragPolicy policy;
        std::vector<Frag> frags;
        std::string expected;
    };
    const Case cases[] = {
        // later fragment starting after the earlier one: the earlier keeps its bytes (except kLast)
        {"bsd_later_start", DefragPolicy::kBsd, {a0, b1, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        {"first_later_start", DefragPolicy::kFirst, {a0, b1, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        {"last_later_start", DefragPolicy::kLast, {a0, b1, end}, "aaaaaaaabbbbbbbbbbbbbbbbzzzzzzzz"},
        {"linux_later_start", DefragPolicy::kLinux, {a0, b1, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        // later fragment starting before the earlier one: BSD/Linux let it win
        {"bsd_earlier_start", DefragPolicy::kBsd, {b1, a0, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        {"first_earlier_start", DefragPolicy::kFirst, {b1, a0, end}, "aaaaaaaabbbbbbbbbbbbbbbbzzzzzzzz"},
        {"last_earlier_start", DefragPolicy::kLast, {b1, a0, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        // same start: BSD keeps the first, Linux takes the new one
        {"bsd_same_start", DefragPolicy::kBsd, {a0, c0, {2, str("bbbbbbbb"), true}, end}, "aaaaaaaaaaaaaaaabbbbbbbbzzzzzzzz"},
        {"linux_same_start", DefragPolicy::kLinux, {a0, c0, {2, str("bbbbbbbb"), true}, end},
         "ccccccccccccccccbbbbbbbbzzzzzzzz"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        FragRun r(DefragConfig{.policy = c.policy});
        EXPECT_EQ(r.feed(c.frags), c.expected);
        EXPECT_TRUE(r.whole.events.has(DecodeEvent::IPV4_FRAG_OVERLAP));
        EXPECT_GE(r.defrag.stats().overlaps, 1u);
    }
}

TEST(Defrag, OverlapEventOnTheOverlappingFragment) {
    FragRun r;
    r.feed({{0, str("aaaaaaaaaaaaaaaa"), true}, {1, str("bbbbbbbb"), true}});
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::IPV4_FRAG_OVERLAP));
}

TEST(Defrag, Timeout) {
    FragRun r(DefragConfig{.timeout_sec = 60});
    EXPECT_EQ(r.feed({{0, str("aaaaaaaa"), true, 100}, {1, str("bbbbbbbb"), false, 161}}), "");
    EXPECT_EQ(r.defrag.stats().timeouts, 1u);
    EXPECT_EQ(r.defrag.pending(), 1u);  // the late fragment starts a new datagram
    r.defrag.expire(Timestamp{300, 0});
    EXPECT_EQ(r.defrag.stats().timeouts, 2u);
    EXPECT_EQ(r.defrag.pending(), 0u);
    EXPECT_EQ(r.defrag.memory_used(), 0u);
    // within the timeout it completes
    EXPECT_EQ(r.feed({{0, str("aaaaaaaa"), true, 400}, {1, str("bbbbbbbb"), false, 459}}), "aaaaaaaabbbbbbbb");
}

TEST(Defrag, Memcap) {
    FragRun r(DefragConfig{.memcap = 1200});
    // Two unfinished datagrams of 800 bytes each: the second does not fit.
    r.feed({{0, Bytes(800, 'a'), true, 0, 1}});
    EXPECT_EQ(r.defrag.stats().memcap_hits, 0u);
    r.feed({{0, Bytes(800, 'b'), true, 0, 2}});
    EXPECT_EQ(r.defrag.stats().memcap_hits, 1u);
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::DEFRAG_MEMCAP));
    EXPECT_LE(r.defrag.memory_used(), 1200u);
    // The first one can still finish, freeing its memory.
    EXPECT_EQ(r.feed({{100, Bytes(8, 'c'), false, 0, 1}}).size(), 808u);
    EXPECT_EQ(r.defrag.memory_used(), 0u);
}

TEST(Defrag, TooLarge) {
    FragRun r;
    // offset 8189*8 = 65512, + 20 header + 40 data > 65535
    r.feed({{8189, Bytes(40, 'x'), false}});
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::IPV4_FRAG_PKT_TOO_LARGE));
    EXPECT_EQ(r.defrag.stats().too_large, 1u);
    EXPECT_EQ(r.defrag.pending(), 0u);
}

TEST(Defrag, MaxFragsDropsTheDatagram) {
    FragRun r(DefragConfig{.max_frags = 2});
    r.feed({{0, str("aaaaaaaa"), true}, {2, str("cccccccc"), true}, {4, str("eeeeeeee"), true}});
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::IPV4_FRAG_IGNORED));
    EXPECT_EQ(r.defrag.pending(), 0u);
}

TEST(Defrag, VlanIsPartOfTheKey) {
    FragRun r;
    EXPECT_EQ(r.feed({{0, str("aaaaaaaa"), true, 0, 7, 10}, {1, str("bbbbbbbb"), false, 0, 7, 20}}), "");
    EXPECT_EQ(r.defrag.pending(), 2u);
    EXPECT_EQ(r.feed({{1, str("bbbbbbbb"), false, 0, 7, 10}}), "aaaaaaaabbbbbbbb");
    EXPECT_EQ(r.whole.vlan_count, 1);
    EXPECT_EQ(r.whole.vlan_id[0], 10);
}

TEST(Defrag, TruncatedFragmentIgnored) {
    Bytes f = v4_frag({0, Bytes(64, 'a'), true});
    f.resize(f.size() - 10);  // snaplen cut
    FragRun r;
    r.feed_frame(f, 0);
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::IPV4_FRAG_IGNORED));
    EXPECT_EQ(r.defrag.pending(), 0u);
}

// IPv6: [hop-by-hop][fragment header] UDP datagram split in two.
Bytes v6_frag(uint16_t offset, bool more, const Bytes& data, bool with_hbh) {
    uint16_t v = uint16_t(offset << 3 | (more ? 1 : 0));
    Bytes fh = {17, 0, uint8_t(v >> 8), uint8_t(v), 0xaa, 0xbb, 0xcc, 0xdd};
    Bytes hbh = {44, 0, 1, 4, 0, 0, 0, 0};
    if (with_hbh) return cat({ipv6(0, 16 + data.size()), hbh, fh, data});
    return cat({ipv6(44, 8 + data.size()), fh, data});
}

TEST(Defrag, Ipv6) {
    Bytes dgram = cat({udp(1111, 2222, 16), str("fedcba9876543210")});
    for (bool hbh : {false, true}) {
        SCOPED_TRACE(hbh ? "with hop-by-hop" : "fragment header first");
        Bytes f1 = v6_frag(0, true, Bytes(dgram.begin(), dgram.begin() + 16), hbh);
        Bytes f2 = v6_frag(2, false, Bytes(dgram.begin() + 16, dgram.end()), hbh);
        FragRun r;
        r.feed_frame(f2, 0, kLinkIpv6);
        EXPECT_FALSE(r.completed);
        r.feed_frame(f1, 0, kLinkIpv6);
        ASSERT_TRUE(r.completed);
        EXPECT_EQ(r.whole.events.count, 0);
        EXPECT_TRUE(r.whole.is_udp());
        EXPECT_EQ(r.whole.sp, 1111);
        EXPECT_EQ(r.whole.ip_hlen, hbh ? 48 : 40);  // fragment header removed
        EXPECT_EQ(r.whole.l3_len, (hbh ? 48u : 40u) + 24u);
        EXPECT_EQ(std::string(r.whole.payload, r.whole.payload + r.whole.payload_len), "fedcba9876543210");
        EXPECT_EQ(r.whole.src.to_string(), "2001:db8::1");
    }
}

TEST(Defrag, Ipv6Overlap) {
    FragRun r;
    r.feed_frame(v6_frag(0, true, Bytes(16, 'a'), false), 0, kLinkIpv6);
    r.feed_frame(v6_frag(1, false, Bytes(16, 'b'), false), 0, kLinkIpv6);
    ASSERT_TRUE(r.completed);
    EXPECT_TRUE(r.last_frag.events.has(DecodeEvent::IPV6_FRAG_OVERLAP));
    EXPECT_TRUE(r.whole.events.has(DecodeEvent::IPV6_FRAG_OVERLAP));
}

}  // namespace
}  // namespace vigie
