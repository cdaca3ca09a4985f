// TCP stream reassembly, one StreamDir per direction of a session.
//
// In-order bytes go straight from the packet into a chunk. Bytes that arrive past a
// hole wait in an out-of-order window (a ring of StreamConfig::max_ooo_bytes, borrowed
// from a pool bounded by ooo_memcap) until the hole fills, the peer acknowledges past
// the hole, the hole waits gap_timeout_sec, or a segment does not fit the window; then
// the hole is skipped and the next chunk says after_gap.
//
// Offsets: stream offset 0 is the first byte after the SYN (or the first byte seen on
// a midstream pickup). Sequence numbers are compared with serial arithmetic relative
// to next_seq, so wrap-around at 2^32 needs no special case; offsets are 64-bit.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "flow/flow.h"
#include "flow/flow_config.h"
#include "flow/flow_stats.h"

namespace vigie {

constexpr uint16_t kMaxOooRanges = 64;

struct ByteRange {
    uint64_t start, end;  // stream offsets, [start, end)
};

// Out-of-order storage of one direction while it has a hole.
struct OooWindow {
    std::unique_ptr<uint8_t[]> bytes;  // ring: stream offset o lives at o % window size
    ByteRange ranges[kMaxOooRanges];   // sorted, disjoint, non-adjacent, all past next_offset
    uint16_t n_ranges = 0;
    int64_t hole_since_usec = 0;       // packet time the current first hole started waiting
    uint64_t buffered = 0;             // sum of range lengths
};

// Reassembly state of one direction. Lives in the flow slab: reset() keeps the
// look-back capacity so a recycled flow allocates nothing.
struct StreamDir {
    bool active = false;          // base sequence known: data is reassembled
    bool depth_reached = false;
    bool pending_gap = false;     // bytes were skipped: the next chunk is after_gap
    uint64_t pending_gap_bytes = 0;  // how many, since the last chunk
    uint32_t next_seq = 0;        // sequence number of next_offset
    uint64_t next_offset = 0;     // first byte not yet delivered
    int32_t ooo = -1;             // index of the borrowed OooWindow, -1 = none
    std::vector<uint8_t> lookback;  // last <= lookback bytes delivered
};

class Reassembler {
public:
    Reassembler(const StreamConfig& cfg, StreamStats& stats);
    Reassembler(const Reassembler&) = delete;
    Reassembler& operator=(const Reassembler&) = delete;

    // Starts reassembly with `seq` as the sequence number of stream offset 0.
    void start(StreamDir& s, uint32_t seq);
    // A segment of this direction. The returned chunk points into a buffer owned by
    // the Reassembler: valid until the next call on this Reassembler.
    StreamChunk on_segment(StreamDir& s, uint32_t seq, const uint8_t* data, uint32_t len, int64_t now_usec);
    // The other side acknowledged `ack`: if that is past a hole of `s`, the host got bytes
    // we never saw, so the hole is skipped (delivered with the next segment or drain).
    void on_peer_ack(StreamDir& s, uint32_t ack);
    // At flow end: skips the next hole and returns the run behind it; empty when nothing
    // is buffered any more. Call until empty.
    StreamChunk drain_pending(StreamDir& s);
    // Releases the window and forgets the stream, keeping buffer capacity.
    void reset(StreamDir& s);

    uint64_t ooo_bytes_buffered() const { return stats_.ooo_bytes_buffered; }

private:
    enum class Placed { Done, NoFit };
    Placed place(StreamDir& s, uint64_t off, const uint8_t* data, uint32_t len, int64_t now_usec);
    bool insert_ooo(StreamDir& s, OooWindow& w, uint64_t off, const uint8_t* data, uint32_t len);
    void drain(StreamDir& s, int64_t now_usec);
    void skip_to(StreamDir& s, uint64_t target);
    void append(StreamDir& s, const uint8_t* data, uint32_t len);
    void check_overlap_delivered(StreamDir& s, uint64_t off, const uint8_t* data, uint32_t len);
    void reset_chunk() {
        out_len_ = 0, started_ = false, after_gap_ = false, gap_len_ = 0, new_from_ = 0, chunk_offset_ = 0;
    }
    bool has_new() const { return started_ && out_len_ > new_from_; }
    StreamChunk finish(StreamDir& s);
    void release_window(StreamDir& s);
    int32_t acquire_window(int64_t now_usec);
    uint64_t clip_to_depth(uint64_t off, uint64_t len) const;
    void mark_depth(StreamDir& s);

    void ring_write(OooWindow& w, uint64_t off, const uint8_t* src, uint64_t n);
    const uint8_t* ring_span(const OooWindow& w, uint64_t off, uint64_t& n) const;

    const StreamConfig cfg_;
    StreamStats& stats_;
    // Pool of out-of-order windows; allocated on first use, never freed, bounded by
    // ooo_memcap / max_ooo_bytes.
    std::vector<OooWindow> windows_;
    std::vector<int32_t> free_windows_;
    uint32_t max_windows_ = 0;
    // The chunk under construction: look-back + new bytes. Grows to its high-water mark.
    std::vector<uint8_t> out_;
    uint32_t out_len_ = 0;
    bool started_ = false, after_gap_ = false;
    uint64_t gap_len_ = 0;
    uint32_t new_from_ = 0;
    uint64_t chunk_offset_ = 0;
};

}  // namespace vigie
