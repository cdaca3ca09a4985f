// Time-based checkpoints on capture time: signed when T seconds of capture time
// have passed and there is something new to sign, rearmed when a merged capture's
// clock jumps back.
#include <gtest/gtest.h>

#include "evidence/checkpoint_timer.h"
#include "evidence/store_verify.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

Timestamp at(int64_t sec) { return Timestamp{sec, 0}; }

// A new store signed by time only (no checkpoint by record count).
std::unique_ptr<EvidenceStore> time_only_store(const test::Keys& k, std::string* dir = nullptr) {
    StoreConfig sc;
    sc.dir = test::temp_dir() + "/ev";
    sc.checkpoint_every = 0;
    if (dir) *dir = sc.dir;
    auto st = EvidenceStore::open(sc, k.sk, nullptr);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error());
    return st.ok() ? std::move(*st) : nullptr;
}

TEST(CheckpointTimer, CaptureTimeSignsEveryTSecondsWhenThereIsSomethingNew) {
    auto k = test::make_keys();
    std::string dir;
    auto st = time_only_store(k, &dir);
    ASSERT_TRUE(st);
    EvidenceStore& store = *st;
    CaptureTimeCheckpoints clock(store, 10);
    auto append = [&](uint64_t id) { ASSERT_TRUE(store.append(test::synthetic_record(id, 1, 1)).ok()); };
    auto signed_count = [&] {  // checkpoints are signed by the store's own thread
        store.wait_checkpoints();
        return store.counters().checkpoints;
    };

    clock.on_frame(at(1000));  // arms at 1010
    append(1);
    clock.on_frame(at(1005));
    clock.on_frame(at(1009));
    EXPECT_EQ(signed_count(), 0u);
    clock.on_frame(at(1010));
    EXPECT_EQ(signed_count(), 1u);
    append(2);
    clock.on_frame(at(1019));
    EXPECT_EQ(signed_count(), 1u);
    clock.on_frame(at(1020));
    EXPECT_EQ(signed_count(), 2u);
    clock.on_frame(at(1031));  // due, but nothing new: no checkpoint
    EXPECT_EQ(signed_count(), 2u);
    // A capture merged from older traffic: the clock jumps back and rearms.
    append(3);
    clock.on_frame(at(500));
    clock.on_frame(at(509));
    EXPECT_EQ(signed_count(), 2u);
    clock.on_frame(at(510));
    EXPECT_EQ(signed_count(), 3u);
    ASSERT_TRUE(store.close().ok());
    EXPECT_EQ(signed_count(), 3u);  // close: nothing new since the last one
    auto rep = verify_store(dir, k.pub);
    EXPECT_EQ(rep.status, StoreVerifyReport::Status::Valid) << rep.problem;
    EXPECT_EQ(rep.checkpoints, 3u);
}

TEST(CheckpointTimer, ZeroSecondsNeverSigns) {
    auto k = test::make_keys();
    auto st = time_only_store(k);
    ASSERT_TRUE(st);
    CaptureTimeCheckpoints clock(*st, 0);
    ASSERT_TRUE(st->append(test::synthetic_record(1, 1, 1)).ok());
    for (int64_t t = 0; t < 100000; t += 1000) clock.on_frame(at(t));
    st->wait_checkpoints();
    EXPECT_EQ(st->counters().checkpoints, 0u);
}

TEST(CheckpointTimer, WallClockThreadSignsAndStops) {
    auto k = test::make_keys();
    auto st = time_only_store(k);
    ASSERT_TRUE(st);
    ASSERT_TRUE(st->append(test::synthetic_record(1, 1, 1)).ok());
    {
        WallClockCheckpoints timer(*st, 1);
        // Waits for the thread's first checkpoint (about 1 s); bounded so a broken
        // timer fails instead of hanging.
        for (int i = 0; i < 100 && st->counters().checkpoints == 0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }  // the destructor stops and joins the thread
    EXPECT_EQ(st->counters().checkpoints, 1u);
}

}  // namespace
}  // namespace vigie::evidence
