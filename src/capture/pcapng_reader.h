// pcapng: a sequence of blocks (type, total length, body, total length again).
// Sections start with a Section Header Block that fixes the byte order; each
// Interface Description Block declares one interface (link type, timestamp
// resolution), and packets (EPB, SPB, obsolete PB) name their interface, so one
// file can mix link types. Unknown blocks are skipped.
#pragma once
#include <string>
#include <vector>

#include "capture/block_reader.h"
#include "capture/capture_source.h"

namespace vigie::capture_detail {

// How an interface's 64-bit timestamps are scaled (if_tsresol) and shifted
// (if_tsoffset, seconds).
struct TsResolution {
    bool power_of_two = false;  // units of 2^-exp seconds, else 10^-exp
    uint8_t exp = 6;
    int64_t offset_sec = 0;
};
Timestamp pcapng_timestamp(uint64_t units, const TsResolution& res);

class PcapngReader final : public CaptureSource {
public:
    static Result<std::unique_ptr<CaptureSource>> open(BlockReader reader, std::string name);

    Result<bool> next(RawFrame& frame) override;
    const char* kind() const override { return "pcapng"; }

private:
    struct Interface {
        uint16_t linktype = 0;
        uint32_t snaplen = 0;
        TsResolution res;
    };

    PcapngReader(BlockReader r, std::string name) : r_(std::move(r)), name_(std::move(name)) {}
    bool damaged(const std::string& why);
    bool read_section_header(const uint8_t* b, uint32_t len);
    bool read_interface(const uint8_t* b, uint32_t len);

    BlockReader r_;
    std::string name_;
    bool swap_ = false;
    bool done_ = false;
    std::vector<Interface> ifaces_;  // of the current section
};

}  // namespace vigie::capture_detail
