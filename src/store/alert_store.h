// The alert store: opens (and migrates) the database, registers captures and inserts
// alerts through one prepared statement inside explicit transactions. Inserting an
// alert already present (same capture, same identity) is a no-op: re-ingesting
// never double-counts.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "common/result.h"
#include "store/alert_row.h"
#include "store/sqlite_db.h"

namespace vigie::store {

struct CaptureInfo {
    std::string sha256;     // identity of the capture (or EVE file)
    std::string kind;       // "pcap", "eve", "live"
    std::string path;
    std::optional<int64_t> packets;
};

class AlertStore {
public:
    static Result<std::unique_ptr<AlertStore>> open(const std::string& path);

    // The capture's row id, created on first sight; packets updated when given.
    Result<int64_t> capture(const CaptureInfo& c);
    Result<void> begin();
    Result<void> commit();
    // True when inserted, false when the alert was already stored.
    Result<bool> insert(int64_t capture_id, const AlertRow& r);
    // Recomputes the capture's alert count and first/last seen from its alerts.
    Result<void> refresh_capture(int64_t capture_id);

    Db& db() { return *db_; }

private:
    std::unique_ptr<Db> db_;
    Stmt insert_;
    Stmt insert_sighting_;
};

}  // namespace vigie::store
