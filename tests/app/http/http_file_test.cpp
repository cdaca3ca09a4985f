// FileTracker: sizes and hashes of a streamed body, checked against the standard
// test vectors of each hash function (FIPS 180 "abc", RFC 1321 "abc").
#include <gtest/gtest.h>

#include <string>

#include "app/http/http_file.h"

using vigie::app::http::FileTracker;

namespace {
void feed(FileTracker& f, const std::string& s) { f.update(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
}  // namespace

TEST(FileTracker, HashesMatchStandardVectorsWhateverTheSplit) {
    for (size_t split = 0; split <= 3; ++split) {
        FileTracker f;
        const std::string abc = "abc";
        feed(f, abc.substr(0, split));
        feed(f, abc.substr(split));
        f.close(true);
        EXPECT_TRUE(f.complete());
        EXPECT_EQ(f.size(), 3u);
        EXPECT_EQ(f.md5(), "900150983cd24fb0d6963f7d28e17f72");
        EXPECT_EQ(f.sha1(), "a9993e364706816aba3e25717850c26c9cd0d89d");
        EXPECT_EQ(f.sha256(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

TEST(FileTracker, GapKeepsCountingButGivesNoHashes) {
    FileTracker f;
    feed(f, "abc");
    f.mark_gap();
    feed(f, "def");
    f.close(true);
    EXPECT_TRUE(f.gaps());
    EXPECT_FALSE(f.complete());
    EXPECT_EQ(f.size(), 6u);
    EXPECT_TRUE(f.sha256().empty());
}

TEST(FileTracker, CutFileIsNotComplete) {
    FileTracker f;
    feed(f, "abc");
    f.close(false);
    EXPECT_FALSE(f.complete());
    EXPECT_TRUE(f.md5().empty());
    feed(f, "more");  // after close nothing counts
    EXPECT_EQ(f.size(), 3u);
}
