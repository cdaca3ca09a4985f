// Our readers against libpcap on every shared capture libpcap can open: same
// frame count, same bytes, same timestamps. pcapng files mixing link types
// (which libpcap refuses) are only read by us.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstring>
#include <filesystem>

#include "capture/capture_source.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

TEST(RealPcaps, SameFramesAsLibpcap) {
    const fs::path dir = fs::path(VIGIE_SHARED_DIR) / "data" / "pcaps";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no shared captures at " << dir;
    uint64_t files = 0, compared = 0, refused = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const std::string ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".pcap" && ext != ".pcapng")) continue;
        ++files;
        auto src = open_capture_file(entry.path());
        ASSERT_TRUE(src.ok()) << src.error();
        char err[PCAP_ERRBUF_SIZE];
        pcap_t* ref = pcap_open_offline_with_tstamp_precision(entry.path().c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
        RawFrame f;
        uint64_t n = 0;
        for (;;) {
            auto r = (*src)->next(f);
            ASSERT_TRUE(r.ok()) << r.error();
            if (!*r) break;
            ++n;
            if (!ref) continue;
            struct pcap_pkthdr* h;
            const u_char* d;
            int rc = pcap_next_ex(ref, &h, &d);
            if (rc == PCAP_ERROR && n == 1) {  // e.g. interfaces with different snaplens/linktypes
                pcap_close(ref);
                ref = nullptr;
                ++refused;
                continue;
            }
            ASSERT_EQ(rc, 1) << entry.path() << " frame " << n << ": libpcap has fewer frames";
            ASSERT_EQ(f.caplen, h->caplen) << entry.path() << " frame " << n;
            ASSERT_EQ(f.wirelen, h->len) << entry.path() << " frame " << n;
            ASSERT_EQ(f.ts.sec, h->ts.tv_sec) << entry.path() << " frame " << n;
            ASSERT_EQ(int64_t(f.ts.nsec), int64_t(h->ts.tv_usec)) << entry.path() << " frame " << n;
            ASSERT_EQ(0, std::memcmp(f.data, d, f.caplen)) << entry.path() << " frame " << n;
        }
        if (ref) {
            struct pcap_pkthdr* h;
            const u_char* d;
            EXPECT_NE(pcap_next_ex(ref, &h, &d), 1) << entry.path() << ": libpcap has more frames";
            pcap_close(ref);
            ++compared;
        }
        EXPECT_EQ((*src)->frames(), n);
    }
    ASSERT_GT(files, 0u);
    std::printf("[ real    ] %lu files, %lu compared with libpcap, %lu refused by libpcap\n", (unsigned long)files,
                (unsigned long)compared, (unsigned long)refused);
}

}  // namespace
}  // namespace vigie
