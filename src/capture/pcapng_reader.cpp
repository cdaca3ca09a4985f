#include "capture/pcapng_reader.h"

#include <algorithm>

#include "capture/byte_order.h"

namespace vigie::capture_detail {

namespace {
constexpr uint32_t kShb = 0x0A0D0D0A;
constexpr uint32_t kIdb = 0x00000001;
constexpr uint32_t kOpb = 0x00000002;  // obsolete Packet Block, still written by old tools
constexpr uint32_t kSpb = 0x00000003;
constexpr uint32_t kEpb = 0x00000006;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr size_t kBlockOverhead = 12;  // type + length + trailing length
constexpr uint16_t kOptEnd = 0, kOptTsResol = 9, kOptTsOffset = 14;

uint64_t pow10(uint8_t e) {
    uint64_t v = 1;
    while (e--) v *= 10;
    return v;
}
}  // namespace

Timestamp pcapng_timestamp(uint64_t units, const TsResolution& res) {
    Timestamp ts;
    if (res.power_of_two) {
        unsigned e = res.exp;
        uint64_t whole = e >= 64 ? 0 : units >> e;
        uint64_t frac = e >= 64 ? units : units & ((uint64_t(1) << e) - 1);
        ts.sec = int64_t(whole);
        ts.nsec = uint32_t((static_cast<unsigned __int128>(frac) * 1000000000u) >> e);
    } else {
        uint64_t per_sec = pow10(res.exp);  // exp <= 19 (checked when read)
        ts.sec = int64_t(units / per_sec);
        uint64_t frac = units % per_sec;
        ts.nsec = res.exp <= 9 ? uint32_t(frac * pow10(uint8_t(9 - res.exp)))
                               : uint32_t(frac / pow10(uint8_t(res.exp - 9)));
    }
    ts.sec += res.offset_sec;
    return ts;
}

Result<std::unique_ptr<CaptureSource>> PcapngReader::open(BlockReader reader, std::string name) {
    const uint8_t* h = reader.peek(kBlockOverhead);
    if (!h || load32(h, false) != kShb) return make_error(name + ": not a pcap or pcapng file");
    uint32_t bom = load32(h + 8, false);
    if (bom != kByteOrderMagic && bom != __builtin_bswap32(kByteOrderMagic))
        return make_error(name + ": not a pcap or pcapng file");
    return std::unique_ptr<CaptureSource>(new PcapngReader(std::move(reader), std::move(name)));
}

bool PcapngReader::damaged(const std::string& why) {
    done_ = true;
    mark_damaged(name_ + ": " + why + " at byte " + std::to_string(r_.offset()) + ", stopped after " +
                 std::to_string(counters_.frames) + " frames");
    return false;
}

bool PcapngReader::read_section_header(const uint8_t* b, uint32_t len) {
    // body: byte-order magic(4) major(2) minor(2) section length(8) options
    if (len < kBlockOverhead + 16) return damaged("section header block too short");
    if (load16(b + 12, swap_) != 1) return damaged("unsupported pcapng major version");
    ifaces_.clear();  // interface ids restart in every section
    return true;
}

bool PcapngReader::read_interface(const uint8_t* b, uint32_t len) {
    // body: linktype(2) reserved(2) snaplen(4) options
    if (len < kBlockOverhead + 8) return damaged("interface description block too short");
    Interface i;
    i.linktype = load16(b + 8, swap_);
    i.snaplen = load32(b + 12, swap_);
    const uint8_t* o = b + 16;
    const uint8_t* end = b + len - 4;
    while (end - o >= 4) {
        uint16_t code = load16(o, swap_);
        uint16_t olen = load16(o + 2, swap_);
        if (code == kOptEnd) break;
        size_t padded = (size_t(olen) + 3u) & ~size_t(3);
        if (size_t(end - o - 4) < padded) break;  // malformed options: keep what we have
        if (code == kOptTsResol && olen == 1) {
            uint8_t v = o[4];
            i.res.power_of_two = (v & 0x80) != 0;
            i.res.exp = v & 0x7f;
            if (!i.res.power_of_two && i.res.exp > 19) return damaged("if_tsresol out of range");
        } else if (code == kOptTsOffset && olen == 8) {
            i.res.offset_sec = int64_t(load64(o + 4, swap_));
        }
        o += 4 + padded;
    }
    ifaces_.push_back(i);
    return true;
}

Result<bool> PcapngReader::next(RawFrame& f) {
    while (!done_) {
        const uint8_t* h = r_.peek(kBlockOverhead);
        if (!h) {
            if (!r_.io_error().empty()) return make_error(name_ + ": read error: " + r_.io_error());
            if (r_.available() == 0) {
                done_ = true;
                return false;
            }
            return damaged("truncated block header");
        }
        uint32_t type = load32(h, swap_);
        if (type == kShb) {
            // The SHB type reads the same in both orders; its body says which one.
            uint32_t bom = load32(h + 8, false);
            if (bom == kByteOrderMagic) swap_ = false;
            else if (bom == __builtin_bswap32(kByteOrderMagic)) swap_ = true;
            else return damaged("bad byte-order magic in section header");
        }
        uint32_t len = load32(h + 4, swap_);
        if (len < kBlockOverhead || len % 4 != 0 || len > BlockReader::kMaxWindow)
            return damaged("bogus block length " + std::to_string(len));
        const uint8_t* b = r_.peek(len);
        if (!b) {
            if (!r_.io_error().empty()) return make_error(name_ + ": read error: " + r_.io_error());
            return damaged("block cut short (" + std::to_string(len) + " bytes announced, " +
                           std::to_string(r_.available()) + " present)");
        }
        if (load32(b + len - 4, swap_) != len) return damaged("block trailer length mismatch");

        const uint8_t* data = nullptr;
        uint32_t caplen = 0, wirelen = 0, iface = 0;
        uint64_t units = 0;
        switch (type) {
        case kShb:
            if (!read_section_header(b, len)) return false;
            break;
        case kIdb:
            if (!read_interface(b, len)) return false;
            break;
        case kEpb:
        case kOpb: {
            // EPB: iface(4) ts_hi(4) ts_lo(4) caplen(4) origlen(4) data
            // OPB: iface(2) drops(2) ts_hi(4) ts_lo(4) caplen(4) len(4) data
            if (len < kBlockOverhead + 20) return damaged("packet block too short");
            iface = type == kEpb ? load32(b + 8, swap_) : load16(b + 8, swap_);
            units = (uint64_t(load32(b + 12, swap_)) << 32) | load32(b + 16, swap_);
            caplen = load32(b + 20, swap_);
            wirelen = load32(b + 24, swap_);
            if (caplen > len - kBlockOverhead - 20) return damaged("packet longer than its block");
            data = b + 28;
            break;
        }
        case kSpb: {
            // SPB: origlen(4) data, on interface 0, no timestamp; the captured
            // length is what fits in the block, clipped to the snaplen.
            if (len < kBlockOverhead + 4) return damaged("simple packet block too short");
            wirelen = load32(b + 8, swap_);
            caplen = std::min<uint32_t>(wirelen, len - kBlockOverhead - 4);
            data = b + 12;
            break;
        }
        default:
            break;  // name resolution, statistics, custom, decryption secrets...
        }
        r_.skip(len);
        if (!data) continue;
        if (iface >= ifaces_.size()) {
            // Cursor already moved past the block: report the damage at its start.
            return damaged("packet on undeclared interface " + std::to_string(iface));
        }
        const Interface& i = ifaces_[iface];
        if (type == kSpb && i.snaplen != 0) caplen = std::min(caplen, i.snaplen);
        f.data = data;
        f.caplen = caplen;
        f.wirelen = wirelen;
        f.ts = type == kSpb ? Timestamp{} : pcapng_timestamp(units, i.res);
        f.linktype = i.linktype;
        f.interface_id = iface;
        count(f);
        return true;
    }
    return false;
}

}  // namespace vigie::capture_detail
