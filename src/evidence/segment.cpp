#include "evidence/segment.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace vigie::evidence {

namespace {
uint32_t crc32_of(std::string_view b) {
    return uint32_t(::crc32(0L, reinterpret_cast<const Bytef*>(b.data()), uInt(b.size())));
}
template <typename T>
T get(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
template <typename T>
void put(std::string& o, T v) {
    o.append(reinterpret_cast<const char*>(&v), sizeof v);
}
}  // namespace

std::string segment_header(uint32_t segment_no) {
    std::string h = "VGSEG001";
    put<uint32_t>(h, segment_no);
    put<uint32_t>(h, 0);
    return h;
}

std::string segment_file_name(uint32_t segment_no) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "segment-%06u.vgs", segment_no);
    return buf;
}

Digest chain_next(const Digest& prev, std::string_view record) { return Sha256().update(prev).update(record).final(); }

std::string encode_frame(uint64_t index, std::string_view record, const Digest& chain) {
    std::string f;
    f.reserve(kFrameOverhead + record.size());
    f.append("VGR1");
    put<uint32_t>(f, uint32_t(record.size()));
    put<uint64_t>(f, index);
    f.append(record);
    f.append(reinterpret_cast<const char*>(chain.data()), chain.size());
    put<uint32_t>(f, crc32_of(f));
    return f;
}

SegmentReader::~SegmentReader() {
    if (fd_ >= 0) ::close(fd_);
}

bool SegmentReader::open_file(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) return stop(SegmentEnd::Damaged, "cannot read " + path + ": " + std::strerror(errno));
    size_ = uint64_t(st.st_size);
    return true;
}

std::string_view SegmentReader::read(uint64_t off, size_t n) {
    if (fd_ < 0) return mem_.substr(size_t(off), n);
    buf_.resize(n);
    size_t got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd_, buf_.data() + got, n - got, off_t(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += size_t(r);
    }
    buf_.resize(got);  // short only if the file shrank under us: the checks below see it
    return buf_;
}

bool SegmentReader::stop(SegmentEnd e, std::string why) {
    done_ = true;
    end_ = e;
    detail_ = std::move(why);
    return false;
}

bool SegmentReader::read_header() {
    if (done_) return false;
    if (started_) return true;
    started_ = true;
    if (size_ < kSegmentHeaderSize)  // a crash right after creating the file
        return stop(SegmentEnd::Torn, "segment header incomplete (" + std::to_string(size_) + " bytes)");
    const std::string_view h = read(0, kSegmentHeaderSize);
    if (h.size() < kSegmentHeaderSize || h.substr(0, 8) != "VGSEG001" || get<uint32_t>(h.data() + 12) != 0)
        return stop(SegmentEnd::Damaged, "segment header is not VGSEG001");
    segment_no_ = get<uint32_t>(h.data() + 8);
    pos_ = kSegmentHeaderSize;
    return true;
}

bool SegmentReader::next(FrameView& f) {
    if (!read_header()) return false;
    if (pos_ >= size_) {
        done_ = true;
        return false;
    }
    const uint64_t left = size_ - pos_;
    if (left < 16) return stop(SegmentEnd::Torn, "frame header cut at end of file");
    const std::string_view head = read(pos_, 16);
    if (head.size() < 16 || std::memcmp(head.data(), "VGR1", 4) != 0)
        return stop(SegmentEnd::Damaged, "no frame marker at offset " + std::to_string(pos_));
    const uint32_t len = get<uint32_t>(head.data() + 4);
    const uint64_t total = kFrameOverhead + uint64_t(len);
    if (len > kMaxRecordSize)
        return stop(SegmentEnd::Damaged,
                    "frame at offset " + std::to_string(pos_) + " claims " + std::to_string(len) + " bytes");
    if (total > left) return stop(SegmentEnd::Torn, "frame at offset " + std::to_string(pos_) + " cut at end of file");
    const std::string_view fr = read(pos_, size_t(total));
    if (fr.size() != total || crc32_of(fr.substr(0, size_t(total) - 4)) != get<uint32_t>(fr.data() + total - 4))
        return stop(total == left ? SegmentEnd::Torn : SegmentEnd::Damaged,
                    "frame at offset " + std::to_string(pos_) + " fails its CRC");
    f.index = get<uint64_t>(fr.data() + 8);
    f.offset = pos_;
    f.record = fr.substr(16, len);
    std::memcpy(f.chain.data(), fr.data() + 16 + len, 32);
    pos_ += total;
    return true;
}

SegmentScan scan_segment(std::string_view b) {
    SegmentScan s;
    SegmentReader r(b);
    FrameView f;
    while (r.next(f)) s.frames.push_back(f);
    s.segment_no = r.segment_no();
    s.end = r.end();
    s.detail = r.detail();
    s.stop_offset = r.stop_offset();
    return s;
}

}  // namespace vigie::evidence
