// libFuzzer target: synthetic TCP segments (any flags, sequence numbers, lengths,
// directions, times, a few tuples) fed to a small FlowTable with tight bounds.
//
// Payload byte values are the low byte of their own sequence number, so every chunk
// must read as a run of consecutive byte values: a chunk that does not is
// mis-reassembled. Segments with corrupted bytes switch that check off for the flow.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "flow/flow_table.h"

namespace {

using namespace vigie;

struct Reader {
    const uint8_t* p;
    size_t n;
    uint8_t u8() {
        if (!n) return 0;
        --n;
        return *p++;
    }
    uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
    uint32_t u32() { return uint32_t(u16()) | (uint32_t(u16()) << 16); }
};

void check_chunk(const StreamChunk& c, bool strict) {
    if (c.data == nullptr) {
        if (c.len != 0 || c.new_from != 0) abort();
        return;
    }
    if (c.new_from > c.len) abort();
    if (c.after_gap && c.new_from != 0) abort();  // look-back never crosses a gap
    if (!strict) return;
    for (uint32_t i = 1; i < c.len; ++i)
        if (uint8_t(c.data[i - 1] + 1) != c.data[i]) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Reader in{data, size};
    uint8_t mode = in.u8();
    FlowConfig cfg;
    cfg.max_flows = 1 + (mode & 3);
    cfg.stream.midstream = mode & 4;
    cfg.stream.async_oneside = mode & 8;
    cfg.stream.overlap = (mode & 16) ? OverlapPolicy::Last : OverlapPolicy::First;
    cfg.stream.depth = (mode & 32) ? 3000 : 1 << 20;
    cfg.stream.lookback = (mode & 64) ? 16 : 2048;
    cfg.stream.max_ooo_bytes = 65536;
    cfg.stream.ooo_memcap = 2 * 65536;
    cfg.stream.max_ooo_ranges = 1 + (in.u8() & 7);
    cfg.stream.gap_timeout_sec = 2;
    FlowTable table(cfg);

    // Flows whose bytes were corrupted on purpose: consecutive-value check off.
    std::unordered_map<uint64_t, bool> corrupted;
    table.set_flow_end_callback([&](Flow& f, FlowEndReason) {
        bool strict = !corrupted[f.flow_id];
        for (bool dir : {true, false})
            for (StreamChunk c = table.drain_pending(f, dir); !c.empty(); c = table.drain_pending(f, dir))
                check_chunk(c, strict);
        corrupted.erase(f.flow_id);
    });

    static uint8_t payload[2048];
    uint32_t base_seq[2] = {in.u32(), in.u32()};
    int64_t now = 1000;
    while (in.n > 0) {
        uint8_t op = in.u8();
        uint8_t flags = in.u8();
        bool from_client = op & 1;
        uint16_t cport = 1000 + ((op >> 1) & 3);
        uint32_t seq = base_seq[from_client] + in.u16() - 4096;
        uint32_t ack = base_seq[!from_client] + in.u16() - 4096;
        uint32_t len = (op & 0x80) ? in.u16() % sizeof payload : in.u8();
        if (op & 0x40) now += in.u8() % 8;
        bool corrupt = (op & 0x38) == 0x38;
        // Data on a SYN starts one past the SYN's sequence number.
        uint32_t first = seq + ((flags & tcpflag::SYN) ? 1 : 0);
        for (uint32_t i = 0; i < len; ++i) payload[i] = uint8_t(first + i) ^ (corrupt ? 0x5a : 0);

        Packet p;
        p.ip_version = 4;
        p.ip_proto = 6;
        p.decoded_l4 = true;
        uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
        p.src = IpAddr::v4(from_client ? a : b);
        p.dst = IpAddr::v4(from_client ? b : a);
        p.sp = from_client ? cport : 80;
        p.dp = from_client ? 80 : cport;
        p.tcp_flags = flags;
        p.tcp_seq = seq;
        p.tcp_ack = ack;
        p.payload = payload;
        p.payload_len = len;
        p.caplen = 54 + len;
        p.ts = Timestamp{now, 0};
        FlowLookup r = table.process(p);
        if (!r.flow) abort();
        if (corrupt) corrupted[r.flow->flow_id] = true;
        check_chunk(r.stream, !corrupted[r.flow->flow_id]);
        if (table.active_flows() > cfg.max_flows) abort();
    }
    table.flush_all();
    if (table.active_flows() != 0 || table.stats().tcp.ooo_bytes_buffered != 0) abort();
    return 0;
}
