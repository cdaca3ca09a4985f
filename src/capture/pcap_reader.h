// Classic libpcap file format: 24-byte file header, then 16-byte record headers.
// Magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), in either byte order.
#pragma once
#include <string>

#include "capture/block_reader.h"
#include "capture/capture_source.h"

namespace vigie::capture_detail {

class PcapReader final : public CaptureSource {
public:
    // `reader` is positioned at the file header, whose magic was checked.
    static Result<std::unique_ptr<CaptureSource>> open(BlockReader reader, std::string name);

    Result<bool> next(RawFrame& frame) override;
    const char* kind() const override { return "pcap"; }

private:
    PcapReader(BlockReader r, std::string name) : r_(std::move(r)), name_(std::move(name)) {}
    bool damaged(const std::string& why);

    BlockReader r_;
    std::string name_;
    bool swap_ = false;
    bool nano_ = false;
    uint16_t linktype_ = 0;
    uint32_t max_caplen_ = 0;
    uint32_t snaplen_ = 0;  // frames longer than this are clipped, as libpcap does
    bool done_ = false;
};

}  // namespace vigie::capture_detail
