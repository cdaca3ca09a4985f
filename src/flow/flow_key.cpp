#include "flow/flow_key.h"

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
    int c = std::memcmp(p.src.bytes.data(), p.dst.bytes.data(), 16);
    src_is_lo = c < 0 || (c == 0 && sp <= dp);
    const IpAddr& lo = src_is_lo ? p.src : p.dst;
    const IpAddr& hi = src_is_lo ? p.dst : p.src;
    std::memcpy(key.addr_lo, lo.bytes.data(), 16);
    std::memcpy(key.addr_hi, hi.bytes.data(), 16);
    key.port_lo = src_is_lo ? sp : dp;
    key.port_hi = src_is_lo ? dp : sp;
    key.vlan[0] = p.vlan_count > 0 ? p.vlan_id[0] : 0;
    key.vlan[1] = p.vlan_count > 1 ? p.vlan_id[1] : 0;
    key.proto = p.ip_proto;
    key.family = p.ip_version;
    std::memset(key.reserved, 0, sizeof key.reserved);
    return true;
}

uint64_t hash_flow_key(const FlowKey& key, uint64_t seed) {
    const auto* b = reinterpret_cast<const uint8_t*>(&key);
    uint64_t h = seed ^ kP0;
    h = fold_mul(load64(b + 0) ^ kP1, load64(b + 8) ^ h);
    h = fold_mul(load64(b + 16) ^ kP1, load64(b + 24) ^ h);
    h = fold_mul(load64(b + 32) ^ kP1, load64(b + 40) ^ h);
    return fold_mul(h ^ kP2, sizeof(FlowKey) ^ kP1);
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
