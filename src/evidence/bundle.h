// Evidence bundles (.vgb): a self-contained, offline-verifiable extract of the store.
// A canonical ustar archive (tar.h) with these members, in this order:
//   manifest.json       {"format":"vigie-bundle/1","key_fingerprint":..,"members":[{name,size,sha256}...]}
//                       listing every other member in order
//   sensor.pub          the 32-byte Ed25519 public key
//   checkpoint.json     a signed checkpoint, the exact signed JSON (checkpoint.h)
//   checkpoint.sig      its signature, base64 and LF
//   proofs.json         {"tree_size":N,"records":[{"log_index","file","record_sha256","leaf_hash","audit_path":[..]}]}
//   records/<20-digit log index>.rec   each record's bytes (record.h), increasing index
//   packets.pcapng      the records' PCAP sections concatenated, in record order
//   alerts.json         the records' ALRT sections concatenated
//   rules.rules         the records' RULE lines, each distinct line once, first-seen order
// The last three are conveniences derived from the records; the verifier rebuilds
// them and requires identical bytes. Full description: docs/evidence.md.
#pragma once
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "evidence/keys.h"
#include "evidence/pcapng.h"
#include "evidence/store_reader.h"

namespace vigie::evidence {

struct ExportQuery {
    std::string alert_id;                 // vigie.evidence.id ("<16 hex>.<n>") or a record SHA-256 prefix
    std::optional<uint64_t> flow_id;
    std::optional<double> since, until;   // seconds since the epoch, alert timestamps
};

struct ExportSummary {
    uint64_t records = 0, alerts = 0, packets = 0, tree_size = 0;
};

// Writes a bundle of the store in `dir` to `out`. The store is streamed twice (choose
// and hash, then copy the chosen records), so memory does not grow with the store
// or the bundle: it holds the chosen records' places, their proofs and the rule
// lines. Fails (one line) when nothing matches, when a selected record is not yet
// covered by a signed checkpoint, or when the store's own checkpoint does not
// verify with its sensor.pub; `out` then holds a partial bundle.
Result<ExportSummary> export_bundle(const std::string& dir, const ExportQuery& q, std::ostream& out);

struct BundleAlert {
    uint32_t gid = 1, sid = 0;
    uint64_t pcap_cnt = 0;                // 0: raised at flow end, on no captured packet
    bool threshold_across_flows = false;  // rule counts hits across flows (set by the replay)
};

struct VerifiedBundle {
    uint64_t tree_size = 0;
    std::string checkpoint_time, sensor_id, engine_version, key_fingerprint;
    std::vector<uint64_t> log_indices;
    std::vector<EvidenceFrame> frames;    // all records' packets, by pcap_cnt, each once
    std::vector<BundleAlert> alerts;
    std::string rules;                    // rules.rules
    std::string replay_json;              // META "replay" of the first record
    uint64_t packets_dropped = 0;         // packets the records say they could not keep
};

// Checks everything but the replay; the error names the first broken link.
Result<VerifiedBundle> verify_bundle(std::string_view bytes, const PublicKey& key);

// "2024-01-01T12:00:00", with optional fraction and "Z"/"+0000", or epoch seconds.
std::optional<double> parse_time_arg(std::string_view text);

std::string record_member_name(uint64_t log_index);

}  // namespace vigie::evidence
