// `vigie verify --store`: a whole store checked offline against the sensor's public
// key: chain continuity record by record, every checkpoint (signature, key, tree
// size, Merkle root, chain head). A torn tail from a crash is reported apart from
// damage: the records before it are checked as usual.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "evidence/keys.h"

namespace vigie::evidence {

struct StoreVerifyReport {
    enum class Status { Valid, Incomplete, Invalid } status = Status::Valid;
    // Invalid: the first broken link. Incomplete (a crash): the torn tail and/or the
    // records not yet signed; every complete record before it was checked.
    std::string problem;
    std::vector<std::string> notes;    // things a reader should know that are not failures
    uint64_t records = 0;              // valid records
    uint64_t checkpoints = 0;          // checkpoints verified
    uint64_t signed_records = 0;       // records covered by the last valid checkpoint
};

StoreVerifyReport verify_store(const std::string& dir, const PublicKey& key);

}  // namespace vigie::evidence
