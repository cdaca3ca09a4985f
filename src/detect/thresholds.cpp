#include "detect/thresholds.h"

#include <cstring>

namespace vigie::detect {

namespace {
using Track = rules::Track;
using TType = rules::Threshold::Type;
}  // namespace

size_t ThresholdTable::KeyHash::operator()(const Key& k) const {
    uint64_t h = 0xcbf29ce484222325ULL;
    auto mix = [&h](uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; h ^= h >> 29; };
    mix(k.rule);
    mix(uint64_t(k.kind) << 8 | k.track);
    for (int i = 0; i < 16; i += 8) {
        uint64_t a = 0, b = 0;
        std::memcpy(&a, k.a.bytes.data() + i, 8);
        std::memcpy(&b, k.b.bytes.data() + i, 8);
        mix(a);
        mix(b);
    }
    mix(k.flow);
    return size_t(h);
}

ThresholdTable::Key ThresholdTable::make_key(uint32_t rule, uint8_t kind, Track track, const IpAddr& src,
                                             const IpAddr& dst, uint64_t flow_id) {
    Key k{rule, kind, uint8_t(track), IpAddr{}, IpAddr{}, 0};
    switch (track) {
        case Track::BySrc: k.a = src; break;
        case Track::ByDst: k.a = dst; break;
        case Track::ByRule: break;
        case Track::ByBoth:  // the pair, in either direction
            k.a = src < dst ? src : dst;
            k.b = src < dst ? dst : src;
            break;
        case Track::ByFlow: k.flow = flow_id; break;
    }
    return k;
}

ThresholdTable::Entry* ThresholdTable::find_or_insert(const Key& k, bool* fresh, Entry* overflow) {
    auto it = map_.find(k);
    if (it != map_.end()) {
        *fresh = false;
        return &it->second;
    }
    *fresh = true;
    if (map_.size() >= max_) {
        full_.fetch_add(1, std::memory_order_relaxed);
        *overflow = Entry{};
        return overflow;
    }
    return &map_[k];
}

// Suricata's threshold semantics, per window of `seconds` starting at the first hit:
// limit alerts on the first `count` hits; threshold on every `count`-th hit; both once,
// at the `count`-th hit; backoff on hit 1, then count, count*multiplier, ... .
bool ThresholdTable::threshold_step(const rules::Threshold& t, Entry& e, bool fresh, int64_t now) {
    const int64_t window = int64_t(t.seconds) * 1000000;
    if (t.type == TType::Backoff) {
        if (fresh) {
            e.count = 1;
            e.next_alert = t.count;
            return true;
        }
        ++e.count;
        if (e.count >= e.next_alert) {
            e.next_alert = e.next_alert * (t.multiplier ? t.multiplier : 10);
            return true;
        }
        return false;
    }
    if (fresh || now - e.first_usec > window) {
        e.first_usec = now;
        e.count = 1;
        return t.type == TType::Limit || t.count <= 1;
    }
    ++e.count;
    switch (t.type) {
        case TType::Limit: return e.count <= t.count;
        case TType::Threshold:
            if (e.count >= t.count) {
                e.count = 0;
                return true;
            }
            return false;
        case TType::Both: return e.count == t.count;
        case TType::Backoff: return false;
    }
    return false;
}

// detection_filter: alert on every hit after the first `count` within `seconds`.
bool ThresholdTable::filter_step(const rules::DetectionFilter& d, Entry& e, bool fresh, int64_t now) {
    const int64_t window = int64_t(d.seconds) * 1000000;
    if (fresh || now - e.first_usec > window) {
        e.first_usec = now;
        e.count = 1;
        return d.count == 0;
    }
    ++e.count;
    return e.count > d.count;
}

bool ThresholdTable::allow(const rules::Rule& r, uint32_t internal_id, const IpAddr& src, const IpAddr& dst,
                           uint64_t flow_id, const Timestamp& ts) {
    if (!r.threshold && !r.detection_filter) return true;
    const int64_t now = ts.usec_total();
    std::lock_guard lock(mu_);
    Entry overflow;
    bool fresh = false;
    if (r.detection_filter) {
        const auto& d = *r.detection_filter;
        Entry* e = find_or_insert(make_key(internal_id, 1, d.track, src, dst, flow_id), &fresh, &overflow);
        if (!filter_step(d, *e, fresh, now)) return false;
    }
    if (r.threshold) {
        const auto& t = *r.threshold;
        Entry* e = find_or_insert(make_key(internal_id, 0, t.track, src, dst, flow_id), &fresh, &overflow);
        if (!threshold_step(t, *e, fresh, now)) return false;
    }
    return true;
}

}  // namespace vigie::detect
