#include "flow/reassembly.h"

#include <algorithm>
#include <cstring>

namespace vigie {
namespace {

inline int32_t seq_diff(uint32_t a, uint32_t b) { return int32_t(a - b); }

}  // namespace

Reassembler::Reassembler(const StreamConfig& cfg, StreamStats& stats) : cfg_(cfg), stats_(stats) {
    uint64_t n = cfg_.max_ooo_bytes ? cfg_.ooo_memcap / cfg_.max_ooo_bytes : 0;
    max_windows_ = uint32_t(std::min<uint64_t>(n, 1u << 20));
    // Window metadata is small; reserving it keeps OooWindow references stable.
    windows_.reserve(max_windows_);
    out_.resize(size_t(cfg_.lookback) + 65536 + 4096);
}

void Reassembler::start(StreamDir& s, uint32_t seq) {
    reset(s);
    s.active = true;
    s.next_seq = seq;
    s.next_offset = 0;
    if (s.lookback.capacity() < cfg_.lookback) s.lookback.reserve(cfg_.lookback);
}

void Reassembler::reset(StreamDir& s) {
    release_window(s);
    s.active = s.depth_reached = s.pending_gap = false;
    s.pending_gap_bytes = 0;
    s.next_seq = 0;
    s.next_offset = 0;
    s.lookback.clear();
}

int32_t Reassembler::acquire_window(int64_t now_usec) {
    int32_t idx;
    if (!free_windows_.empty()) {
        idx = free_windows_.back();
        free_windows_.pop_back();
    } else if (windows_.size() < max_windows_) {
        idx = int32_t(windows_.size());
        windows_.emplace_back();
        windows_.back().bytes = std::make_unique<uint8_t[]>(cfg_.max_ooo_bytes);
        ++stats_.ooo_window_allocs;
    } else {
        ++stats_.ooo_memcap_hits;
        return -1;
    }
    OooWindow& w = windows_[size_t(idx)];
    w.n_ranges = 0;
    w.buffered = 0;
    w.hole_since_usec = now_usec;
    return idx;
}

void Reassembler::release_window(StreamDir& s) {
    if (s.ooo < 0) return;
    stats_.ooo_bytes_buffered -= windows_[size_t(s.ooo)].buffered;
    free_windows_.push_back(s.ooo);
    s.ooo = -1;
}

void Reassembler::ring_write(OooWindow& w, uint64_t off, const uint8_t* src, uint64_t n) {
    uint64_t pos = off % cfg_.max_ooo_bytes;
    uint64_t first = std::min<uint64_t>(n, cfg_.max_ooo_bytes - pos);
    std::memcpy(w.bytes.get() + pos, src, first);
    if (n > first) std::memcpy(w.bytes.get(), src + first, n - first);
}

// Contiguous part of the ring starting at `off`: shortens `n` to what does not wrap.
const uint8_t* Reassembler::ring_span(const OooWindow& w, uint64_t off, uint64_t& n) const {
    uint64_t pos = off % cfg_.max_ooo_bytes;
    n = std::min<uint64_t>(n, cfg_.max_ooo_bytes - pos);
    return w.bytes.get() + pos;
}

uint64_t Reassembler::clip_to_depth(uint64_t off, uint64_t len) const {
    if (cfg_.depth == 0) return len;
    if (off >= cfg_.depth) return 0;
    return std::min(len, cfg_.depth - off);
}

void Reassembler::mark_depth(StreamDir& s) {
    if (s.depth_reached) return;
    s.depth_reached = true;
    ++stats_.depth_reached;
    release_window(s);
}

void Reassembler::append(StreamDir& s, const uint8_t* data, uint32_t len) {
    if (len == 0) return;
    if (!started_) {
        started_ = true;
        if (s.pending_gap) {
            // Look-back bytes are not contiguous with what follows a gap.
            after_gap_ = true;
            gap_len_ = s.pending_gap_bytes;
            s.pending_gap = false;
            s.pending_gap_bytes = 0;
            s.lookback.clear();
        }
        uint32_t lb = uint32_t(s.lookback.size());
        if (lb) std::memcpy(out_.data(), s.lookback.data(), lb);
        out_len_ = new_from_ = lb;
        chunk_offset_ = s.next_offset - lb;
    }
    if (size_t(out_len_) + len > out_.size()) out_.resize(size_t(out_len_) + len);  // high-water growth only
    std::memcpy(out_.data() + out_len_, data, len);
    out_len_ += len;
    s.next_offset += len;
    s.next_seq += len;
    stats_.bytes_delivered += len;
    if (cfg_.depth && s.next_offset >= cfg_.depth) mark_depth(s);
}

StreamChunk Reassembler::finish(StreamDir& s) {
    if (!has_new()) return {};
    uint32_t keep = std::min<uint32_t>(cfg_.lookback, out_len_);
    s.lookback.assign(out_.data() + out_len_ - keep, out_.data() + out_len_);
    ++stats_.chunks;
    StreamChunk c;
    c.data = out_.data();
    c.len = out_len_;
    c.new_from = new_from_;
    c.stream_offset = chunk_offset_;
    c.after_gap = after_gap_;
    c.gap_len = gap_len_;
    return c;
}

void Reassembler::skip_to(StreamDir& s, uint64_t target) {
    if (target <= s.next_offset) return;
    uint64_t skipped = target - s.next_offset;
    ++stats_.gaps;
    stats_.gap_bytes += skipped;
    s.next_seq += uint32_t(skipped);
    s.next_offset = target;
    s.pending_gap = true;
    s.pending_gap_bytes += skipped;
    if (cfg_.depth && s.next_offset >= cfg_.depth) mark_depth(s);
}

void Reassembler::drain(StreamDir& s, int64_t now_usec) {
    if (s.ooo < 0) return;
    OooWindow& w = windows_[size_t(s.ooo)];
    bool progressed = false;
    while (s.ooo >= 0 && w.n_ranges > 0 && w.ranges[0].start == s.next_offset) {
        uint64_t end = w.ranges[0].start + clip_to_depth(w.ranges[0].start, w.ranges[0].end - w.ranges[0].start);
        uint64_t run = w.ranges[0].end - w.ranges[0].start;
        while (s.next_offset < end) {
            uint64_t n = end - s.next_offset;
            const uint8_t* p = ring_span(w, s.next_offset, n);
            append(s, p, uint32_t(n));  // may release the window at depth: w stays valid storage
        }
        if (s.ooo < 0) break;
        w.buffered -= run;
        stats_.ooo_bytes_buffered -= run;
        std::memmove(&w.ranges[0], &w.ranges[1], sizeof(ByteRange) * (w.n_ranges - 1u));
        --w.n_ranges;
        progressed = true;
    }
    if (s.ooo >= 0 && w.n_ranges == 0) release_window(s);
    else if (progressed) w.hole_since_usec = now_usec;
}

void Reassembler::check_overlap_delivered(StreamDir& s, uint64_t off, const uint8_t* data, uint32_t len) {
    ++stats_.overlaps;
    // The delivered bytes we still hold end at next_offset: the chunk being built, or
    // the look-back of the previous one.
    const uint8_t* tail = started_ ? out_.data() : s.lookback.data();
    uint64_t tail_len = started_ ? out_len_ : s.lookback.size();
    uint64_t tail_start = s.next_offset - tail_len;
    uint64_t a = std::max(off, tail_start), b = std::min<uint64_t>(off + len, s.next_offset);
    if (a < b && std::memcmp(tail + (a - tail_start), data + (a - off), b - a) != 0) ++stats_.overlap_diff;
}

bool Reassembler::insert_ooo(StreamDir& s, OooWindow& w, uint64_t off, const uint8_t* data, uint32_t len) {
    uint64_t end = off + len;
    // Ranges [i, j) touch or overlap the new one and merge with it.
    uint16_t i = 0;
    while (i < w.n_ranges && w.ranges[i].end < off) ++i;
    uint16_t j = i;
    while (j < w.n_ranges && w.ranges[j].start <= end) ++j;
    uint32_t after = w.n_ranges - (j - i) + 1u;
    if (after > std::min<uint16_t>(cfg_.max_ooo_ranges, kMaxOooRanges)) {
        ++stats_.segments_dropped_bounds;
        return false;
    }
    bool overlapped = false, differs = false;
    uint64_t cur = off;
    for (uint16_t k = i; k < j; ++k) {
        uint64_t a = std::max(off, w.ranges[k].start), b = std::min(end, w.ranges[k].end);
        if (a >= b) continue;  // only adjacent
        overlapped = true;
        for (uint64_t o = a; o < b && !differs;) {
            uint64_t n = b - o;
            const uint8_t* p = ring_span(w, o, n);
            differs = std::memcmp(p, data + (o - off), n) != 0;
            o += n;
        }
        if (cfg_.overlap == OverlapPolicy::First && a > cur) ring_write(w, cur, data + (cur - off), a - cur);
        cur = std::max(cur, b);
    }
    if (cfg_.overlap == OverlapPolicy::Last) ring_write(w, off, data, len);
    else if (cur < end) ring_write(w, cur, data + (cur - off), end - cur);
    if (overlapped) {
        ++stats_.overlaps;
        if (differs) ++stats_.overlap_diff;
    }
    ByteRange merged{off, end};
    uint64_t old = 0;
    if (j > i) {
        merged.start = std::min(off, w.ranges[i].start);
        merged.end = std::max(end, w.ranges[j - 1].end);
        for (uint16_t k = i; k < j; ++k) old += w.ranges[k].end - w.ranges[k].start;
    }
    int shift = 1 - int(j - i);
    if (shift != 0)
        std::memmove(&w.ranges[j + shift], &w.ranges[j], sizeof(ByteRange) * (w.n_ranges - j));
    w.ranges[i] = merged;
    w.n_ranges = uint16_t(w.n_ranges + shift);
    uint64_t added = (merged.end - merged.start) - old;
    w.buffered += added;
    stats_.ooo_bytes_buffered += added;
    (void)s;
    return true;
}

Reassembler::Placed Reassembler::place(StreamDir& s, uint64_t off, const uint8_t* data, uint32_t len,
                                       int64_t now_usec) {
    if (off < s.next_offset) {
        uint64_t old = std::min<uint64_t>(s.next_offset - off, len);
        check_overlap_delivered(s, off, data, uint32_t(old));
        if (old == len) {
            ++stats_.retransmissions;
            return Placed::Done;
        }
        data += old;
        len -= uint32_t(old);
        off += old;
    }
    len = uint32_t(clip_to_depth(off, len));
    if (len == 0) {
        mark_depth(s);
        return Placed::Done;
    }
    if (off == s.next_offset && s.ooo < 0) {  // the common case: in order, nothing buffered
        append(s, data, len);
        return Placed::Done;
    }
    if (off + len - s.next_offset > cfg_.max_ooo_bytes) return Placed::NoFit;
    if (s.ooo < 0) {
        s.ooo = acquire_window(now_usec);
        if (s.ooo < 0) return Placed::Done;  // counted: ooo_memcap_hits
    }
    OooWindow& w = windows_[size_t(s.ooo)];
    if (!insert_ooo(s, w, off, data, len)) {
        if (w.n_ranges == 0) release_window(s);
        return Placed::Done;
    }
    if (off > s.next_offset) ++stats_.ooo_queued;
    drain(s, now_usec);
    return Placed::Done;
}

StreamChunk Reassembler::on_segment(StreamDir& s, uint32_t seq, const uint8_t* data, uint32_t len,
                                    int64_t now_usec) {
    reset_chunk();
    if (!s.active || s.depth_reached) return {};
    drain(s, now_usec);  // a run freed by an ack-detected gap waits for this direction's next packet
    if (len == 0 || s.depth_reached) return finish(s);

    int32_t rel = seq_diff(seq, s.next_seq);
    if (rel > 0 && uint32_t(rel) > cfg_.max_seq_jump) {
        ++stats_.segments_bad_seq;
        return finish(s);
    }
    // Bytes before stream offset 0 (before a midstream pickup point) are ignored.
    uint64_t off;
    if (rel < 0 && uint64_t(-int64_t(rel)) > s.next_offset) {
        uint64_t before = uint64_t(-int64_t(rel)) - s.next_offset;
        if (before >= len) {
            ++stats_.retransmissions;
            return finish(s);
        }
        data += before;
        len -= uint32_t(before);
        off = 0;
    } else {
        off = uint64_t(int64_t(s.next_offset) + rel);
    }

    // A skip is allowed only while the chunk has no new bytes: one chunk, one gap at most.
    bool skipped = false;
    if (s.ooo >= 0 && !has_new() && off > s.next_offset &&
        now_usec - windows_[size_t(s.ooo)].hole_since_usec >= int64_t(cfg_.gap_timeout_sec) * 1000000) {
        ++stats_.gaps_by_timeout;
        skip_to(s, windows_[size_t(s.ooo)].ranges[0].start);
        drain(s, now_usec);
        skipped = true;
    }
    if (place(s, off, data, len, now_usec) == Placed::NoFit) {
        if (!skipped && !has_new() && !s.depth_reached) {
            ++stats_.gaps_by_bound;
            if (s.ooo >= 0) {
                skip_to(s, windows_[size_t(s.ooo)].ranges[0].start);
                drain(s, now_usec);
            } else {
                skip_to(s, off);
            }
            if (!s.depth_reached && place(s, off, data, len, now_usec) == Placed::NoFit)
                ++stats_.segments_dropped_bounds;
        } else {
            ++stats_.segments_dropped_bounds;
        }
    }
    return finish(s);
}

void Reassembler::on_peer_ack(StreamDir& s, uint32_t ack) {
    if (!s.active || s.ooo < 0 || s.depth_reached) return;
    const OooWindow& w = windows_[size_t(s.ooo)];
    int32_t rel = seq_diff(ack, s.next_seq);
    if (w.n_ranges == 0 || rel <= 0) return;
    if (s.next_offset + uint64_t(rel) >= w.ranges[0].start && w.ranges[0].start > s.next_offset) {
        ++stats_.gaps_by_ack;
        skip_to(s, w.ranges[0].start);
    }
}

StreamChunk Reassembler::drain_pending(StreamDir& s) {
    reset_chunk();
    if (!s.active || s.ooo < 0) return {};
    OooWindow& w = windows_[size_t(s.ooo)];
    if (w.n_ranges == 0) {
        release_window(s);
        return {};
    }
    skip_to(s, w.ranges[0].start);
    drain(s, 0);
    StreamChunk c = finish(s);
    if (!c.empty()) ++stats_.pending_flushed;
    return c;
}

}  // namespace vigie
