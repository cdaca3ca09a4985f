#include "capture/block_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vigie::capture_detail {

namespace {
constexpr size_t kStreamBlock = 1u << 20;
}

Result<BlockReader> BlockReader::open_file(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error("cannot open " + path + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        int e = errno;
        ::close(fd);
        return make_error("cannot open " + path + ": " + std::strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        ::close(fd);
        return make_error("cannot open " + path + ": " + std::strerror(EISDIR));
    }
    BlockReader r;
    if (S_ISREG(st.st_mode)) {
        if (st.st_size > 0) {
            void* m = ::mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
            if (m != MAP_FAILED) {
                ::madvise(m, size_t(st.st_size), MADV_SEQUENTIAL);
                ::close(fd);
                r.map_ = m;
                r.map_len_ = size_t(st.st_size);
                r.base_ = static_cast<const uint8_t*>(m);
                r.end_ = r.map_len_;
                r.eof_ = true;
                return r;
            }
        } else {
            ::close(fd);
            r.eof_ = true;  // empty file: nothing to read
            return r;
        }
    }
    // Pipe, FIFO, character device, or mmap refused: stream in blocks.
    r.fd_ = fd;
    r.buf_.resize(kStreamBlock);
    r.base_ = r.buf_.data();
    return r;
}

BlockReader BlockReader::from_memory(const uint8_t* data, size_t len) {
    BlockReader r;
    r.base_ = data;
    r.end_ = data ? len : 0;
    r.eof_ = true;
    return r;
}

BlockReader& BlockReader::operator=(BlockReader&& o) noexcept {
    if (this == &o) return *this;
    release();
    bool own_buf = o.base_ == o.buf_.data() && !o.buf_.empty();
    buf_ = std::move(o.buf_);
    base_ = own_buf ? buf_.data() : o.base_;
    pos_ = o.pos_;
    end_ = o.end_;
    consumed_ = o.consumed_;
    fd_ = o.fd_;
    eof_ = o.eof_;
    map_ = o.map_;
    map_len_ = o.map_len_;
    dropped_ = o.dropped_;
    io_error_ = std::move(o.io_error_);
    o.fd_ = -1;
    o.map_ = nullptr;
    o.base_ = nullptr;
    o.pos_ = o.end_ = 0;
    return *this;
}

BlockReader::~BlockReader() { release(); }

void BlockReader::release() {
    if (map_) ::munmap(map_, map_len_);
    if (fd_ >= 0) ::close(fd_);
    map_ = nullptr;
    fd_ = -1;
}

void BlockReader::drop_behind() {
    const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    const size_t keep = 4u << 20;  // the current frame and a little history stay mapped
    if (pos_ < keep) return;
    size_t upto = (pos_ - keep) / page * page;
    if (upto > dropped_) {
        ::madvise(static_cast<uint8_t*>(map_) + dropped_, upto - dropped_, MADV_DONTNEED);
        dropped_ = upto;
    }
}

const uint8_t* BlockReader::refill(size_t n) {
    if (eof_ || fd_ < 0 || n > kMaxWindow) return nullptr;
    // Slide the unread tail to the front, grow if one record is bigger than the
    // buffer, then read until n bytes are there or the stream ends.
    size_t tail = end_ - pos_;
    if (pos_ > 0) {
        std::memmove(buf_.data(), buf_.data() + pos_, tail);
        consumed_ += pos_;
        pos_ = 0;
        end_ = tail;
    }
    if (buf_.size() < n) buf_.resize(n);
    base_ = buf_.data();
    while (end_ < n) {
        ssize_t got = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
        if (got < 0) {
            if (errno == EINTR) continue;
            io_error_ = std::strerror(errno);
            eof_ = true;
            break;
        }
        if (got == 0) {
            eof_ = true;
            break;
        }
        end_ += size_t(got);
    }
    return end_ >= n ? base_ : nullptr;
}

}  // namespace vigie::capture_detail
