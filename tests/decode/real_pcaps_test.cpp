// Decodes every capture under $VIGIE_SHARED_DIR/data/pcaps: no crash, payloads
// inside their frames, and the counters agree with each other.

#include <gtest/gtest.h>

#include <filesystem>

#include "capture/capture_source.h"
#include "decode/decode_stats.h"
#include "decode/decoder.h"
#include "decode/defrag.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

TEST(RealPcaps, AllDecodeAndCountersAddUp) {
    const fs::path dir = fs::path(VIGIE_SHARED_DIR) / "data" / "pcaps";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no shared captures at " << dir << " (set up /work/shared/data/pcaps)";
    Decoder decoder;
    Defragmenter defrag;
    DecodeStats stats;
    uint64_t files = 0, frames = 0, bytes = 0, whole_count = 0;
    Packet p, whole;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".pcap" && ext != ".pcapng")) continue;
        auto src = open_capture_file(entry.path());
        ASSERT_TRUE(src.ok()) << src.error();
        ++files;
        RawFrame f;
        for (;;) {
            auto r = (*src)->next(f);
            ASSERT_TRUE(r.ok()) << r.error();
            if (!*r) break;
            p.data = f.data;
            p.caplen = f.caplen;
            p.wirelen = f.wirelen;
            p.ts = f.ts;
            p.linktype = f.linktype;
            p.pcap_cnt = ++frames;
            decoder.decode_packet(p);
            if (p.payload_len) {
                ASSERT_GE(p.payload, f.data) << entry.path() << " #" << frames;
                ASSERT_LE(p.payload + p.payload_len, f.data + f.caplen) << entry.path() << " #" << frames;
            }
            if (p.is_fragment && defrag.add(p, whole)) {
                decoder.decode_reassembled(whole);
                ASSERT_TRUE(whole.reassembled);
                ASSERT_LE(whole.payload + whole.payload_len, whole.data + whole.caplen);
                ++whole_count;
            }
            stats.add(p);
        }
        bytes += (*src)->bytes();
        EXPECT_EQ((*src)->frames(), (*src)->counters().frames);
    }
    ASSERT_GT(files, 0u) << "no .pcap/.pcapng under " << dir;
    EXPECT_EQ(stats.packets, frames);
    EXPECT_EQ(stats.bytes, bytes);
    EXPECT_LE(stats.ipv4 + stats.ipv6, stats.packets);
    EXPECT_LE(stats.tcp + stats.udp + stats.icmpv4 + stats.icmpv6, stats.ipv4 + stats.ipv6);
    EXPECT_EQ(defrag.stats().reassembled, whole_count);
    EXPECT_EQ(defrag.stats().fragments, stats.fragments);
    uint64_t events = 0;
    for (uint64_t e : stats.events) events += e;
    EXPECT_GE(events, stats.invalid);
    EXPECT_GT(stats.tcp, 0u);
    std::printf("[ real    ] %lu files, %lu frames, ipv4 %lu ipv6 %lu tcp %lu udp %lu, %lu reassembled, %lu invalid\n",
                (unsigned long)files, (unsigned long)frames, (unsigned long)stats.ipv4, (unsigned long)stats.ipv6,
                (unsigned long)stats.tcp, (unsigned long)stats.udp, (unsigned long)whole_count,
                (unsigned long)stats.invalid);
}

}  // namespace
}  // namespace vigie
