// The few behaviours declared in rule.h: set membership and number comparison.
#include <algorithm>

#include "rules/rule.h"

namespace vigie::rules {
namespace {
// Ranges are ordered v4 before v6, then by address bytes.
bool addr_less(const IpAddr& a, const IpAddr& b) {
    if (a.family != b.family) return a.family < b.family;
    return a.bytes < b.bytes;
}
}  // namespace

bool AddressSet::contains(const IpAddr& a) const {
    if (any) return true;
    // first range whose lo is greater than a; the candidate is the one before it
    auto it = std::upper_bound(ranges.begin(), ranges.end(), a,
                               [](const IpAddr& x, const AddrRange& r) { return addr_less(x, r.lo); });
    if (it == ranges.begin()) return false;
    const AddrRange& r = *std::prev(it);
    return r.lo.family == a.family && !addr_less(r.hi, a);
}

bool PortSet::contains(uint16_t p) const {
    if (any) return true;
    auto it = std::upper_bound(ranges.begin(), ranges.end(), p,
                               [](uint16_t x, const PortRange& r) { return x < r.lo; });
    if (it == ranges.begin()) return false;
    return p <= std::prev(it)->hi;
}

bool UintCmp::matches(uint64_t x) const {
    switch (op) {
        case Op::Eq: return x == a;
        case Op::Ne: return x != a;
        case Op::Lt: return x < a;
        case Op::Le: return x <= a;
        case Op::Gt: return x > a;
        case Op::Ge: return x >= a;
        case Op::RangeExclusive: return x > a && x < b;
        case Op::RangeInclusive: return x >= a && x <= b;
        case Op::NotRange: return x <= a || x >= b;
    }
    return false;
}

bool Rule::is_payload_rule() const {
    return std::any_of(buffers.begin(), buffers.end(),
                       [](const BufferMatches& b) { return b.buffer == "payload" && !b.matches.empty(); });
}

}  // namespace vigie::rules
