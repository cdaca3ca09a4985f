#include "flow/flow_table.h"

#include <algorithm>
#include <bit>

namespace vigie {
namespace {

FlowConfig clamped(FlowConfig c) {
    c.max_flows = std::clamp<uint32_t>(c.max_flows, 1, 1u << 26);
    c.stream.max_ooo_ranges = std::clamp<uint16_t>(c.stream.max_ooo_ranges, 1, kMaxOooRanges);
    c.stream.max_ooo_bytes = std::max<uint32_t>(c.stream.max_ooo_bytes, 1);
    c.emergency_recovery_pct = std::min<uint8_t>(c.emergency_recovery_pct, 100);
    return c;
}

enum ProtoClass { kDefault = 0, kTcp = 1, kUdp = 2, kIcmp = 3 };
enum StateClass { kNew = 0, kEst = 1, kClosed = 2 };

int proto_class(uint8_t proto) {
    switch (proto) {
        case 6: return kTcp;
        case 17: return kUdp;
        case 1:
        case 58: return kIcmp;
        default: return kDefault;
    }
}

// Ports as EVE shows them: none for ICMP even though its key carries the echo id.
uint16_t port_of(const FlowKey& k, bool lo) {
    if (k.proto != 6 && k.proto != 17 && k.proto != 132) return 0;
    return lo ? k.port_lo : k.port_hi;
}

}  // namespace

FlowTable::FlowTable(const FlowConfig& cfg)
    : cfg_(clamped(cfg)), reassembler_(cfg_.stream, stats_.tcp), tracker_(cfg_.stream, stats_.tcp, reassembler_) {
    flows_.resize(cfg_.max_flows);
    slots_.resize(cfg_.max_flows);
    tcp_.resize(cfg_.max_flows);
    // Load factor <= 1: chains stay a slot or two long.
    size_t nb = std::bit_ceil(size_t(cfg_.max_flows));
    buckets_.assign(nb, kNil);
    bucket_mask_ = nb - 1;
    for (uint32_t i = cfg_.max_flows; i-- > 0;) {
        slots_[i].chain_next = free_head_;
        free_head_ = i;
    }
}

uint32_t FlowTable::timeout_sec_of(int cls) const {
    const FlowTimeouts* t = &cfg_.timeouts_default;
    switch (cls / 3) {
        case kTcp: t = &cfg_.timeouts_tcp; break;
        case kUdp: t = &cfg_.timeouts_udp; break;
        case kIcmp: t = &cfg_.timeouts_icmp; break;
        default: break;
    }
    bool em = stats_.emergency;
    uint32_t sec = 0;
    switch (cls % 3) {
        case kNew: sec = em ? t->emergency_new_sec : t->new_sec; break;
        case kEst: sec = em ? t->emergency_established_sec : t->established_sec; break;
        default: sec = em ? t->emergency_closed_sec : t->closed_sec; break;
    }
    return sec;
}

uint8_t FlowTable::class_of(const Flow& f) const {
    int pc = proto_class(f.ip_proto);
    int sc;
    if (pc == kTcp) {
        switch (f.tcp_state) {
            case TcpState::Established:
            case TcpState::FinWait:
            case TcpState::Closing: sc = kEst; break;
            case TcpState::Closed: sc = kClosed; break;
            default: sc = kNew; break;
        }
    } else {
        sc = f.established() ? kEst : kNew;
    }
    return uint8_t(pc * 3 + sc);
}

void FlowTable::refresh_head_expiry(int cls) {
    LruList& l = lists_[cls];
    l.head_expiry_usec =
        l.head == kNil ? INT64_MAX : slots_[l.head].touch_usec + int64_t(timeout_sec_of(cls)) * 1000000;
}

void FlowTable::lru_remove(uint32_t idx) {
    Slot& s = slots_[idx];
    LruList& l = lists_[s.cls];
    bool was_head = l.head == idx;
    if (s.lru_prev != kNil) slots_[s.lru_prev].lru_next = s.lru_next;
    else l.head = s.lru_next;
    if (s.lru_next != kNil) slots_[s.lru_next].lru_prev = s.lru_prev;
    else l.tail = s.lru_prev;
    s.lru_prev = s.lru_next = kNil;
    if (was_head) refresh_head_expiry(s.cls);
}

void FlowTable::lru_push_back(uint32_t idx, uint8_t cls) {
    Slot& s = slots_[idx];
    LruList& l = lists_[cls];
    s.cls = cls;
    s.lru_next = kNil;
    s.lru_prev = l.tail;
    if (l.tail != kNil) slots_[l.tail].lru_next = idx;
    l.tail = idx;
    if (l.head == kNil) {
        l.head = idx;
        refresh_head_expiry(cls);
    }
}

uint32_t FlowTable::find(const FlowKey& key, uint64_t hash) const {
    for (uint32_t i = buckets_[hash & bucket_mask_]; i != kNil; i = slots_[i].chain_next)
        if (slots_[i].hash == hash && slots_[i].key == key) return i;
    return kNil;
}

void FlowTable::unlink_hash(uint32_t idx) {
    uint32_t* link = &buckets_[slots_[idx].hash & bucket_mask_];
    while (*link != idx) link = &slots_[*link].chain_next;
    *link = slots_[idx].chain_next;
}

void FlowTable::set_emergency(bool on) {
    if (stats_.emergency == on) return;
    stats_.emergency = on;
    if (on) ++stats_.emergency_entered;
    for (int c = 0; c < kClasses; ++c) refresh_head_expiry(c);
}

uint32_t FlowTable::allocate() {
    if (free_head_ == kNil) {
        // Table full: recycle the flow idle the longest, whatever its state.
        ++stats_.memcap_hits;
        int oldest = -1;
        for (int c = 0; c < kClasses; ++c) {
            uint32_t h = lists_[c].head;
            if (h != kNil && (oldest < 0 || slots_[h].touch_usec < slots_[lists_[oldest].head].touch_usec))
                oldest = c;
        }
        end_flow(lists_[oldest].head, FlowEndReason::Evicted);
        if (cfg_.emergency_enabled) set_emergency(true);
    }
    uint32_t idx = free_head_;
    free_head_ = slots_[idx].chain_next;
    return idx;
}

void FlowTable::init_flow(uint32_t idx, const Packet& p, const FlowKey& key, uint64_t hash, bool src_is_lo) {
    Slot& s = slots_[idx];
    s.key = key;
    s.hash = hash;
    s.in_use = true;
    // TCP: a SYN/ACK seen first was sent by the server.
    bool sender_is_client = !(p.is_tcp() && TcpTracker::receiver_is_client(p));
    s.client_is_lo = sender_is_client ? src_is_lo : !src_is_lo;
    uint32_t& bucket = buckets_[hash & bucket_mask_];
    s.chain_next = bucket;
    bucket = idx;

    Flow& f = flows_[idx];
    f.flow_id = make_flow_id(hash, p.ts);
    f.client = sender_is_client ? p.src : p.dst;
    f.server = sender_is_client ? p.dst : p.src;
    f.client_port = port_of(key, s.client_is_lo);
    f.server_port = port_of(key, !s.client_is_lo);
    f.ip_proto = p.ip_proto;
    f.vlan_id = key.vlan[0];
    f.start = f.last_seen = p.ts;
    ++stats_.flows_created;
    ++stats_.flows_active;
}

void FlowTable::end_flow(uint32_t idx, FlowEndReason reason) {
    Flow& f = flows_[idx];
    if (on_end_) on_end_(f, reason);
    switch (reason) {
        case FlowEndReason::Timeout: ++stats_.flows_timed_out; break;
        case FlowEndReason::Evicted: ++stats_.flows_evicted; break;
        case FlowEndReason::Shutdown: ++stats_.flows_flushed; break;
        case FlowEndReason::Forced: break;
    }
    if (f.ip_proto == 6) tracker_.reset(tcp_[idx]);  // other protocols never touch their TcpSession
    f = Flow{};  // destroys the extensions the later stages attached
    unlink_hash(idx);
    lru_remove(idx);
    Slot& s = slots_[idx];
    s.in_use = false;
    s.chain_next = free_head_;
    free_head_ = idx;
    --stats_.flows_active;
    if (stats_.emergency &&
        stats_.flows_active * 100 < uint64_t(cfg_.max_flows) * cfg_.emergency_recovery_pct)
        set_emergency(false);
}

void FlowTable::touch(uint32_t idx, uint8_t cls, bool fresh) {
    Slot& s = slots_[idx];
    if (!fresh) {
        // Relinking costs two more random slot accesses, so a busy flow skips it: at
        // the tail its touch can move forward without breaking the list order, and
        // elsewhere a touch less than a second old is kept (idle time has one second
        // of granularity, as in Suricata).
        if (s.cls == cls && (lists_[cls].tail == idx || now_usec_ - s.touch_usec < 1000000)) {
            if (lists_[cls].tail == idx) {
                s.touch_usec = now_usec_;
                if (lists_[cls].head == idx) refresh_head_expiry(cls);
            }
            return;
        }
        lru_remove(idx);
    }
    s.touch_usec = now_usec_;
    lru_push_back(idx, cls);
}

void FlowTable::expire_idle() {
    for (int c = 0; c < kClasses; ++c) {
        // Within one list every flow has the same timeout and the list is in touch
        // order, so expired flows are exactly a prefix of it.
        while (lists_[c].head_expiry_usec <= now_usec_) end_flow(lists_[c].head, FlowEndReason::Timeout);
    }
}

void FlowTable::expire(const Timestamp& now) {
    now_usec_ = std::max(now_usec_, now.usec_total());
    expire_idle();
}

FlowLookup FlowTable::process(const Packet& p) {
    // One named result returned everywhere, so it is built in place (no copy of a
    // struct just written byte by byte, which stalls store forwarding).
    FlowLookup out;
    ++stats_.packets;
    FlowKey key;
    bool src_is_lo;
    if (!make_flow_key(p, key, src_is_lo)) {
        ++stats_.no_flow;
        return out;
    }
    int64_t ts = p.ts.usec_total();
    if (ts > now_usec_) {
        now_usec_ = ts;
        expire_idle();
    }
    uint64_t hash = hash_flow_key(key, cfg_.hash_seed);
    uint32_t idx = find(key, hash);
    if (idx != kNil && p.is_tcp() && TcpTracker::is_reuse(flows_[idx].tcp_state, p)) {
        end_flow(idx, FlowEndReason::Forced);  // a new connection on the tuple of a closed one
        idx = kNil;
    }
    if (idx == kNil) {
        idx = allocate();
        init_flow(idx, p, key, hash, src_is_lo);
        out.new_flow = true;
    }
    Slot& s = slots_[idx];
    Flow& f = flows_[idx];
    out.flow = &f;
    out.to_server = src_is_lo == s.client_is_lo;
    if (out.to_server) {
        ++f.pkts_toserver;
        f.bytes_toserver += p.caplen;
        f.seen_toserver = true;
    } else {
        ++f.pkts_toclient;
        f.bytes_toclient += p.caplen;
        f.seen_toclient = true;
    }
    if (p.ts > f.last_seen) f.last_seen = p.ts;
    if (p.eth && !f.macs_seen) {
        const uint8_t* dst = p.eth;
        const uint8_t* src = p.eth + 6;
        std::copy(out.to_server ? src : dst, (out.to_server ? src : dst) + 6, f.client_mac.begin());
        std::copy(out.to_server ? dst : src, (out.to_server ? dst : src) + 6, f.server_mac.begin());
        f.macs_seen = true;
    }
    if (p.is_tcp()) {
        f.pkt_established = f.established() || f.tcp_state == TcpState::Closed;
        out.stream = tracker_.on_packet(f, tcp_[idx], p, out.to_server, now_usec_);
    } else {
        f.pkt_established = f.established();
    }
    touch(idx, class_of(f), out.new_flow);
    return out;
}

void FlowTable::flush_all() {
    for (uint32_t i = 0; i < cfg_.max_flows; ++i)
        if (slots_[i].in_use) end_flow(i, FlowEndReason::Shutdown);
}

StreamChunk FlowTable::drain_pending(Flow& f, bool to_server) {
    size_t idx = size_t(&f - flows_.data());
    if (idx >= flows_.size() || !slots_[idx].in_use) return {};
    TcpSession& ssn = tcp_[idx];
    return reassembler_.drain_pending(to_server ? ssn.client.stream : ssn.server.stream);
}

}  // namespace vigie
