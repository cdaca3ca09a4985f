// PatternDb: one Hyperscan block-mode database of literal fast patterns, optionally
// loaded from / saved to an on-disk cache keyed by a hash of the pattern set.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <hs/hs.h>

#include "common/result.h"

namespace vigie::detect {

struct Literal {
    std::string bytes;
    bool nocase = false;
    bool operator==(const Literal&) const = default;
};

class PatternDb {
public:
    // Compile `pats` (ids are their indexes). With a non-empty cache_dir, a database of
    // the same pattern set and Hyperscan version is read back instead of compiled, and a
    // freshly compiled one is written there. A cache that cannot be read or written is
    // ignored: the cache only saves time.
    static Result<std::unique_ptr<PatternDb>> build(const std::vector<Literal>& pats, const std::string& cache_dir);
    ~PatternDb();
    PatternDb(const PatternDb&) = delete;
    PatternDb& operator=(const PatternDb&) = delete;

    const hs_database_t* db() const { return db_; }
    bool from_cache() const { return from_cache_; }

    // 64-bit FNV-1a-style hash of the pattern set and the Hyperscan version.
    static uint64_t key(const std::vector<Literal>& pats);

    // Several databases at once, compiled on up to `threads` threads (0 = one per
    // core): out[i] is the database of sets[i]. The first failure is returned.
    static Result<void> build_many(const std::vector<const std::vector<Literal>*>& sets, const std::string& cache_dir,
                                   unsigned threads, std::vector<std::shared_ptr<PatternDb>>* out);

private:
    PatternDb() = default;
    hs_database_t* db_ = nullptr;
    bool from_cache_ = false;
};

}  // namespace vigie::detect
