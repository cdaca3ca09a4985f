#include "decode/defrag.h"

#include <algorithm>
#include <cstring>

namespace vigie {

namespace {

constexpr uint32_t kMaxDatagram = 65535;
constexpr size_t kTrackerOverhead = 160;  // map node, key, vectors' headers: rough, for the memcap

void put16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v >> 8);
    p[1] = uint8_t(v);
}

uint16_t ipv4_checksum(const uint8_t* h, uint32_t hlen) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < hlen; i += 2) sum += uint32_t(h[i] << 8 | h[i + 1]);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

}  // namespace

size_t Defragmenter::KeyHash::operator()(const Key& k) const {
    // FNV-1a over the fields (not the struct: it has padding).
    uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const void* p, size_t n) {
        auto b = static_cast<const uint8_t*>(p);
        for (size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
    };
    mix(k.src.bytes.data(), 16);
    mix(k.dst.bytes.data(), 16);
    mix(&k.id, sizeof k.id);
    mix(k.vlan, sizeof k.vlan);
    mix(&k.proto, 1);
    mix(&k.src.family, 1);
    return size_t(h);
}

size_t Defragmenter::Tracker::memory() const {
    return kTrackerOverhead + header.capacity() + data.capacity() +
           (frags.capacity() + covered.capacity()) * sizeof(Range);
}

Defragmenter::Defragmenter(DefragConfig config) : cfg_(config) {
    out_buf_.reserve(kMaxDatagram + 64);  // v6 headers may add a few bytes; grows once at most
}

Defragmenter::~Defragmenter() = default;

bool Defragmenter::existing_wins(uint32_t existing_start, uint32_t new_start) const {
    switch (cfg_.policy) {
    case DefragPolicy::kFirst: return true;
    case DefragPolicy::kLast: return false;
    case DefragPolicy::kBsd: return new_start >= existing_start;
    case DefragPolicy::kLinux: return new_start > existing_start;
    }
    return true;
}

void Defragmenter::drop(Table::iterator it) {
    mem_ -= std::min(mem_, it->second.memory());
    table_.erase(it);
}

void Defragmenter::expire(const Timestamp& now) {
    while (!age_.empty()) {
        auto& [key, gen] = age_.front();
        auto it = table_.find(key);
        if (it != table_.end() && it->second.generation == gen) {
            if (now.sec - it->second.first_seen.sec < int64_t(cfg_.timeout_sec)) break;
            ++stats_.timeouts;
            drop(it);
        }
        age_.pop_front();  // expired, completed or dropped earlier
    }
}

void Defragmenter::write_fragment(Tracker& t, uint32_t start, const uint8_t* data, uint32_t len) {
    uint32_t end = start + len;
    // Parts of the new fragment an earlier one keeps under the policy.
    protect_.clear();
    for (const Range& e : t.frags) {
        uint32_t lo = std::max(e.start, start), hi = std::min(e.end, end);
        if (lo >= hi) continue;
        t.overlap = true;
        if (existing_wins(e.start, start)) protect_.push_back({lo, hi});
    }
    std::sort(protect_.begin(), protect_.end(), [](const Range& a, const Range& b) { return a.start < b.start; });
    uint32_t pos = start;
    for (const Range& r : protect_) {
        if (r.start > pos) std::memcpy(t.data.data() + pos, data + (pos - start), r.start - pos);
        pos = std::max(pos, r.end);
    }
    if (pos < end) std::memcpy(t.data.data() + pos, data + (pos - start), end - pos);
}

void Defragmenter::cover(Tracker& t, uint32_t start, uint32_t end) {
    auto& c = t.covered;
    auto it = std::lower_bound(c.begin(), c.end(), start, [](const Range& r, uint32_t s) { return r.end < s; });
    // `it` is the first range that ends at or after `start`: merge all that touch.
    Range merged{start, end};
    auto first = it;
    while (it != c.end() && it->start <= end) {
        merged.start = std::min(merged.start, it->start);
        merged.end = std::max(merged.end, it->end);
        ++it;
    }
    it = c.erase(first, it);
    c.insert(it, merged);
}

bool Defragmenter::add(Packet& frag, Packet& out) {
    ++stats_.fragments;
    expire(frag.ts);
    const bool v6 = frag.ip_version == 6;
    const DecodeEvent ev_ignored = v6 ? DecodeEvent::IPV6_FRAG_IGNORED : DecodeEvent::IPV4_FRAG_IGNORED;
    if (!frag.is_fragment || !frag.l3 || frag.ip_truncated || (frag.frag_mf && frag.payload_len == 0) ||
        (v6 && frag.frag_mf && frag.payload_len % 8 != 0)) {
        // Cut by the snaplen, empty, or a length the receiver would refuse.
        ++stats_.ignored;
        frag.events.add(ev_ignored);
        return false;
    }
    const uint32_t start = uint32_t(frag.frag_offset) * 8;
    const uint32_t end = start + frag.payload_len;
    const uint32_t unfrag = v6 ? frag.ip6_frag_hdr_off : frag.ip_hlen;
    if (unfrag + end > kMaxDatagram + (v6 ? 40u : 0u)) {  // IPv6 payload length excludes its 40 bytes
        ++stats_.too_large;
        frag.events.add(v6 ? DecodeEvent::IPV6_FRAG_PKT_TOO_LARGE : DecodeEvent::IPV4_FRAG_PKT_TOO_LARGE);
        return false;
    }

    Key key;
    key.src = frag.src;
    key.dst = frag.dst;
    key.id = frag.ip_id;
    key.vlan[0] = frag.vlan_id[0];
    key.vlan[1] = frag.vlan_id[1];
    key.proto = v6 ? 0 : frag.ip_proto;  // IPv6 identifies a datagram without it

    auto it = table_.find(key);
    if (it == table_.end()) {
        if (mem_ + kTrackerOverhead + end > cfg_.memcap) {
            ++stats_.memcap_hits;
            frag.events.add(DecodeEvent::DEFRAG_MEMCAP);
            return false;
        }
        it = table_.emplace(key, Tracker{}).first;
        it->second.first_seen = frag.ts;
        it->second.generation = next_generation_++;
        age_.emplace_back(key, it->second.generation);
        mem_ += it->second.memory();
    }
    Tracker& t = it->second;
    const size_t mem_before = t.memory();

    // Fragments that contradict the datagram's known end are not used.
    bool conflicts = (t.have_last && end > t.total) ||
                     (!frag.frag_mf && t.have_last && end != t.total) ||
                     (!frag.frag_mf && !t.covered.empty() && t.covered.back().end > end);
    if (conflicts) {
        ++stats_.ignored;
        frag.events.add(ev_ignored);
        return false;
    }
    if (t.frags.size() >= cfg_.max_frags) {
        ++stats_.ignored;
        frag.events.add(ev_ignored);
        drop(it);
        return false;
    }
    if (end > t.data.size()) {
        if (mem_ + (end - t.data.size()) > cfg_.memcap) {
            ++stats_.memcap_hits;
            frag.events.add(DecodeEvent::DEFRAG_MEMCAP);
            return false;
        }
        t.data.resize(end);
    }

    bool had_overlap = t.overlap;
    t.overlap = false;
    write_fragment(t, start, frag.payload, frag.payload_len);
    if (t.overlap) {
        ++stats_.overlaps;
        frag.events.add(v6 ? DecodeEvent::IPV6_FRAG_OVERLAP : DecodeEvent::IPV4_FRAG_OVERLAP);
    }
    t.overlap = t.overlap || had_overlap;
    t.frags.push_back({start, end});
    cover(t, start, end);
    if (start == 0 && !t.have_first) {
        t.have_first = true;
        t.header.assign(frag.l3, frag.l3 + unfrag);
        t.ip6_nh_off = frag.ip6_frag_nh_off;
        t.first_nh = frag.ip_proto;
    }
    if (!frag.frag_mf) {
        t.have_last = true;
        t.total = end;
    }
    mem_ += t.memory() - mem_before;

    if (!(t.have_first && t.have_last && t.covered.size() == 1 && t.covered[0].start == 0 &&
          t.covered[0].end == t.total))
        return false;
    bool ok = complete(t, frag, out);
    drop(it);
    return ok;
}

bool Defragmenter::complete(Tracker& t, const Packet& frag, Packet& out) {
    const size_t hlen = t.header.size();
    const size_t size = hlen + t.total;
    out_buf_.resize(size);
    uint8_t* b = out_buf_.data();
    std::memcpy(b, t.header.data(), hlen);
    std::memcpy(b + hlen, t.data.data(), t.total);
    if (frag.ip_version == 4) {
        if (size > kMaxDatagram) return false;
        put16(b + 2, uint16_t(size));
        b[6] &= 0x40;  // keep DF, clear MF/offset
        b[7] = 0;
        b[10] = b[11] = 0;
        put16(b + 10, ipv4_checksum(b, uint32_t(hlen)));
    } else {
        if (size - 40 > kMaxDatagram || t.ip6_nh_off >= hlen) return false;
        put16(b + 4, uint16_t(size - 40));
        b[t.ip6_nh_off] = t.first_nh;  // the fragment header is gone: point past it
    }
    out = Packet{};
    out.pcap_cnt = frag.pcap_cnt;
    out.ts = frag.ts;
    out.data = b;
    out.caplen = out.wirelen = uint32_t(size);
    out.linktype = kLinkRaw;
    out.vlan_id[0] = frag.vlan_id[0];
    out.vlan_id[1] = frag.vlan_id[1];
    out.vlan_count = frag.vlan_count;
    if (t.overlap) out.events.add(frag.ip_version == 4 ? DecodeEvent::IPV4_FRAG_OVERLAP : DecodeEvent::IPV6_FRAG_OVERLAP);
    ++stats_.reassembled;
    return true;
}

}  // namespace vigie
