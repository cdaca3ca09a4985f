// CaptureSource: where frames come from (a pcap/pcapng file, memory, or a live
// interface). One interface for all so the pipeline does not care.
//
// Contract of next():
//   true  -> `frame` holds one frame; frame.data is valid until the next call
//   false -> clean end of input (a damaged file also ends with false: check
//            truncated()/warning() to tell the user, then exit 0)
//   error -> fatal problem (I/O error, live interface gone)
// No heap allocation per frame: files are mmap'd (or read in big blocks when
// they are not regular files) and frame.data points into that memory.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "common/timestamp.h"

namespace vigie {

struct RawFrame {
    const uint8_t* data = nullptr;
    uint32_t caplen = 0;       // bytes at data
    uint32_t wirelen = 0;      // length on the wire (>= caplen normally)
    Timestamp ts;
    uint16_t linktype = 0;     // LINKTYPE_* of the frame's interface
    uint32_t interface_id = 0; // pcapng interface index within its section; 0 otherwise
};

struct CaptureCounters {
    uint64_t frames = 0;        // frames returned by next()
    uint64_t bytes = 0;         // sum of caplen over those frames
    uint64_t kernel_drops = 0;  // live capture only (pcap_stats ps_drop)
};

class CaptureSource {
public:
    virtual ~CaptureSource() = default;
    virtual Result<bool> next(RawFrame& frame) = 0;

    // Set when a file ended in the middle of a record or with a garbage length:
    // everything before the damage was returned, warning() says where it broke.
    bool truncated() const { return truncated_; }
    const std::string& warning() const { return warning_; }

    const CaptureCounters& counters() const { return counters_; }
    uint64_t frames() const { return counters_.frames; }
    uint64_t bytes() const { return counters_.bytes; }

    // "pcap", "pcapng" or "live"; for messages and stats.
    virtual const char* kind() const = 0;
    // Asks a blocking source (live) to return false from next(); thread-safe.
    virtual void stop() {}
    // Pulls counters kept outside the process (live: kernel drops) into counters().
    virtual void refresh_counters() {}

protected:
    void count(const RawFrame& f) {
        ++counters_.frames;
        counters_.bytes += f.caplen;
    }
    void mark_damaged(std::string why) {
        truncated_ = true;
        warning_ = std::move(why);
    }
    CaptureCounters counters_;

private:
    bool truncated_ = false;
    std::string warning_;
};

// Opens a pcap (either byte order, micro- or nanosecond) or pcapng file.
// Errors: "cannot open PATH: <strerror>", "PATH: not a pcap or pcapng file".
Result<std::unique_ptr<CaptureSource>> open_capture_file(const std::string& path);

// Same, over bytes owned by the caller (must outlive the source). For fuzzing and
// tests. `name` is used in messages.
Result<std::unique_ptr<CaptureSource>> open_capture_memory(const uint8_t* data, size_t len,
                                                           const std::string& name = "<memory>");

struct LiveOptions {
    int snaplen = 65535;
    bool promiscuous = true;
    int timeout_ms = 100;      // how often next() wakes up to look at stop()
    int buffer_bytes = 0;      // kernel buffer; 0 = libpcap default
    std::string bpf_filter;    // empty = everything
};

// Live capture through libpcap (immediate mode). next() blocks until a frame
// arrives or stop() is called.
Result<std::unique_ptr<CaptureSource>> open_live(const std::string& iface, const LiveOptions& options = {});

}  // namespace vigie
