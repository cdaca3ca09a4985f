#include "capture/pcap_reader.h"

#include <algorithm>

#include "capture/byte_order.h"

namespace vigie::capture_detail {

namespace {
constexpr uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr uint32_t kMagicNano = 0xa1b23c4d;
constexpr size_t kFileHeader = 24;
constexpr size_t kRecordHeader = 16;
// libpcap refuses records above max(snaplen, 256 KiB); anything bigger is a
// garbage length, not a frame.
constexpr uint32_t kMinCaplenLimit = 262144;
}  // namespace

Result<std::unique_ptr<CaptureSource>> PcapReader::open(BlockReader reader, std::string name) {
    const uint8_t* h = reader.peek(kFileHeader);
    if (!h) return make_error(name + ": truncated pcap file header");
    uint32_t magic = load32(h, false);
    std::unique_ptr<PcapReader> src(new PcapReader(std::move(reader), std::move(name)));
    if (magic == kMagicMicro || magic == kMagicNano) {
        src->swap_ = false;
    } else if (magic == __builtin_bswap32(kMagicMicro) || magic == __builtin_bswap32(kMagicNano)) {
        src->swap_ = true;
    } else {
        return make_error(src->name_ + ": not a pcap or pcapng file");
    }
    src->nano_ = load32(h, src->swap_) == kMagicNano;
    uint32_t snaplen = load32(h + 16, src->swap_);
    // The link-type field carries FCS flags in its top bits; the type is the low 16.
    src->linktype_ = uint16_t(load32(h + 20, src->swap_) & 0xffff);
    src->max_caplen_ = std::max(snaplen, kMinCaplenLimit);
    // libpcap (hence Suricata) reports at most `snaplen` bytes of a longer
    // record and skips the rest; an unset or huge snaplen means no limit.
    src->snaplen_ = (snaplen == 0 || snaplen > kMinCaplenLimit) ? kMinCaplenLimit : snaplen;
    src->r_.skip(kFileHeader);
    return std::unique_ptr<CaptureSource>(std::move(src));
}

bool PcapReader::damaged(const std::string& why) {
    done_ = true;
    mark_damaged(name_ + ": " + why + " at byte " + std::to_string(r_.offset()) + ", stopped after " +
                 std::to_string(counters_.frames) + " frames");
    return false;
}

Result<bool> PcapReader::next(RawFrame& f) {
    if (done_) return false;
    const uint8_t* h = r_.peek(kRecordHeader);
    if (!h) {
        if (!r_.io_error().empty()) return make_error(name_ + ": read error: " + r_.io_error());
        if (r_.available() == 0) {
            done_ = true;
            return false;
        }
        return damaged("truncated record header");
    }
    uint32_t caplen = load32(h + 8, swap_);
    if (caplen > max_caplen_) return damaged("bogus record length " + std::to_string(caplen));
    const uint8_t* rec = r_.peek(kRecordHeader + caplen);
    if (!rec) {
        if (!r_.io_error().empty()) return make_error(name_ + ": read error: " + r_.io_error());
        return damaged("record cut short (" + std::to_string(caplen) + " bytes announced, " +
                       std::to_string(r_.available() - kRecordHeader) + " present)");
    }
    uint64_t sec = load32(rec, swap_);
    uint64_t frac = load32(rec + 4, swap_);
    uint64_t nsec = nano_ ? frac : frac * 1000;
    // Writers sometimes leave frac >= 1 s; carry it instead of producing nsec > 1e9.
    sec += nsec / 1000000000u;
    f.ts.sec = int64_t(sec);
    f.ts.nsec = uint32_t(nsec % 1000000000u);
    f.caplen = std::min(caplen, snaplen_);
    f.wirelen = load32(rec + 12, swap_);
    f.data = rec + kRecordHeader;
    f.linktype = linktype_;
    f.interface_id = 0;
    r_.skip(kRecordHeader + caplen);
    count(f);
    return true;
}

}  // namespace vigie::capture_detail
