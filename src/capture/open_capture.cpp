// Format detection: the first four bytes name the format.
#include "capture/block_reader.h"
#include "capture/byte_order.h"
#include "capture/capture_source.h"
#include "capture/pcap_reader.h"
#include "capture/pcapng_reader.h"

namespace vigie {

namespace {

Result<std::unique_ptr<CaptureSource>> open_reader(capture_detail::BlockReader r, const std::string& name) {
    using namespace capture_detail;
    const uint8_t* m = r.peek(4);
    if (!m) {
        if (!r.io_error().empty()) return make_error("cannot read " + name + ": " + r.io_error());
        return make_error(name + ": not a pcap or pcapng file");
    }
    uint32_t magic = load32(m, false);
    switch (magic) {
    case 0xa1b2c3d4: case 0xd4c3b2a1:  // pcap, microseconds, both orders
    case 0xa1b23c4d: case 0x4d3cb2a1:  // pcap, nanoseconds, both orders
        return PcapReader::open(std::move(r), name);
    case 0x0A0D0D0A:  // pcapng section header block
        return PcapngReader::open(std::move(r), name);
    default:
        break;
    }
    if (m[0] == 0x1f && m[1] == 0x8b) return make_error(name + ": not a pcap or pcapng file (gzip-compressed)");
    return make_error(name + ": not a pcap or pcapng file");
}

}  // namespace

Result<std::unique_ptr<CaptureSource>> open_capture_file(const std::string& path) {
    auto r = capture_detail::BlockReader::open_file(path);
    if (!r) return Error{r.error()};
    return open_reader(std::move(r.value()), path);
}

Result<std::unique_ptr<CaptureSource>> open_capture_memory(const uint8_t* data, size_t len, const std::string& name) {
    return open_reader(capture_detail::BlockReader::from_memory(data, len), name);
}

}  // namespace vigie
