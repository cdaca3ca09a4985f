// byte_test, byte_jump, byte_extract and byte_math on one buffer, with Suricata's
// semantics (see NOTES.md "Byte keywords"). Each reads a number at an absolute offset
// or relative to the cursor (end of the previous match) and either tests it, moves the
// cursor, or stores it in a rule variable.
#pragma once
#include <cstdint>

#include "rules/rule.h"

namespace vigie::detect {

struct ByteCursor {
    const uint8_t* buf;
    uint32_t len;
    uint32_t pos;        // end of the previous match (relative base)
    int64_t* vars;       // the rule's byte_extract / byte_math variables
};

// Read `nbytes` at buf[at] as a number: raw big/little endian (dce = little), or text
// in base 8/10/16 (at least one digit; parsing stops at the first non-digit, as
// Suricata's strtoull-based reader does). False when out of bounds or not a number.
bool read_number(const uint8_t* buf, uint32_t len, int64_t at, uint8_t nbytes, rules::Endian endian,
                 rules::NumBase base, uint64_t* out);

// Apply a bitmask: AND, then shift right by the mask's trailing zero bits (Suricata).
uint64_t apply_bitmask(uint64_t v, uint64_t mask);

bool byte_test(const rules::ByteTest& t, const ByteCursor& c);
// On success the cursor moves to the jump target.
bool byte_jump(const rules::ByteJump& j, ByteCursor& c);
// On success the variable is set and the cursor moves past the bytes read.
bool byte_extract(const rules::ByteExtract& e, ByteCursor& c);
bool byte_math(const rules::ByteMath& m, ByteCursor& c);

}  // namespace vigie::detect
