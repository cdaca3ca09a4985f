// Reading an evidence store directory: every segment (in number order), the chain
// checked record by record, and checkpoints.log parsed. Shared by the writer (to
// reopen after a run or a crash), `vigie evidence export` and `vigie verify --store`.
// The store is streamed: records are handed to a visitor one at a time, read from
// the segment files frame by frame, so memory is bounded by the largest record
// (plus the checkpoint list) whatever the size of the store.
#pragma once
#include <cstdint>
#include <functional>
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
    uint64_t offset = 0;       // of the frame in its segment file
    std::string_view record;   // valid during the visitor call only
    Digest chain{};
};

// What a scan found, apart from the records themselves.
struct StoreScan {
    std::string dir;
    std::vector<std::string> segment_names;      // in order
    uint64_t records = 0;                        // the valid, chained prefix of the log
    Digest chain_head{};                         // chain hash of the last valid record
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

// Called for each valid record, in log order.
using RecordVisitor = std::function<void(const StoreRecord&)>;

// Reads checkpoints.log first (so the visitor's owner may look at `checkpoints`
// through `before_records`), then streams the records. Fails only when `dir` cannot
// be read at all; a damaged log is described in the result.
Result<StoreScan> scan_store(const std::string& dir, const RecordVisitor& visit,
                             const std::function<void(const StoreScan&)>& before_records = {});

// A record of a store read again by its place (export's second pass). Fails when
// the frame there is not that record any more.
Result<std::string> read_record_at(const std::string& dir, uint32_t segment_no, uint64_t offset, uint64_t index);

}  // namespace vigie::evidence
