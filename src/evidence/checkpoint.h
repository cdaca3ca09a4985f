// Signed checkpoints: a statement by the sensor's key that the log held `tree_size`
// records with Merkle root `root_hash` and hash-chain head `chain_head`.
//
// The signed bytes are "vigie-checkpoint-v1\n" followed by the checkpoint JSON
// exactly as stored (one line, keys in the order below), so a verifier never has
// to re-serialise JSON. Stored as one line of evidence/checkpoints.log:
//   <checkpoint JSON> TAB <base64 Ed25519 signature> LF
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "evidence/hash.h"
#include "evidence/keys.h"

namespace vigie::evidence {

struct Checkpoint {
    uint64_t tree_size = 0;
    Digest root{};
    Digest chain_head{};            // chain hash of record tree_size-1 (zeros when empty)
    std::string time;               // UTC, RFC 3339 with seconds: 2024-01-01T12:00:00Z
    std::string sensor_id;
    std::string engine_version;
    std::string key_fingerprint;
};

inline constexpr std::string_view kCheckpointDomain = "vigie-checkpoint-v1\n";

std::string checkpoint_json(const Checkpoint& c);
Result<Checkpoint> parse_checkpoint_json(std::string_view json);

struct SignedCheckpoint {
    Checkpoint cp;
    std::string json;               // the exact signed JSON
    std::array<uint8_t, 64> sig{};
};

SignedCheckpoint sign_checkpoint(const Checkpoint& c, const SigningKey& key);
// One checkpoints.log line (with its LF).
std::string checkpoint_log_line(const SignedCheckpoint& s);
Result<SignedCheckpoint> parse_checkpoint_log_line(std::string_view line);  // without LF
// Signature and key fingerprint check.
Result<void> verify_checkpoint(const SignedCheckpoint& s, const PublicKey& key);

std::string utc_now_rfc3339();

}  // namespace vigie::evidence
