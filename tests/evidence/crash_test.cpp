// Crash safety: a writer killed with SIGKILL, while appending or in the middle of a
// frame, leaves a store whose complete records verify and whose torn tail is
// reported (never accepted as valid, never silently dropped); reopening sets the
// tail aside, says so, and continues the log.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include "evidence/segment.h"
#include "evidence/store_verify.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

using S = StoreVerifyReport::Status;

StoreConfig config(const std::string& dir) {
    StoreConfig sc;
    sc.dir = dir;
    sc.checkpoint_every = 4;
    sc.sensor_id = "crash";
    return sc;
}

TEST(Crash, KilledInTheMiddleOfAFrame) {
    auto k = test::make_keys();
    const std::string dir = test::temp_dir() + "/evidence";
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        auto st = EvidenceStore::open(config(dir), k.sk, nullptr);
        if (!st) _exit(2);
        for (int i = 0; i < 10; ++i) (void)(*st)->append(test::synthetic_record(uint64_t(i + 1), 1, i));
        (*st)->wait_checkpoints();  // signed off the appending thread: let the signer finish
        // What a power cut during the 11th append leaves: half of its frame.
        const std::string frame = encode_frame(10, test::synthetic_record(11, 1, 11), Digest{});
        std::FILE* f = std::fopen((dir + "/segment-000001.vgs").c_str(), "ab");
        std::fwrite(frame.data(), 1, frame.size() / 2, f);
        std::fflush(f);
        std::raise(SIGKILL);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));

    auto rep = verify_store(dir, k.pub);
    EXPECT_EQ(rep.status, S::Incomplete) << rep.problem;
    EXPECT_NE(rep.problem.find("torn tail"), std::string::npos);
    EXPECT_EQ(rep.records, 10u);          // every complete record verifies
    EXPECT_EQ(rep.signed_records, 8u);    // checkpoints at 4 and 8; 9 and 10 chained, unsigned
    EXPECT_NE(rep.problem.find("2 record(s) after the last signed checkpoint"), std::string::npos) << rep.problem;

    std::string notice;
    auto st = EvidenceStore::open(config(dir), k.sk, &notice);
    ASSERT_TRUE(st.ok()) << st.error();
    EXPECT_NE(notice.find("torn tail"), std::string::npos) << notice;
    auto r = (*st)->append(test::synthetic_record(12, 1, 12));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->log_index, 10u);         // the log continues after the last complete record
    ASSERT_TRUE((*st)->close().ok());
    rep = verify_store(dir, k.pub);
    EXPECT_EQ(rep.status, S::Valid) << rep.problem;
    EXPECT_EQ(rep.records, 11u);
    bool noted = false;
    for (const auto& n : rep.notes) noted = noted || n.find(".torn-") != std::string::npos;
    EXPECT_TRUE(noted) << "the set-aside tail stays visible";
}

TEST(Crash, KilledWhileAppendingAtARandomMoment) {
    auto k = test::make_keys();
    for (int round = 0; round < 3; ++round) {
        const std::string dir = test::temp_dir() + "/evidence";
        int ready[2];
        ASSERT_EQ(pipe(ready), 0);
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            close(ready[0]);
            auto st = EvidenceStore::open(config(dir), k.sk, nullptr);
            if (!st) _exit(2);
            const std::string big = test::synthetic_record(1, 1, 1, 400);  // ~30 KB frames: writes take time
            (void)(*st)->append(big);
            // Tell the parent a first record is down, so the kill lands while
            // appending whatever the speed of this build (sanitizers are slow).
            (void)!write(ready[1], "r", 1);
            for (;;) (void)(*st)->append(big);
        }
        close(ready[1]);
        char c = 0;
        ASSERT_EQ(read(ready[0], &c, 1), 1);
        close(ready[0]);
        usleep(5000 + 15000 * round);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        auto rep = verify_store(dir, k.pub);
        EXPECT_NE(rep.status, S::Invalid) << rep.problem;  // a crash is never reported as tampering
        std::string notice;
        auto st = EvidenceStore::open(config(dir), k.sk, &notice);
        ASSERT_TRUE(st.ok()) << st.error();
        ASSERT_TRUE((*st)->append(test::synthetic_record(2, 2, 2)).ok());
        ASSERT_TRUE((*st)->close().ok());
        rep = verify_store(dir, k.pub);
        EXPECT_EQ(rep.status, S::Valid) << rep.problem;
        EXPECT_GT(rep.records, 1u);
    }
}

}  // namespace
}  // namespace vigie::evidence
