// The store: chain and checkpoints verify; every byte flipped, a record removed,
// reordered or duplicated, or another key, makes verification fail; reopening
// continues the same log.
#include <gtest/gtest.h>

#include <filesystem>

#include "evidence/segment.h"
#include "evidence/store_reader.h"
#include "evidence/store_verify.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

using S = StoreVerifyReport::Status;

TEST(Store, ValidStoreVerifiesWithCheckpointsEveryN) {
    auto k = test::make_keys();
    const std::string dir = test::make_store(k, 7, 3);  // checkpoints at 3, 6 and 7 (close)
    auto rep = verify_store(dir, k.pub);
    EXPECT_EQ(rep.status, S::Valid) << rep.problem;
    EXPECT_EQ(rep.records, 7u);
    EXPECT_EQ(rep.checkpoints, 3u);
    EXPECT_EQ(rep.signed_records, 7u);
}

TEST(Store, ReopenContinuesTheChainInANewSegment) {
    auto k = test::make_keys();
    const std::string dir = test::make_store(k, 2);
    StoreConfig sc;
    sc.dir = dir;
    auto st = EvidenceStore::open(sc, k.sk, nullptr);
    ASSERT_TRUE(st.ok()) << st.error();
    auto r = (*st)->append(test::synthetic_record(9, 9, 9));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->log_index, 2u);
    ASSERT_TRUE((*st)->close().ok());
    EXPECT_TRUE(std::filesystem::exists(dir + "/segment-000002.vgs"));
    auto rep = verify_store(dir, k.pub);
    EXPECT_EQ(rep.status, S::Valid) << rep.problem;
    EXPECT_EQ(rep.records, 3u);
    EXPECT_EQ(rep.checkpoints, 2u);
}

TEST(Store, ReopenWithAnotherKeyIsRefused) {
    auto k = test::make_keys();
    auto other = test::make_keys();
    const std::string dir = test::make_store(k, 1);
    StoreConfig sc;
    sc.dir = dir;
    auto st = EvidenceStore::open(sc, other.sk, nullptr);
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().find("another key"), std::string::npos) << st.error();
}

TEST(Store, AnotherKeyFailsVerification) {
    auto k = test::make_keys();
    auto other = test::make_keys();
    const std::string dir = test::make_store(k, 2);
    auto rep = verify_store(dir, other.pub);
    EXPECT_EQ(rep.status, S::Invalid);
    EXPECT_NE(rep.problem.find("not by the given key"), std::string::npos) << rep.problem;
}

TEST(Store, EveryByteFlippedInSegmentOrCheckpointsFails) {
    auto k = test::make_keys();
    const std::string dir = test::make_store(k, 3, 2);
    ASSERT_EQ(verify_store(dir, k.pub).status, S::Valid);
    for (const char* name : {"segment-000001.vgs", "checkpoints.log"}) {
        const std::string path = dir + "/" + name;
        const std::string orig = test::slurp(path);
        for (size_t i = 0; i < orig.size(); ++i) {
            std::string bad = orig;
            bad[i] ^= 0x20;
            test::spit(path, bad);
            const auto rep = verify_store(dir, k.pub);
            EXPECT_NE(rep.status, S::Valid) << name << " byte " << i;
            // Inside the signed part of the log, a flip is never excused as a crash.
            if (std::string(name) == "segment-000001.vgs") {
                EXPECT_EQ(rep.status, S::Invalid) << "byte " << i;
            }
        }
        test::spit(path, orig);
    }
    EXPECT_EQ(verify_store(dir, k.pub).status, S::Valid);
}

// Frames of segment 1, as byte ranges, for cutting and splicing.
std::vector<std::string> frames_of(const std::string& seg) {
    auto scan = scan_segment(seg);
    std::vector<std::string> out;
    for (const auto& f : scan.frames) out.push_back(seg.substr(f.offset, kFrameOverhead + f.record.size()));
    return out;
}

TEST(Store, RemovedReorderedOrDuplicatedRecordFails) {
    auto k = test::make_keys();
    const std::string dir = test::make_store(k, 4);
    const std::string path = dir + "/segment-000001.vgs";
    const std::string orig = test::slurp(path);
    const auto fr = frames_of(orig);
    ASSERT_EQ(fr.size(), 4u);
    const std::string head = orig.substr(0, kSegmentHeaderSize);
    const std::vector<std::vector<int>> variants = {{0, 2, 3}, {0, 1, 2}, {1, 0, 2, 3}, {0, 1, 1, 2, 3}, {0, 1, 2, 3, 3}};
    for (const auto& v : variants) {
        std::string s = head;
        for (int i : v) s += fr[size_t(i)];
        test::spit(path, s);
        auto rep = verify_store(dir, k.pub);
        EXPECT_EQ(rep.status, S::Invalid) << "variant of " << v.size() << " frames";
    }
    test::spit(path, orig);
    EXPECT_EQ(verify_store(dir, k.pub).status, S::Valid);
}

TEST(Store, MissingSegmentOrCheckpointLogFails) {
    auto k = test::make_keys();
    const std::string dir = test::make_store(k, 2);
    std::filesystem::rename(dir + "/checkpoints.log", dir + "/cp.bak");
    EXPECT_NE(verify_store(dir, k.pub).status, S::Valid);
    std::filesystem::rename(dir + "/cp.bak", dir + "/checkpoints.log");
    std::filesystem::remove(dir + "/segment-000001.vgs");
    EXPECT_EQ(verify_store(dir, k.pub).status, S::Invalid);
    EXPECT_EQ(verify_store(dir + "/nope", k.pub).status, S::Invalid);
}

}  // namespace
}  // namespace vigie::evidence
