#include <gtest/gtest.h>

#include <functional>

#include "capture/capture_source.h"
#include "capture/pcapng_reader.h"
#include "capture_test_util.h"

namespace vigie {
namespace {

using test::Pcapng;
using test::TempFile;

std::vector<RawFrame> read_all(CaptureSource& src) {
    std::vector<RawFrame> out;
    RawFrame f;
    for (;;) {
        auto r = src.next(f);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
        if (!r.ok() || !*r) break;
        out.push_back(f);
    }
    return out;
}

TEST(PcapngReader, TwoInterfacesWithDifferentLinktypesAndResolutions) {
    for (bool big_endian : {false, true}) {
        SCOPED_TRACE(big_endian ? "big endian" : "little endian");
        Pcapng f(big_endian);
        f.shb()
            .idb(1)            // if 0: Ethernet, default resolution (microseconds)
            .idb(101, 9)       // if 1: raw IP, nanoseconds
            .unknown_block(0x0BAD)  // skipped
            .epb(0, 1700000000ull * 1000000 + 250000, {0xaa, 0xbb, 0xcc}, 1514)
            .epb(1, 1700000000ull * 1000000000 + 7, {0x45, 0, 0, 20, 0})
            .spb({0x11, 0x22});  // simple packet block: interface 0, no timestamp
        TempFile file(f.vec(), "two_ifaces.pcapng");
        auto src = open_capture_file(file.path);
        ASSERT_TRUE(src.ok()) << src.error();
        EXPECT_STREQ((*src)->kind(), "pcapng");
        auto frames = read_all(**src);
        ASSERT_EQ(frames.size(), 3u);
        EXPECT_EQ(frames[0].linktype, 1);
        EXPECT_EQ(frames[0].caplen, 3u);
        EXPECT_EQ(frames[0].wirelen, 1514u);
        EXPECT_EQ(frames[0].ts.sec, 1700000000);
        EXPECT_EQ(frames[0].ts.nsec, 250000000u);
        EXPECT_EQ(frames[1].linktype, 101);
        EXPECT_EQ(frames[1].interface_id, 1u);
        EXPECT_EQ(frames[1].ts.nsec, 7u);
        EXPECT_EQ(frames[1].data[0], 0x45);
        EXPECT_EQ(frames[2].linktype, 1);
        EXPECT_EQ(frames[2].caplen, 2u);
        EXPECT_FALSE((*src)->truncated());
        EXPECT_EQ((*src)->frames(), 3u);
        EXPECT_EQ((*src)->bytes(), 10u);
    }
}

TEST(PcapngReader, SecondSectionInOtherByteOrderResetsInterfaces) {
    Pcapng a(false);
    a.shb().idb(1).epb(0, 1000000, {1});
    Pcapng b(true);
    b.shb().idb(113).epb(0, 2000000, {2, 2});
    auto bytes = a.vec();
    bytes.insert(bytes.end(), b.vec().begin(), b.vec().end());
    auto src = open_capture_memory(bytes.data(), bytes.size());
    ASSERT_TRUE(src.ok()) << src.error();
    auto frames = read_all(**src);
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(frames[0].linktype, 1);
    EXPECT_EQ(frames[0].ts.sec, 1);
    EXPECT_EQ(frames[1].linktype, 113);
    EXPECT_EQ(frames[1].ts.sec, 2);
}

TEST(PcapngTimestamp, Resolutions) {
    using capture_detail::pcapng_timestamp;
    using capture_detail::TsResolution;
    struct Case {
        const char* name;
        uint64_t units;
        TsResolution res;
        int64_t sec;
        uint32_t nsec;
    };
    const Case cases[] = {
        {"micro", 1500000, {false, 6, 0}, 1, 500000000},
        {"milli", 2001, {false, 3, 0}, 2, 1000000},
        {"nano", 3000000004, {false, 9, 0}, 3, 4},
        {"pico", 1000000000123456, {false, 12, 0}, 1000, 123},  // 123456 ps = 123 ns
        {"seconds", 42, {false, 0, 0}, 42, 0},
        {"2^-1", 3, {true, 1, 0}, 1, 500000000},
        {"2^-10", 1024 * 5 + 256, {true, 10, 0}, 5, 250000000},
        {"2^-32", (uint64_t(7) << 32) | 0x80000000u, {true, 32, 0}, 7, 500000000},
        {"offset", 1000000, {false, 6, 100}, 101, 0},
    };
    for (const auto& c : cases) {
        Timestamp ts = pcapng_timestamp(c.units, c.res);
        EXPECT_EQ(ts.sec, c.sec) << c.name;
        EXPECT_EQ(ts.nsec, c.nsec) << c.name;
    }
}

TEST(PcapngReader, PowerOfTwoResolutionFromIdb) {
    Pcapng f;
    f.shb().idb(1, 0x80 | 20).epb(0, (uint64_t(9) << 20) | (1 << 19), {0});  // 2^-20 s units
    auto src = open_capture_memory(f.vec().data(), f.vec().size());
    ASSERT_TRUE(src.ok());
    auto frames = read_all(**src);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].ts.sec, 9);
    EXPECT_EQ(frames[0].ts.nsec, 500000000u);
}

TEST(PcapngReader, Damage) {
    struct Case {
        const char* name;
        std::function<std::vector<uint8_t>()> make;
        size_t frames;
        const char* warning_part;
    };
    const Case cases[] = {
        {"block_cut",
         [] {
             Pcapng f;
             f.shb().idb(1).epb(0, 1, {1, 2, 3, 4}).epb(0, 2, {5, 6, 7, 8});
             auto v = f.vec();
             v.resize(v.size() - 5);
             return v;
         },
         1, "block cut short"},
        {"garbage_length",
         [] {
             Pcapng f;
             f.shb().idb(1).epb(0, 1, {1, 2, 3, 4});
             f.b.u32(6).u32(0x7ffffff1);  // length not a multiple of 4
             f.b.u32(0).u32(0);
             return f.vec();
         },
         1, "bogus block length"},
        {"undeclared_interface",
         [] {
             Pcapng f;
             f.shb().idb(1).epb(3, 1, {1});
             return f.vec();
         },
         0, "undeclared interface 3"},
        {"trailer_mismatch",
         [] {
             Pcapng f;
             f.shb().idb(1).epb(0, 1, {1});
             f.vec().back() ^= 0x40;  // corrupt the trailing length of the EPB
             return f.vec();
         },
         0, "trailer length mismatch"},
        {"header_cut",
         [] {
             Pcapng f;
             f.shb().idb(1).epb(0, 1, {1});
             f.b.u32(6).u32(32);  // 8 bytes of a next block
             return f.vec();
         },
         1, "truncated block header"},
        {"caplen_beyond_block",
         [] {
             Pcapng f;
             f.shb().idb(1);
             f.b.u32(6).u32(36).u32(0).u32(0).u32(0).u32(200).u32(200).u32(0).u32(36);
             return f.vec();
         },
         0, "packet longer than its block"},
    };
    for (const auto& c : cases) {
        auto bytes = c.make();
        TempFile file(bytes, std::string(c.name) + ".pcapng");
        auto src = open_capture_file(file.path);
        ASSERT_TRUE(src.ok()) << c.name << ": " << src.error();
        auto frames = read_all(**src);
        EXPECT_EQ(frames.size(), c.frames) << c.name;
        EXPECT_TRUE((*src)->truncated()) << c.name;
        EXPECT_NE((*src)->warning().find(c.warning_part), std::string::npos) << c.name << ": " << (*src)->warning();
    }
}

}  // namespace
}  // namespace vigie
