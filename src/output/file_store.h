// FileStore: files seen in traffic, kept on disk by content (Suricata's file-store
// v2 layout): DIR/ab/abcdef... named by the SHA-256 of the whole file, so a file seen
// a thousand times is stored once and a stored file can be checked against its name.
//
// Bytes stream to a temporary file under DIR/tmp while the transaction runs (the app
// layer writes through app::FileSpool); when the transaction is logged, a file that a
// filestore rule matched (or every file, with force) and that arrived complete is
// renamed into place, and any other temporary file is deleted. Thread-safe: workers
// share one FileStore.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "app/file_spool.h"
#include "app/transaction.h"
#include "common/result.h"

namespace vigie::output {

struct FileStoreConfig {
    std::string dir;                  // the store's root (created)
    bool force = false;               // keep every complete file, not only filestore matches
    uint64_t stream_depth = 0;        // bytes a stored file may have; bigger files are not kept (0: no bound)
    uint32_t max_open_files = 1024;   // temporary files open at once; beyond, files are not spooled
};

struct FileStoreStats {
    uint64_t stored = 0;              // files written into the store
    uint64_t deduplicated = 0;        // kept, and already in the store (same SHA-256)
    uint64_t open_limit_hits = 0;     // files not spooled: max_open_files reached
    uint64_t depth_hits = 0;          // files not kept: bigger than stream_depth
    uint64_t write_errors = 0;        // disk errors (full disk, permissions): the file is not kept
};

class FileStore final : public app::FileSpoolFactory {
public:
    static Result<std::unique_ptr<FileStore>> create(const FileStoreConfig& cfg);
    ~FileStore() override;

    std::unique_ptr<app::FileSpool> open_spool() override;

    // Stores the finished transaction's files that were asked for (tx.store_files or
    // force) and marks each stored one; called once, before the transaction is logged.
    void store_tx_files(app::Transaction& tx);

    FileStoreStats stats() const;
    const FileStoreConfig& config() const { return cfg_; }

private:
    class Spool;
    explicit FileStore(FileStoreConfig cfg) : cfg_(std::move(cfg)) {}
    // Moves a complete spool to DIR/ab/<sha256>; true when the content is in the store.
    bool keep(Spool& spool, const std::string& sha256);

    FileStoreConfig cfg_;
    std::string tmp_dir_;
    std::atomic<uint64_t> next_tmp_{0};
    std::atomic<uint32_t> open_{0};
    std::atomic<uint64_t> stored_{0}, deduplicated_{0}, open_limit_hits_{0}, depth_hits_{0}, write_errors_{0};
};

}  // namespace vigie::output
