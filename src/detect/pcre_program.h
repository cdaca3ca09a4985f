// PcreProgram: one compiled (and JIT-compiled) PCRE2 regex, shared by every rule
// that uses the same pattern and options. Matching needs per-worker match data.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/result.h"

namespace vigie::detect {

class PcreProgram {
public:
    static Result<std::unique_ptr<PcreProgram>> compile(const std::string& pattern, uint32_t options);
    ~PcreProgram();
    PcreProgram(const PcreProgram&) = delete;
    PcreProgram& operator=(const PcreProgram&) = delete;

    const pcre2_code* code() const { return code_; }
    uint32_t capture_pairs() const { return pairs_; }
    bool jit() const { return jit_; }

private:
    PcreProgram() = default;
    pcre2_code* code_ = nullptr;
    uint32_t pairs_ = 1;
    bool jit_ = false;
};

// Per-worker matching state: match data sized for the largest regex, and a match
// context carrying Suricata's match limits.
class PcreScratch {
public:
    PcreScratch(uint32_t max_pairs, uint32_t match_limit, uint32_t depth_limit);
    ~PcreScratch();
    PcreScratch(const PcreScratch&) = delete;
    PcreScratch& operator=(const PcreScratch&) = delete;

    enum class Outcome : uint8_t { Match, NoMatch, Limit };
    // Search buf[start, len); on a match, [*mstart, *mend) is the whole-match span.
    Outcome match(const PcreProgram& prog, const uint8_t* buf, uint32_t len, uint32_t start, uint32_t* mstart,
                  uint32_t* mend);
    // Search buf[0, len); on a match, [*gstart, *gend) is the last capture group that
    // was set (the whole match when there is none): pcrexform's output, as Suricata's.
    Outcome match_last_group(const PcreProgram& prog, const uint8_t* buf, uint32_t len, uint32_t* gstart,
                             uint32_t* gend);

private:
    pcre2_match_data* md_ = nullptr;
    pcre2_match_context* mctx_ = nullptr;
};

}  // namespace vigie::detect
