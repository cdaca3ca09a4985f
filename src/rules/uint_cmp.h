// The integer comparison grammar shared by dsize, ttl, bsize, itype, urilen, ...:
// n, =n, !n, !=n, <n, <=n, >n, >=n, a-b, a<>b (exclusive ranges), !a-b.
// Values are decimal or 0x hex, optionally with a kb/mb/gb (1024-based) suffix.
#pragma once
#include <cstdint>
#include <string_view>

#include "common/result.h"
#include "rules/rule.h"

namespace vigie::rules {

Result<UintCmp> parse_uint_cmp(std::string_view text, uint64_t max);

}  // namespace vigie::rules
