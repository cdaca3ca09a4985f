// FileTracker: follows one file carried in an HTTP body (EVE `fileinfo`): its full
// size and MD5/SHA-1/SHA-256 as it streams, whatever the inspection limit keeps,
// and whether bytes were lost (gaps) or the file never ended (truncated).
// Memory is constant: three hash contexts, no copy of the data.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace vigie::app::http {

class FileTracker {
public:
    FileTracker();
    ~FileTracker();
    FileTracker(const FileTracker&) = delete;
    FileTracker& operator=(const FileTracker&) = delete;

    void update(const uint8_t* data, size_t len);
    void mark_gap() { gaps_ = true; }
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

private:
    struct Contexts;
    Contexts* ctx_;
    uint64_t size_ = 0;
    bool gaps_ = false, closed_ = false, complete_ = false;
    std::string md5_, sha1_, sha256_;
};

}  // namespace vigie::app::http
