#include "detect/pcre_program.h"

namespace vigie::detect {

Result<std::unique_ptr<PcreProgram>> PcreProgram::compile(const std::string& pattern, uint32_t options) {
    int err = 0;
    PCRE2_SIZE erroff = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err,
                                     &erroff, nullptr);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        return make_error("pcre \"" + pattern + "\": " + reinterpret_cast<const char*>(msg) + " at offset " +
                          std::to_string(erroff));
    }
    std::unique_ptr<PcreProgram> p(new PcreProgram());
    p->code_ = code;
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    p->pairs_ = captures + 1;
    // JIT is an optimisation: a regex the JIT refuses still runs in the interpreter.
    p->jit_ = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    return p;
}

PcreProgram::~PcreProgram() { pcre2_code_free(code_); }

PcreScratch::PcreScratch(uint32_t max_pairs, uint32_t match_limit, uint32_t depth_limit) {
    md_ = pcre2_match_data_create(max_pairs ? max_pairs : 1, nullptr);
    mctx_ = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(mctx_, match_limit);
    pcre2_set_depth_limit(mctx_, depth_limit);
}

PcreScratch::~PcreScratch() {
    pcre2_match_data_free(md_);
    pcre2_match_context_free(mctx_);
}

PcreScratch::Outcome PcreScratch::match(const PcreProgram& prog, const uint8_t* buf, uint32_t len, uint32_t start,
                                        uint32_t* mstart, uint32_t* mend) {
    static const uint8_t kEmpty = 0;  // PCRE2 wants a non-null subject even when empty
    int rc = pcre2_match(prog.code(), buf ? buf : &kEmpty, len, start, 0, md_, mctx_);
    if (rc == PCRE2_ERROR_NOMATCH) return Outcome::NoMatch;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return Outcome::Limit;
    if (rc < 0) return Outcome::NoMatch;
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md_);
    *mstart = uint32_t(ov[0]);
    *mend = uint32_t(ov[1]);
    return Outcome::Match;
}

PcreScratch::Outcome PcreScratch::match_last_group(const PcreProgram& prog, const uint8_t* buf, uint32_t len,
                                                   uint32_t* gstart, uint32_t* gend) {
    static const uint8_t kEmpty = 0;
    int rc = pcre2_match(prog.code(), buf ? buf : &kEmpty, len, 0, 0, md_, mctx_);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        return Outcome::Limit;
    if (rc <= 0) return Outcome::NoMatch;  // 0: the ovector was too small (cannot happen: sized for the largest)
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md_);
    const int last = rc - 1;
    *gstart = uint32_t(ov[2 * last]);
    *gend = uint32_t(ov[2 * last + 1]);
    return Outcome::Match;
}

}  // namespace vigie::detect
