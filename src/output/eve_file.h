// EveFile: the eve.json file shared by all workers.
// Workers compose whole lines in their own buffers and hand them over in batches,
// so a line is never interleaved with another and a stop at any point leaves
// only complete lines on disk (flush() is called on exit and on SIGINT).
#pragma once
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigie::output {

class EveFile {
public:
    static Result<std::unique_ptr<EveFile>> open(const std::string& path);
    ~EveFile();
    EveFile(const EveFile&) = delete;
    EveFile& operator=(const EveFile&) = delete;

    // Append complete lines (each ending in '\n').
    void write(std::string_view lines);
    void flush();
    uint64_t lines_written() const { return lines_; }

private:
    explicit EveFile(std::FILE* f) : f_(f) {}
    std::mutex mu_;
    std::FILE* f_ = nullptr;
    uint64_t lines_ = 0;
};

// Per-worker staging buffer in front of an EveFile.
class EveBatch {
public:
    explicit EveBatch(EveFile* file, size_t flush_at = 64 * 1024) : file_(file), flush_at_(flush_at) {}
    ~EveBatch() { flush(); }
    void add(std::string_view line) {
        if (!file_) return;
        buf_.append(line);
        if (buf_.size() >= flush_at_) flush();
    }
    void flush() {
        if (file_ && !buf_.empty()) file_->write(buf_);
        buf_.clear();
    }

private:
    EveFile* file_;
    size_t flush_at_;
    std::string buf_;
};

}  // namespace vigie::output
