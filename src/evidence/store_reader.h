// Reading an evidence store directory: every segment (in number order), the chain
// checked record by record, and checkpoints.log parsed. Shared by the writer (to
// reopen after a run or a crash), `vigie evidence export` and `vigie verify --store`.
// The whole store is read into memory: stores are sized in records of a few KiB to a
// few MiB, and a verifier must read every byte anyway.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "evidence/checkpoint.h"
#include "evidence/segment.h"

namespace vigie::evidence {

struct StoreRecord {
    uint64_t index = 0;
    uint32_t segment_no = 0;
    uint64_t offset = 0;
    std::string_view record;   // into LoadedStore::segments
    Digest chain{};
};

// Move-only: records[].record views point into segments, whose buffers a move
// keeps in place and a copy would not.
struct LoadedStore {
    LoadedStore() = default;
    LoadedStore(LoadedStore&&) = default;
    LoadedStore& operator=(LoadedStore&&) = default;
    LoadedStore(const LoadedStore&) = delete;
    LoadedStore& operator=(const LoadedStore&) = delete;

    std::string dir;
    std::vector<std::string> segment_names;      // in order
    std::vector<std::string> segments;           // their bytes
    std::vector<StoreRecord> records;            // the valid, chained prefix of the log
    std::vector<Digest> leaves;                  // leaf_hash of each record
    std::vector<SignedCheckpoint> checkpoints;   // parsed lines, in file order

    // The first place where the log stops being valid other than a torn tail:
    // empty when none. Precise: file, offset, record index, what failed.
    std::string damage;
    // A torn tail (crash): the last segment or the last checkpoint line ends in an
    // incomplete write. The records before it are valid.
    std::string torn;
    uint32_t torn_segment = 0;                   // segment holding a torn tail (0: none)
    uint64_t torn_offset = 0;                    // where the valid part of that segment ends
    bool log_torn = false;                       // checkpoints.log ends in a partial line
    uint64_t log_valid_size = 0;                 // bytes of checkpoints.log up to its last full line
    std::vector<std::string> recovered_tails;    // *.torn files left by an earlier reopen
};

// Fails only when `dir` cannot be read at all; a damaged log is described in the result.
Result<LoadedStore> load_store(const std::string& dir);

}  // namespace vigie::evidence
