#include "evidence/segment.h"

#include <cstdio>
#include <cstring>
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

SegmentScan scan_segment(std::string_view b) {
    SegmentScan s;
    if (b.size() < kSegmentHeaderSize) {
        s.end = SegmentEnd::Torn;  // a crash right after creating the file
        s.detail = "segment header incomplete (" + std::to_string(b.size()) + " bytes)";
        return s;
    }
    if (b.substr(0, 8) != "VGSEG001" || get<uint32_t>(b.data() + 12) != 0) {
        s.end = SegmentEnd::Damaged;
        s.detail = "segment header is not VGSEG001";
        return s;
    }
    s.segment_no = get<uint32_t>(b.data() + 8);
    size_t pos = kSegmentHeaderSize;
    while (pos < b.size()) {
        s.stop_offset = pos;
        const size_t left = b.size() - pos;
        const char* p = b.data() + pos;
        if (left < 16) {
            s.end = SegmentEnd::Torn;
            s.detail = "frame header cut at end of file";
            return s;
        }
        if (std::memcmp(p, "VGR1", 4) != 0) {
            s.end = SegmentEnd::Damaged;
            s.detail = "no frame marker at offset " + std::to_string(pos);
            return s;
        }
        const uint32_t len = get<uint32_t>(p + 4);
        const size_t total = kFrameOverhead + size_t(len);
        if (len > kMaxRecordSize) {
            s.end = SegmentEnd::Damaged;
            s.detail = "frame at offset " + std::to_string(pos) + " claims " + std::to_string(len) + " bytes";
            return s;
        }
        if (total > left) {
            s.end = SegmentEnd::Torn;
            s.detail = "frame at offset " + std::to_string(pos) + " cut at end of file";
            return s;
        }
        if (crc32_of(std::string_view(p, total - 4)) != get<uint32_t>(p + total - 4)) {
            s.end = total == left ? SegmentEnd::Torn : SegmentEnd::Damaged;
            s.detail = "frame at offset " + std::to_string(pos) + " fails its CRC";
            return s;
        }
        FrameView f;
        f.index = get<uint64_t>(p + 8);
        f.offset = pos;
        f.record = std::string_view(p + 16, len);
        std::memcpy(f.chain.data(), p + 16 + len, 32);
        s.frames.push_back(f);
        pos += total;
    }
    s.stop_offset = pos;
    return s;
}

}  // namespace vigie::evidence
