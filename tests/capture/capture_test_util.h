// Builders for capture files in memory: tests describe records, these lay out
// the bytes (in either byte order) so each test reads like the file it makes.
#pragma once
#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace vigie::test {

class Bytes {
public:
    explicit Bytes(bool big_endian = false) : be_(big_endian) {}
    Bytes& u8(uint8_t v) { b_.push_back(v); return *this; }
    Bytes& u16(uint16_t v) { return be_ ? u8(v >> 8).u8(uint8_t(v)) : u8(uint8_t(v)).u8(v >> 8); }
    Bytes& u32(uint32_t v) { return be_ ? u16(v >> 16).u16(uint16_t(v)) : u16(uint16_t(v)).u16(v >> 16); }
    Bytes& raw(const std::vector<uint8_t>& v) { b_.insert(b_.end(), v.begin(), v.end()); return *this; }
    Bytes& pad4() { while (b_.size() % 4) b_.push_back(0); return *this; }
    size_t size() const { return b_.size(); }
    std::vector<uint8_t>& vec() { return b_; }

private:
    bool be_;
    std::vector<uint8_t> b_;
};

struct PcapRecord {
    uint32_t sec, frac;
    std::vector<uint8_t> data;
    uint32_t wirelen = 0;  // 0 = data.size()
};

inline std::vector<uint8_t> make_pcap(bool big_endian, bool nano, uint32_t linktype,
                                      const std::vector<PcapRecord>& recs) {
    Bytes b(big_endian);
    b.u32(nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(linktype);
    for (const auto& r : recs)
        b.u32(r.sec).u32(r.frac).u32(uint32_t(r.data.size())).u32(r.wirelen ? r.wirelen : uint32_t(r.data.size()))
            .raw(r.data);
    return b.vec();
}

// pcapng blocks: each function appends one complete block.
struct Pcapng {
    explicit Pcapng(bool big_endian = false) : b(big_endian) {}
    Bytes b;
    Pcapng& shb() {
        b.u32(0x0A0D0D0A).u32(28).u32(0x1A2B3C4D).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).u32(28);
        return *this;
    }
    // tsresol < 0: no option
    Pcapng& idb(uint16_t linktype, int tsresol = -1) {
        uint32_t len = 20 + (tsresol >= 0 ? 12 : 0);
        b.u32(1).u32(len).u16(linktype).u16(0).u32(65535);
        if (tsresol >= 0) b.u16(9).u16(1).u8(uint8_t(tsresol)).u8(0).u8(0).u8(0).u16(0).u16(0);
        b.u32(len);
        return *this;
    }
    Pcapng& epb(uint32_t iface, uint64_t ts, const std::vector<uint8_t>& data, uint32_t wirelen = 0) {
        uint32_t len = 32 + uint32_t((data.size() + 3) & ~size_t(3));
        b.u32(6).u32(len).u32(iface).u32(uint32_t(ts >> 32)).u32(uint32_t(ts)).u32(uint32_t(data.size()))
            .u32(wirelen ? wirelen : uint32_t(data.size())).raw(data).pad4().u32(len);
        return *this;
    }
    Pcapng& spb(const std::vector<uint8_t>& data) {
        uint32_t len = 16 + uint32_t((data.size() + 3) & ~size_t(3));
        b.u32(3).u32(len).u32(uint32_t(data.size())).raw(data).pad4().u32(len);
        return *this;
    }
    Pcapng& unknown_block(uint32_t type) {
        b.u32(type).u32(16).u32(0xdeadbeef).u32(16);
        return *this;
    }
    std::vector<uint8_t>& vec() { return b.vec(); }
};

// A file under the test's temp dir, removed at scope exit.
struct TempFile {
    std::string path;
    explicit TempFile(const std::vector<uint8_t>& bytes, const std::string& name = "capture.bin") {
        // The pid keeps tests run in parallel processes (ctest -j) off each other's
        // files: a file rewritten while another test has it mapped raises SIGBUS.
        path = ::testing::TempDir() + "/vigie_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++) +
               "_" + name;
        FILE* f = std::fopen(path.c_str(), "wb");
        if (f) {
            if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
            std::fclose(f);
        }
    }
    ~TempFile() { std::remove(path.c_str()); }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

}  // namespace vigie::test
