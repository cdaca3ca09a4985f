#include "detect/fast_pattern.h"

#include <bitset>

namespace vigie::detect {

namespace {

uint32_t byte_weight(uint8_t c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == 0x00 || c == 0xff) return 2;
    if (c >= 0x21 && c <= 0x7e) return 4;  // uppercase and punctuation
    if (c == '\r' || c == '\n' || c == '\t') return 3;
    return 6;  // other control and high bytes
}

FastPattern make_pattern(const rules::Content& c, uint32_t index) {
    FastPattern fp;
    fp.match_index = index;
    fp.nocase = c.nocase;
    fp.bytes = c.bytes;
    if (c.fast_pattern_chop) {
        auto [off, len] = *c.fast_pattern_chop;
        if (off < c.bytes.size()) fp.bytes = c.bytes.substr(off, len);
    }
    return fp;
}

}  // namespace

uint32_t pattern_strength(const std::string& bytes) {
    std::bitset<256> seen;
    uint32_t score = 0;
    for (unsigned char c : bytes) {
        if (seen.test(c)) {
            score += 1;
        } else {
            seen.set(c);
            score += byte_weight(c);
        }
    }
    return score;
}

std::optional<FastPattern> choose_fast_pattern(const rules::BufferMatches& buf) {
    std::optional<FastPattern> best;
    uint32_t best_strength = 0;
    for (uint32_t i = 0; i < buf.matches.size(); ++i) {
        const auto* c = std::get_if<rules::Content>(&buf.matches[i]);
        if (!c || c->negated || c->bytes.empty()) continue;
        if (c->fast_pattern) {
            FastPattern fp = make_pattern(*c, i);
            if (!fp.bytes.empty()) return fp;
        }
        uint32_t strength = pattern_strength(c->bytes);
        bool better = !best || c->bytes.size() > best->bytes.size() ||
                      (c->bytes.size() == best->bytes.size() && strength > best_strength);
        if (better) {
            best = make_pattern(*c, i);
            best->bytes = c->bytes;  // chop applies only to the explicit fast_pattern
            best_strength = strength;
        }
    }
    return best;
}

}  // namespace vigie::detect
