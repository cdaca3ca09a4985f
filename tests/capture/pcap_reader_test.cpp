#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <thread>

#include "capture/capture_source.h"
#include "capture_test_util.h"

namespace vigie {
namespace {

using test::make_pcap;
using test::PcapRecord;
using test::TempFile;

// Two small frames: 4 and 6 bytes (content is irrelevant to the reader).
const std::vector<PcapRecord> kTwoRecords = {
    {1700000000, 123456, {0xde, 0xad, 0xbe, 0xef}, 60},
    {1700000001, 999999, {1, 2, 3, 4, 5, 6}, 0},
};

struct PcapVariant {
    const char* name;
    bool big_endian;
    bool nano;
    uint32_t nsec0;  // expected nsec of the first record (frac 123456)
};

class PcapVariants : public ::testing::TestWithParam<PcapVariant> {};

TEST_P(PcapVariants, ReadsRecordsWithTimestampsAndLinktype) {
    const PcapVariant& v = GetParam();
    TempFile f(make_pcap(v.big_endian, v.nano, 1, kTwoRecords), "x.pcap");
    auto src = open_capture_file(f.path);
    ASSERT_TRUE(src.ok()) << src.error();
    EXPECT_STREQ((*src)->kind(), "pcap");
    RawFrame fr;
    auto r = (*src)->next(fr);
    ASSERT_TRUE(r.ok() && *r);
    EXPECT_EQ(fr.ts.sec, 1700000000);
    EXPECT_EQ(fr.ts.nsec, v.nsec0);
    EXPECT_EQ(fr.caplen, 4u);
    EXPECT_EQ(fr.wirelen, 60u);
    EXPECT_EQ(fr.linktype, 1);
    EXPECT_EQ(fr.data[0], 0xde);
    r = (*src)->next(fr);
    ASSERT_TRUE(r.ok() && *r);
    EXPECT_EQ(fr.caplen, 6u);
    EXPECT_EQ(fr.wirelen, 6u);
    EXPECT_EQ(fr.data[5], 6);
    r = (*src)->next(fr);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(*r);
    EXPECT_FALSE((*src)->truncated());
    EXPECT_EQ((*src)->frames(), 2u);
    EXPECT_EQ((*src)->bytes(), 10u);
}

INSTANTIATE_TEST_SUITE_P(AllMagics, PcapVariants,
                         ::testing::Values(PcapVariant{"le_micro", false, false, 123456000},
                                           PcapVariant{"be_micro", true, false, 123456000},
                                           PcapVariant{"le_nano", false, true, 123456},
                                           PcapVariant{"be_nano", true, true, 123456}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(PcapReader, MicrosecondOverflowCarriesIntoSeconds) {
    // A writer bug: usec = 1500000 -> 1 s + 500 ms.
    auto bytes = make_pcap(false, false, 1, {{10, 1500000, {0}, 0}});
    auto src = open_capture_memory(bytes.data(), bytes.size());
    ASSERT_TRUE(src.ok());
    RawFrame fr;
    ASSERT_TRUE(*(*src)->next(fr));
    EXPECT_EQ(fr.ts.sec, 11);
    EXPECT_EQ(fr.ts.nsec, 500000000u);
}

struct DamageCase {
    const char* name;
    size_t cut_bytes;     // bytes removed from the end of a 2-record file
    bool garbage_length;  // overwrite the 2nd record's caplen with 0x7fffffff
    uint64_t frames_before_damage;
    const char* warning_part;
};

class PcapDamage : public ::testing::TestWithParam<DamageCase> {};

TEST_P(PcapDamage, ReadsUpToTheDamageThenReportsIt) {
    const DamageCase& c = GetParam();
    auto bytes = make_pcap(false, false, 1, kTwoRecords);
    if (c.garbage_length) {
        size_t second_hdr = 24 + 16 + 4;
        bytes[second_hdr + 8] = 0xff;
        bytes[second_hdr + 9] = 0xff;
        bytes[second_hdr + 10] = 0xff;
        bytes[second_hdr + 11] = 0x7f;
    }
    bytes.resize(bytes.size() - c.cut_bytes);
    TempFile f(bytes, "damaged.pcap");
    auto src = open_capture_file(f.path);
    ASSERT_TRUE(src.ok()) << src.error();
    RawFrame fr;
    uint64_t n = 0;
    for (;;) {
        auto r = (*src)->next(fr);
        ASSERT_TRUE(r.ok()) << r.error();
        if (!*r) break;
        ++n;
    }
    EXPECT_EQ(n, c.frames_before_damage);
    EXPECT_TRUE((*src)->truncated());
    EXPECT_NE((*src)->warning().find(c.warning_part), std::string::npos) << (*src)->warning();
    EXPECT_NE((*src)->warning().find(f.path), std::string::npos);
    // Further calls keep saying "end".
    auto again = (*src)->next(fr);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(*again);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PcapDamage,
    ::testing::Values(DamageCase{"last_record_cut", 2, false, 1, "record cut short"},
                      DamageCase{"record_header_cut", 6 + 10, false, 1, "truncated record header"},
                      DamageCase{"garbage_length", 0, true, 1, "bogus record length"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(OpenCapture, Errors) {
    struct Case {
        const char* name;
        std::vector<uint8_t> bytes;
        const char* expected_suffix;
    };
    const Case cases[] = {
        {"text", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'}, ": not a pcap or pcapng file"},
        {"empty", {}, ": not a pcap or pcapng file"},
        {"three_bytes", {0xd4, 0xc3, 0xb2}, ": not a pcap or pcapng file"},
        {"gzip", {0x1f, 0x8b, 0x08, 0x00, 0, 0}, ": not a pcap or pcapng file (gzip-compressed)"},
        // pcap magic but the 24-byte file header is cut
        {"short_header", {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0}, ": truncated pcap file header"},
        // pcapng SHB type but a wrong byte-order magic
        {"bad_shb", {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4}, ": not a pcap or pcapng file"},
    };
    for (const auto& c : cases) {
        TempFile f(c.bytes, c.name);
        auto src = open_capture_file(f.path);
        ASSERT_FALSE(src.ok()) << c.name;
        EXPECT_EQ(src.error(), f.path + c.expected_suffix) << c.name;
    }
}

TEST(OpenCapture, MissingFileAndDirectory) {
    auto missing = open_capture_file("/nonexistent/x.pcap");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error(), "cannot open /nonexistent/x.pcap: No such file or directory");
    auto dir = open_capture_file("/tmp");
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error(), "cannot open /tmp: Is a directory");
}

TEST(OpenCapture, ReadsFromAPipeInSmallWrites) {
    // Not mmap-able: exercises the block reader's refill across record borders.
    std::vector<PcapRecord> recs;
    for (uint32_t i = 0; i < 300; ++i) recs.push_back({i, 0, std::vector<uint8_t>(100 + i * 37 % 3000, uint8_t(i)), 0});
    auto bytes = make_pcap(true, false, 101, recs);
    std::string fifo = ::testing::TempDir() + "/vigie_fifo_" + std::to_string(::getpid());
    ::unlink(fifo.c_str());
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    std::thread writer([&] {
        FILE* w = std::fopen(fifo.c_str(), "wb");
        for (size_t off = 0; off < bytes.size(); off += 777) {
            std::fwrite(bytes.data() + off, 1, std::min<size_t>(777, bytes.size() - off), w);
            std::fflush(w);
        }
        std::fclose(w);
    });
    auto src = open_capture_file(fifo);
    ASSERT_TRUE(src.ok()) << src.error();
    RawFrame fr;
    uint32_t i = 0;
    while (true) {
        auto r = (*src)->next(fr);
        ASSERT_TRUE(r.ok());
        if (!*r) break;
        ASSERT_EQ(fr.caplen, recs[i].data.size());
        ASSERT_EQ(fr.data[fr.caplen - 1], uint8_t(i));
        ASSERT_EQ(fr.ts.sec, i);
        ASSERT_EQ(fr.linktype, 101);
        ++i;
    }
    writer.join();
    ::unlink(fifo.c_str());
    EXPECT_EQ(i, 300u);
    EXPECT_FALSE((*src)->truncated());
}

}  // namespace
}  // namespace vigie
