// BlockReader: a cursor over capture bytes that hands out contiguous windows.
// Regular files are mmap'd (a window is a pointer into the map, valid for the
// reader's life); pipes and other streams are read in 1 MiB blocks into one
// buffer (a window is valid until the next peek). Memory inputs are borrowed.
// The fast path of peek() is two compares, so record parsers call it per frame.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"

namespace vigie::capture_detail {

class BlockReader {
public:
    // Largest window a stream buffer grows to; bigger records are damage.
    static constexpr size_t kMaxWindow = 64u << 20;

    static Result<BlockReader> open_file(const std::string& path);
    static BlockReader from_memory(const uint8_t* data, size_t len);

    BlockReader() = default;
    BlockReader(BlockReader&& o) noexcept { *this = std::move(o); }
    BlockReader& operator=(BlockReader&& o) noexcept;
    BlockReader(const BlockReader&) = delete;
    BlockReader& operator=(const BlockReader&) = delete;
    ~BlockReader();

    // Pointer to n contiguous bytes at the cursor, or nullptr when fewer than n
    // remain (then available() tells how many do).
    const uint8_t* peek(size_t n) {
        if (n <= end_ - pos_) return base_ + pos_;
        return refill(n);
    }
    // Moves the cursor; only after a successful peek(n) with n >= count.
    void skip(size_t count) {
        pos_ += count;
        if (map_ && pos_ - dropped_ >= kDropEvery) drop_behind();
    }
    size_t available() const { return end_ - pos_; }
    uint64_t offset() const { return consumed_ + pos_; }  // of the cursor, from file start
    const std::string& io_error() const { return io_error_; }

private:
    const uint8_t* refill(size_t n);
    void release();
    // Mapped files: pages far behind the cursor are handed back to the kernel, so a
    // 1 GiB capture does not count as 1 GiB of resident memory. MAP_PRIVATE read-only
    // pages simply fault in again from the file if ever touched, so nothing breaks.
    static constexpr size_t kDropEvery = 32u << 20;
    void drop_behind();
    size_t dropped_ = 0;

    const uint8_t* base_ = nullptr;
    size_t pos_ = 0, end_ = 0;
    uint64_t consumed_ = 0;  // bytes dropped from the front of a stream buffer
    int fd_ = -1;            // >= 0 only in stream mode
    bool eof_ = false;
    void* map_ = nullptr;
    size_t map_len_ = 0;
    std::vector<uint8_t> buf_;
    std::string io_error_;
};

}  // namespace vigie::capture_detail
