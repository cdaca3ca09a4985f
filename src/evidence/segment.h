// Segment files of the evidence store: evidence/segment-NNNNNN.vgs.
//
//   header  "VGSEG001" | u32 LE segment number | u32 LE 0          16 bytes
//   frames, back to back:
//     0   "VGR1"
//     4   u32 LE record length L
//     8   u64 LE log index (0-based position of the record in the whole log)
//     16  L record bytes (record.h)
//     16+L  32-byte chain hash = SHA-256(previous chain hash || record bytes);
//           the previous chain hash of record 0 is 32 zero bytes
//     48+L  u32 LE CRC-32 (zlib/ISO-HDLC) of bytes [0, 48+L) of the frame
//
// The CRC tells a torn write (crash) from tampering: a frame cut by the end of the
// last segment, or ending exactly at it with a bad CRC, is a torn tail; anything
// else that does not check is damage. The hashes, not the CRC, prove integrity.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/hash.h"

namespace vigie::evidence {

inline constexpr size_t kSegmentHeaderSize = 16;
inline constexpr size_t kFrameOverhead = 52;
inline constexpr uint32_t kMaxRecordSize = 256u << 20;

std::string segment_header(uint32_t segment_no);
std::string segment_file_name(uint32_t segment_no);  // "segment-000001.vgs"
std::string encode_frame(uint64_t index, std::string_view record, const Digest& chain);
Digest chain_next(const Digest& prev, std::string_view record);

struct FrameView {
    uint64_t index = 0;
    uint64_t offset = 0;       // of the frame in its segment file
    std::string_view record;
    Digest chain{};
};

enum class SegmentEnd {
    Clean,     // every byte belongs to a valid frame
    Torn,      // the last frame is incomplete or its CRC fails and it reaches end of file
    Damaged,   // a frame in the middle does not check, or the header is wrong
};

struct SegmentScan {
    uint32_t segment_no = 0;
    std::vector<FrameView> frames;   // valid frames before the stop point
    SegmentEnd end = SegmentEnd::Clean;
    uint64_t stop_offset = 0;        // where the valid part ends
    std::string detail;              // why it stopped, when not Clean
};

// Frames are checked for framing and CRC only; indices and chain are the caller's.
SegmentScan scan_segment(std::string_view bytes);

// The same checks, one frame at a time, from a segment in memory or in a file. From
// a file, only the current frame is held in memory, so a store of any size is read
// in memory bounded by the largest record.
class SegmentReader {
public:
    explicit SegmentReader(std::string_view bytes) : mem_(bytes), size_(bytes.size()) {}
    SegmentReader() = default;  // then open_file()
    // Opens `path`; false (and detail() says why) when it cannot be read.
    bool open_file(const std::string& path);
    ~SegmentReader();
    SegmentReader(const SegmentReader&) = delete;
    SegmentReader& operator=(const SegmentReader&) = delete;

    // The next valid frame. Its record is valid until the next call (file), or as
    // long as the bytes given (memory). False at the end: see end() and detail().
    bool next(FrameView& f);
    // Reads and checks the segment header (next() does it first if not done):
    // false when the segment ends there.
    bool read_header();
    uint32_t segment_no() const { return segment_no_; }
    SegmentEnd end() const { return end_; }
    const std::string& detail() const { return detail_; }
    uint64_t stop_offset() const { return pos_; }

private:
    // Bytes [off, off+n) (n <= what is left): a view into the segment or the buffer.
    std::string_view read(uint64_t off, size_t n);
    bool stop(SegmentEnd e, std::string why);

    std::string_view mem_;
    int fd_ = -1;
    uint64_t size_ = 0;
    uint64_t pos_ = 0;
    bool started_ = false, done_ = false;
    uint32_t segment_no_ = 0;
    SegmentEnd end_ = SegmentEnd::Clean;
    std::string detail_;
    std::string buf_;
};

}  // namespace vigie::evidence
