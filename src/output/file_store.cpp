#include "output/file_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "app/http/http_transaction.h"

namespace vigie::output {

namespace fs = std::filesystem;

// One file being received. The temporary file is created on the first byte (most
// tracked bodies are never stored, but a spool that never opens costs nothing).
class FileStore::Spool final : public app::FileSpool {
public:
    explicit Spool(FileStore& store) : store_(store) {}
    ~Spool() override {
        if (fp_) {
            std::fclose(fp_);
            ::unlink(path_.c_str());
        }
        store_.open_.fetch_sub(1, std::memory_order_relaxed);
    }

    void write(const uint8_t* data, size_t len) override {
        if (failed_ || len == 0) return;
        bytes_ += len;
        if (store_.cfg_.stream_depth && bytes_ > store_.cfg_.stream_depth) {
            store_.depth_hits_.fetch_add(1, std::memory_order_relaxed);
            abandon();
            return;
        }
        if (!fp_ && !create()) return;
        if (std::fwrite(data, 1, len, fp_) != len) fail();
    }

    // Closes the temporary file; its path, or empty when it holds no usable copy.
    std::string finish() {
        if (failed_ || !fp_) return {};
        const bool ok = std::fclose(fp_) == 0;
        fp_ = nullptr;
        if (!ok) {
            store_.write_errors_.fetch_add(1, std::memory_order_relaxed);
            ::unlink(path_.c_str());
            return {};
        }
        return path_;  // the caller renames or unlinks it
    }

private:
    bool create() {
        path_ = store_.tmp_dir_ + "/" + std::to_string(::getpid()) + "." +
                std::to_string(store_.next_tmp_.fetch_add(1, std::memory_order_relaxed));
        fp_ = std::fopen(path_.c_str(), "wbx");
        if (!fp_) {
            fail();
            return false;
        }
        return true;
    }
    void fail() {
        store_.write_errors_.fetch_add(1, std::memory_order_relaxed);
        abandon();
    }
    void abandon() {
        failed_ = true;
        if (fp_) {
            std::fclose(fp_);
            fp_ = nullptr;
            ::unlink(path_.c_str());
        }
    }

    FileStore& store_;
    std::FILE* fp_ = nullptr;
    std::string path_;
    uint64_t bytes_ = 0;
    bool failed_ = false;
};

Result<std::unique_ptr<FileStore>> FileStore::create(const FileStoreConfig& cfg) {
    if (cfg.dir.empty()) return make_error("file-store: no directory");
    std::error_code ec;
    fs::create_directories(fs::path(cfg.dir) / "tmp", ec);
    if (ec) return make_error("file-store: cannot create " + cfg.dir + ": " + ec.message());
    std::unique_ptr<FileStore> s(new FileStore(cfg));
    s->tmp_dir_ = (fs::path(cfg.dir) / "tmp").string();
    return s;
}

FileStore::~FileStore() = default;

std::unique_ptr<app::FileSpool> FileStore::open_spool() {
    if (open_.fetch_add(1, std::memory_order_relaxed) >= cfg_.max_open_files) {
        open_.fetch_sub(1, std::memory_order_relaxed);
        open_limit_hits_.fetch_add(1, std::memory_order_relaxed);
        return nullptr;
    }
    return std::make_unique<Spool>(*this);
}

bool FileStore::keep(Spool& spool, const std::string& sha256) {
    const std::string tmp = spool.finish();
    if (tmp.empty() || sha256.size() != 64) return false;
    const fs::path dir = fs::path(cfg_.dir) / sha256.substr(0, 2);
    const fs::path dest = dir / sha256;
    std::error_code ec;
    fs::create_directories(dir, ec);
    struct stat st;
    if (::stat(dest.c_str(), &st) == 0) {
        // Same name, same content (the name is its hash): keep the first copy.
        ::unlink(tmp.c_str());
        deduplicated_.fetch_add(1, std::memory_order_relaxed);
        return true;
    }
    if (ec || ::rename(tmp.c_str(), dest.c_str()) != 0) {
        ::unlink(tmp.c_str());
        write_errors_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    stored_.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void FileStore::store_tx_files(app::Transaction& tx) {
    if (tx.proto() != app::AppProto::Http) return;  // HTTP bodies are the files Vigie tracks
    auto& http = static_cast<app::HttpTransaction&>(tx);
    app::http::FileTracker* file = http.response_file.get();
    if (!file || !file->spool() || file->stored()) return;
    if (!(cfg_.force || tx.store_files) || !file->complete() || file->size() == 0) return;
    // Only this stage makes spools for the app layer, so the downcast is safe.
    if (keep(*static_cast<Spool*>(file->spool()), file->sha256())) file->mark_stored();
}

FileStoreStats FileStore::stats() const {
    FileStoreStats s;
    s.stored = stored_.load();
    s.deduplicated = deduplicated_.load();
    s.open_limit_hits = open_limit_hits_.load();
    s.depth_hits = depth_hits_.load();
    s.write_errors = write_errors_.load();
    return s;
}

}  // namespace vigie::output
