// Payload inspection: evaluate a rule's payload keywords, in order, on one buffer,
// with Suricata's relative matching and backtracking (a failed relative keyword makes
// the previous content/pcre retry at its next occurrence, up to a recursion limit).
#pragma once
#include <cstdint>

#include "detect/compiled_rule.h"
#include "detect/pcre_program.h"

namespace vigie::detect {

struct PayloadInput {
    const uint8_t* buf = nullptr;
    uint32_t len = 0;
    // Stream chunks: the match must reach past this offset (its furthest matched byte
    // lies in the new data), so bytes already inspected never alert again. 0 = no bound.
    uint32_t new_from = 0;
};

struct PayloadScratch {
    PcreScratch* pcre = nullptr;
    int64_t* vars = nullptr;       // at least rule->variables.size() entries
    uint32_t recursion_limit = 3000;
    // out
    bool recursion_limit_hit = false;
    bool pcre_limit_hit = false;
};

bool match_payload(const CompiledRule& r, const PayloadInput& in, PayloadScratch& s);
// Any keyword list (the payload list or an app-layer buffer's) on one buffer.
bool match_list(const CompiledList& l, const PayloadInput& in, PayloadScratch& s);

// Find `pat` in buf[lo, hi) (the whole pattern inside), case-insensitively for ASCII
// when nocase. Returns the position or -1.
int64_t find_pattern(const uint8_t* buf, int64_t lo, int64_t hi, const std::string& pat, bool nocase);

}  // namespace vigie::detect
