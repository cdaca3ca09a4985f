// Helpers for the store tests: a fresh database path, the fixture, counts as maps.
#pragma once
#include <unistd.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "store/stats_query.h"

namespace vigie::store::test {

inline std::string fresh_db(const std::string& name) {
    const std::string p = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-" + name + ".db";
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(p + suf);
    return p;
}

inline std::string fixture(const std::string& name) {
    return std::string(VIGIE_SOURCE_DIR) + "/tests/store/fixtures/" + name;
}

inline void write_file(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
}

// key (first column) -> alerts (last column)
inline std::map<std::string, int64_t> counts(Db& db, const std::string& by) {
    auto t = run_stats(db, StatsQuery{by, {}, {}});
    EXPECT_TRUE(t) << (t ? "" : t.error());
    std::map<std::string, int64_t> out;
    if (!t) return out;
    for (const auto& r : t->rows) out[r.front().is_int ? std::to_string(r.front().i) : r.front().s] = r.back().i;
    return out;
}

}  // namespace vigie::store::test
