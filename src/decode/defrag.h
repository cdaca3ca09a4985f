// Defragmenter: rebuilds IPv4 and IPv6 datagrams from their fragments.
//
// Usage by the pipeline (one Defragmenter per worker, packets in capture order):
//
//   decoder.decode_packet(p);
//   if (p.is_fragment) {
//       Packet whole;                          // reuse one per worker
//       if (defrag.add(p, whole)) {            // p completed a datagram
//           decoder.decode_reassembled(whole); // L3 and up, whole.reassembled = true
//           ... process `whole` like any packet (flow, detect, output) ...
//       }
//   }
//   ... process p itself too (fragments can match rules, e.g. fragbits) ...
//   stats.add(p);   // after add(): it may add events to p
//
// `whole.data` points into the defragmenter's buffer: valid until the next
// add()/expire() call. It starts at the IP header (linktype kLinkRaw) and keeps
// p's VLAN ids, timestamp and pcap_cnt (those of the completing fragment).
//
// Keys: (family, src, dst, id, proto for IPv4, VLAN ids).
// Bounds: memcap (bytes held by all unfinished datagrams; a fragment that
// would exceed it is dropped and counted), timeout (packet time since a
// datagram's first fragment), max fragments per datagram, 65535-byte datagrams.
// Overlaps: resolved by a policy; default kBsd, Suricata's default: where two
// fragments overlap, the one that starts earlier wins, and on equal starts the
// one that arrived first wins. Every overlap raises ipv4/ipv6.frag_overlap on
// the fragment and on the reassembled packet.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "decode/packet.h"

namespace vigie {

enum class DefragPolicy : uint8_t {
    kFirst,  // data of the earliest-arrived fragment wins
    kLast,   // data of the latest-arrived fragment wins
    kBsd,    // earlier start wins; same start: earliest arrival (Suricata default)
    kLinux,  // earlier start wins; same start: latest arrival
};

struct DefragConfig {
    size_t memcap = 32u << 20;
    uint32_t timeout_sec = 60;
    uint32_t max_frags = 256;  // per datagram; more drops the datagram (frag_ignored)
    DefragPolicy policy = DefragPolicy::kBsd;
};

struct DefragStats {
    uint64_t fragments = 0;    // given to add()
    uint64_t reassembled = 0;  // datagrams completed
    uint64_t timeouts = 0;     // datagrams dropped unfinished after the timeout
    uint64_t memcap_hits = 0;  // fragments dropped because of the memcap
    uint64_t overlaps = 0;     // fragments overlapping earlier data
    uint64_t too_large = 0;    // fragments ending past 65535 bytes
    uint64_t ignored = 0;      // fragments not used for another reason (truncated, bad length, limits)
};

class Defragmenter {
public:
    explicit Defragmenter(DefragConfig config = {});
    ~Defragmenter();
    Defragmenter(const Defragmenter&) = delete;
    Defragmenter& operator=(const Defragmenter&) = delete;

    // Takes a decoded fragment (p.is_fragment). Returns true and fills `out`
    // when it completes a datagram. May add events to `frag`.
    bool add(Packet& frag, Packet& out);

    // Drops datagrams older than the timeout at packet time `now` (add() does
    // this by itself; call it when no packets arrive for a while).
    void expire(const Timestamp& now);

    const DefragStats& stats() const { return stats_; }
    size_t memory_used() const { return mem_; }
    size_t pending() const { return table_.size(); }

private:
    struct Key {
        IpAddr src, dst;
        uint32_t id = 0;
        uint16_t vlan[2] = {0, 0};
        uint8_t proto = 0;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const;
    };
    struct Range {
        uint32_t start, end;
    };
    struct Tracker {
        Timestamp first_seen;
        uint64_t generation = 0;
        std::vector<uint8_t> header;  // unfragmentable part, from the offset-0 fragment
        std::vector<uint8_t> data;    // fragmentable part, assembled in place
        std::vector<Range> frags;     // accepted fragments, in arrival order
        std::vector<Range> covered;   // union of frags, sorted, merged
        uint32_t total = 0;           // fragmentable length, once the last fragment is seen
        bool have_last = false;
        bool have_first = false;
        bool overlap = false;
        uint16_t ip6_nh_off = 0;      // in header: byte to patch with first_nh
        uint8_t first_nh = 0;
        size_t memory() const;
    };
    using Table = std::unordered_map<Key, Tracker, KeyHash>;

    bool existing_wins(uint32_t existing_start, uint32_t new_start) const;
    void write_fragment(Tracker& t, uint32_t start, const uint8_t* data, uint32_t len);
    static void cover(Tracker& t, uint32_t start, uint32_t end);
    bool complete(Tracker& t, const Packet& frag, Packet& out);
    void drop(Table::iterator it);

    DefragConfig cfg_;
    DefragStats stats_;
    Table table_;
    std::deque<std::pair<Key, uint64_t>> age_;  // creation order; stale entries skipped
    uint64_t next_generation_ = 1;
    size_t mem_ = 0;
    std::vector<Range> protect_;  // scratch for write_fragment
    std::vector<uint8_t> out_buf_;
};

}  // namespace vigie
