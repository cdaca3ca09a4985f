// Fast-pattern choice: which content of a rule's payload buffer goes into the group's
// Hyperscan database. A packet reaches full inspection of a rule only if this pattern
// occurs in the inspected buffer, so the choice must be a content every match contains.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "rules/rule.h"

namespace vigie::detect {

struct FastPattern {
    uint32_t match_index = 0;  // index of the Content in BufferMatches::matches
    std::string bytes;         // the pattern (after fast_pattern chop)
    bool nocase = false;
};

// Rarity score of a pattern: distinct bytes count by how uncommon they are in traffic
// (lowercase letters, digits, space, 0x00 and 0xff are common; control bytes are rare),
// repeated bytes add little. Used only to break length ties.
uint32_t pattern_strength(const std::string& bytes);

// The explicit fast_pattern (if it is on a positive content) wins; otherwise the
// longest positive content, ties broken by pattern_strength, then by rule order.
// Negated contents never qualify: their absence cannot be prefiltered by a hit.
// None when the buffer has no positive content (the rule is then always evaluated).
std::optional<FastPattern> choose_fast_pattern(const rules::BufferMatches& buf);

}  // namespace vigie::detect
