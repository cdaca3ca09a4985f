// Adds vigie.evidence to a finished EVE alert line. Vigie's own fields live under
// the top-level "vigie" object (which format_alert may already have opened for
// rule_action), so the line still validates against Suricata's EVE schema.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "evidence/hash.h"

namespace vigie::evidence {

// `line` is one JSON object, optionally followed by '\n' (kept). The evidence object
// is {"id": id, "record_sha256": hex, "log_index": n}.
std::string add_evidence_member(std::string_view line, std::string_view id, const Digest& record_sha256,
                                uint64_t log_index);

// The alert id named in vigie.evidence.id: the first 16 hex digits of the record's
// SHA-256, a dot, and the alert's position in the record (0-based).
std::string alert_evidence_id(const Digest& record_sha256, size_t position);

}  // namespace vigie::evidence
