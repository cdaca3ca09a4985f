// Loads the alerts of an EVE file (Vigie's or Suricata's, one JSON per line) into
// the store, enriched. Non-alert events are skipped and counted; a bad line is
// reported as file:line: reason and skipped, and the rest is loaded.
#pragma once
#include <cstdio>
#include <string>

#include "common/result.h"
#include "intel/enricher.h"
#include "store/alert_store.h"

namespace vigie::store {

struct IngestReport {
    uint64_t lines = 0;
    uint64_t alerts = 0;        // alert records read
    uint64_t inserted = 0;      // new in the store
    uint64_t duplicates = 0;    // already stored (re-ingest)
    uint64_t other_events = 0;  // non-alert records, skipped
    uint64_t bad_lines = 0;
    uint64_t targets_unknown = 0;  // alerts whose target matched no asset
    double seconds = 0;            // parse + enrich + insert
    std::string capture_sha256;
};

// `cap.sha256` empty: the SHA-256 of the EVE file itself is the capture identity.
// Bad lines are written to `diag` (may be null). `enricher` may be null.
Result<IngestReport> ingest_eve_file(AlertStore& store, intel::Enricher* enricher, const std::string& path,
                                     CaptureInfo cap, std::FILE* diag);

// Hex SHA-256 of a file's content.
Result<std::string> file_sha256(const std::string& path);

// Fills the enrichment columns of `r` (attacker country/AS, target asset).
void enrich(intel::Enricher& e, AlertRow& r);

}  // namespace vigie::store
