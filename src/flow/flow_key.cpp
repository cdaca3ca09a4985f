#include "flow/flow_key.h"

#include <bit>
#include <cstddef>

namespace vigie {
namespace {

inline uint64_t load64(const uint8_t* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// Folded 64x64->128 multiply: one multiply mixes every input bit into the output.
inline uint64_t fold_mul(uint64_t a, uint64_t b) {
    __extension__ using u128 = unsigned __int128;
    u128 r = u128(a) * u128(b);
    return uint64_t(r) ^ uint64_t(r >> 64);
}

constexpr uint64_t kP0 = 0xa0761d6478bd642fULL, kP1 = 0xe7037ed1a0b428dbULL, kP2 = 0x8ebc6af09c88c6e3ULL;

// (addr a, port pa) <= (addr b, port pb), addresses compared as big-endian numbers.
// Two word compares instead of a memcmp call: this runs for every packet.
inline bool endpoint_le(const uint8_t* a, uint16_t pa, const uint8_t* b, uint16_t pb) {
    uint64_t a0 = __builtin_bswap64(load64(a)), b0 = __builtin_bswap64(load64(b));
    if (a0 != b0) return a0 < b0;
    uint64_t a1 = __builtin_bswap64(load64(a + 8)), b1 = __builtin_bswap64(load64(b + 8));
    if (a1 != b1) return a1 < b1;
    return pa <= pb;
}

bool l4_port_bearing(uint8_t proto) { return proto == 6 || proto == 17 || proto == 132; }

}  // namespace

bool make_flow_key(const Packet& p, FlowKey& key, bool& src_is_lo) {
    if (p.ip_version != 4 && p.ip_version != 6) return false;
    uint16_t sp = 0, dp = 0;
    if (p.decoded_l4 && l4_port_bearing(p.ip_proto)) {
        sp = p.sp;
        dp = p.dp;
    } else if (p.is_icmp() && p.icmp_has_id_seq) {
        // Echo request and reply carry the same id but different types: keying on the
        // id alone puts a ping and its answer in one flow, and separate pings apart.
        sp = dp = p.icmp_id;
    }
    src_is_lo = endpoint_le(p.src.bytes.data(), sp, p.dst.bytes.data(), dp);
    const IpAddr& lo = src_is_lo ? p.src : p.dst;
    const IpAddr& hi = src_is_lo ? p.dst : p.src;
    std::memcpy(key.addr_lo, lo.bytes.data(), 16);
    std::memcpy(key.addr_hi, hi.bytes.data(), 16);
    // The tail of the key is written as two whole words: the hash reads it back as
    // words right away, and narrow stores would stall that (no store forwarding).
    uint64_t w4 = uint64_t(src_is_lo ? sp : dp) | uint64_t(src_is_lo ? dp : sp) << 16 |
                  uint64_t(p.vlan_count > 0 ? p.vlan_id[0] : 0) << 32 |
                  uint64_t(p.vlan_count > 1 ? p.vlan_id[1] : 0) << 48;
    uint64_t w5 = uint64_t(p.ip_proto) | uint64_t(p.ip_version) << 8;
    if constexpr (std::endian::native == std::endian::big) {
        w4 = __builtin_bswap64(w4);  // keep field order: port_lo is the first 16 bits in memory
        w4 = (w4 >> 48) | ((w4 >> 16) & 0xffff0000ULL) | ((w4 << 16) & 0xffff00000000ULL) | (w4 << 48);
        w5 = __builtin_bswap64(w5);
    }
    auto* kb = reinterpret_cast<uint8_t*>(&key);
    std::memcpy(kb + offsetof(FlowKey, port_lo), &w4, 8);
    std::memcpy(kb + offsetof(FlowKey, proto), &w5, 8);
    return true;
}

uint64_t hash_flow_key(const FlowKey& key, uint64_t seed) {
    const auto* b = reinterpret_cast<const uint8_t*>(&key);
    // Three independent multiplies (they run in parallel), then one to combine them.
    uint64_t h0 = fold_mul(load64(b + 0) ^ kP0, load64(b + 8) ^ seed);
    uint64_t h1 = fold_mul(load64(b + 16) ^ kP1, load64(b + 24) ^ seed);
    uint64_t h2 = fold_mul(load64(b + 32) ^ kP2, load64(b + 40) ^ seed);
    return fold_mul(h0 ^ (h1 << 29 | h1 >> 35) ^ kP1, h2 ^ h1 ^ kP0);
}

uint64_t symmetric_hash(const Packet& p, uint64_t seed) {
    FlowKey key;
    bool src_is_lo;
    if (!make_flow_key(p, key, src_is_lo)) return 0;
    return hash_flow_key(key, seed);
}

uint64_t make_flow_id(uint64_t key_hash, const Timestamp& start) {
    constexpr uint64_t kMask = (uint64_t(1) << 51) - 1;
    uint64_t id = fold_mul(key_hash ^ kP2, uint64_t(start.usec_total()) ^ kP0) & kMask;
    return id != 0 ? id : 1;
}

}  // namespace vigie
