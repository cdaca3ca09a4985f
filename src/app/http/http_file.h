// FileTracker: follows one file carried in an HTTP body (EVE `fileinfo`): its full
// size and MD5/SHA-1/SHA-256 as it streams, whatever the inspection limit keeps,
// and whether bytes were lost (gaps) or the file never ended (truncated).
// Memory is constant: three hash contexts, no copy of the data. With a spool (see
// app/file_spool.h) the bytes also stream to it, so the file can be stored.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "app/file_spool.h"

namespace vigie::app::http {

class FileTracker {
public:
    explicit FileTracker(std::unique_ptr<FileSpool> spool = nullptr);
    ~FileTracker();
    FileTracker(const FileTracker&) = delete;
    FileTracker& operator=(const FileTracker&) = delete;

    void update(const uint8_t* data, size_t len);
    // `len` bytes of the file were lost (a hole in the stream): they count in its size.
    void add_missing(uint64_t len) {
        if (!closed_) size_ += len;
    }
    // Bytes were lost: the hashes and any stored copy would be of another file.
    void mark_gap() {
        gaps_ = true;
        spool_.reset();
    }
    // The body ended; `complete` is false when it was cut (flow end, gap, bad framing).
    void close(bool complete);

    uint64_t size() const { return size_; }
    bool gaps() const { return gaps_; }
    bool closed() const { return closed_; }
    bool complete() const { return complete_; }
    // Lower-case hex digests; empty unless the file closed complete and without gaps.
    const std::string& md5() const { return md5_; }
    const std::string& sha1() const { return sha1_; }
    const std::string& sha256() const { return sha256_; }

    // The spool holding the file's bytes, while it may still be stored (null when
    // storing was not asked for, could not start, or the file has gaps).
    FileSpool* spool() const { return spool_.get(); }
    // Set by output once the file is in the file store (EVE fileinfo `stored`).
    void mark_stored() { stored_ = true; }
    bool stored() const { return stored_; }

private:
    struct Contexts;
    Contexts* ctx_;
    uint64_t size_ = 0;
    std::unique_ptr<FileSpool> spool_;
    bool gaps_ = false, closed_ = false, complete_ = false, stored_ = false;
    std::string md5_, sha1_, sha256_;
};

}  // namespace vigie::app::http
