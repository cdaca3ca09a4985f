// Owner of one compiled PCRE2 pattern; Pcre::compiled points here, shared by
// identical (pattern, options) pairs across the rules of one load.
#pragma once
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace vigie::rules {

struct CompiledPcre {
    pcre2_code* code = nullptr;
    CompiledPcre() = default;
    explicit CompiledPcre(pcre2_code* c) : code(c) {}
    CompiledPcre(const CompiledPcre&) = delete;
    CompiledPcre& operator=(const CompiledPcre&) = delete;
    ~CompiledPcre();
};

}  // namespace vigie::rules
