#include "detect/payload_match.h"

#include <algorithm>
#include <cstring>

#include "detect/byte_ops.h"

namespace vigie::detect {

namespace {

struct Ctx {
    const CompiledList& r;
    const std::vector<rules::PayloadMatch>& m;
    const uint8_t* buf;
    uint32_t len;
    uint32_t new_from;
    PayloadScratch& s;
    uint32_t budget;
};

inline uint8_t lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? uint8_t(c + 32) : c; }

int64_t resolve(const rules::IntOrVar& v, const int64_t* vars) { return v.is_var() ? vars[v.var] : v.value; }

// The window [lo, hi) a content must lie in, given the cursor `pos`.
void content_window(const rules::Content& c, const Ctx& x, uint32_t pos, int64_t* lo, int64_t* hi) {
    int64_t l = 0, h = x.len;
    if (c.relative()) {
        int64_t d = c.distance ? resolve(*c.distance, x.s.vars) : 0;
        l = int64_t(pos) + d;
        // within is counted from the point distance leads to.
        if (c.within) h = std::min<int64_t>(h, int64_t(pos) + d + resolve(*c.within, x.s.vars));
        if (l < 0) l = 0;
    } else {
        if (c.offset) l = std::max<int64_t>(0, resolve(*c.offset, x.s.vars));
        if (c.depth) h = std::min<int64_t>(h, l + resolve(*c.depth, x.s.vars));  // depth counts from offset
    }
    if (c.startswith) {
        l = 0;
        h = std::min<int64_t>(h, int64_t(c.bytes.size()));
    }
    *lo = l;
    *hi = h;
}

bool step(Ctx& x, size_t i, uint32_t pos, uint32_t max_end);

// Continue after keyword i matched with the cursor at `pos`.
inline bool next(Ctx& x, size_t i, uint32_t pos, uint32_t max_end) {
    return step(x, i + 1, pos, std::max(pos, max_end));
}

// Retry an earlier match at its next occurrence only when that can change the outcome:
// the next keyword is relative to it, or (streams) the match must reach the new bytes.
bool retry_allowed(Ctx& x, size_t i) {
    if (!x.r.relative_next[i] && x.new_from == 0) return false;
    if (x.budget == 0) {
        x.s.recursion_limit_hit = true;
        return false;
    }
    return true;
}

bool do_content(Ctx& x, size_t i, const rules::Content& c, uint32_t pos, uint32_t max_end) {
    int64_t lo, hi;
    content_window(c, x, pos, &lo, &hi);
    const int64_t plen = int64_t(c.bytes.size());
    if (c.endswith) {
        // Only one place can end the buffer.
        int64_t at = int64_t(x.len) - plen;
        bool found = at >= lo && at + plen <= hi && at >= 0 &&
                     find_pattern(x.buf, at, at + plen, c.bytes, c.nocase) == at;
        if (c.negated) return !found && step(x, i + 1, pos, max_end);
        return found && next(x, i, uint32_t(at + plen), max_end);
    }
    if (c.negated) {
        if (find_pattern(x.buf, lo, hi, c.bytes, c.nocase) >= 0) return false;
        return step(x, i + 1, pos, max_end);
    }
    int64_t from = lo;
    while (true) {
        int64_t at = find_pattern(x.buf, from, hi, c.bytes, c.nocase);
        if (at < 0) return false;
        if (next(x, i, uint32_t(at + plen), max_end)) return true;
        if (!retry_allowed(x, i)) return false;
        from = at + 1;
    }
}

bool do_pcre(Ctx& x, size_t i, const rules::Pcre& p, uint32_t pos, uint32_t max_end) {
    const PcreProgram* prog = x.r.pcres[i];
    if (!prog) return false;
    // As Suricata, a relative regex sees the buffer from the cursor on, so ^ anchors there.
    const uint32_t base = p.relative ? std::min(pos, x.len) : 0;
    uint32_t start = 0;  // in the subject buf[base, len)
    while (true) {
        if (base + start > x.len) return p.negated && step(x, i + 1, pos, max_end);
        uint32_t ms = 0, me = 0;
        auto out = x.s.pcre->match(*prog, x.buf + base, x.len - base, start, &ms, &me);
        if (out == PcreScratch::Outcome::Limit) {
            x.s.pcre_limit_hit = true;
            return false;  // as Suricata: an aborted regex matches neither way
        }
        if (p.negated) return out == PcreScratch::Outcome::NoMatch && step(x, i + 1, pos, max_end);
        if (out == PcreScratch::Outcome::NoMatch) return false;
        if (next(x, i, base + me, max_end)) return true;
        if (!retry_allowed(x, i)) return false;
        start = ms + 1;
    }
}

bool do_isdataat(Ctx& x, size_t i, const rules::IsDataAt& d, uint32_t pos, uint32_t max_end) {
    int64_t off = resolve(d.offset, x.s.vars);
    // Suricata: relative means bytes [pos, pos+off) exist; absolute means byte `off` exists.
    bool has = d.relative ? int64_t(pos) + off <= int64_t(x.len) : (off >= 0 && off < int64_t(x.len));
    if (has == d.negated) return false;
    return step(x, i + 1, pos, max_end);
}

bool step(Ctx& x, size_t i, uint32_t pos, uint32_t max_end) {
    if (x.budget == 0) {
        x.s.recursion_limit_hit = true;
        return false;
    }
    --x.budget;
    if (i == x.m.size()) return x.new_from == 0 || max_end > x.new_from;
    const auto& km = x.m[i];
    if (auto* c = std::get_if<rules::Content>(&km)) return do_content(x, i, *c, pos, max_end);
    if (auto* p = std::get_if<rules::Pcre>(&km)) return do_pcre(x, i, *p, pos, max_end);
    if (auto* d = std::get_if<rules::IsDataAt>(&km)) return do_isdataat(x, i, *d, pos, max_end);
    if (auto* b = std::get_if<rules::Bsize>(&km)) return b->cmp.matches(x.len) && step(x, i + 1, pos, max_end);
    ByteCursor cur{x.buf, x.len, pos, x.s.vars};
    if (auto* t = std::get_if<rules::ByteTest>(&km)) return byte_test(*t, cur) && step(x, i + 1, pos, max_end);
    if (auto* j = std::get_if<rules::ByteJump>(&km)) return byte_jump(*j, cur) && next(x, i, cur.pos, max_end);
    if (auto* e = std::get_if<rules::ByteExtract>(&km)) return byte_extract(*e, cur) && next(x, i, cur.pos, max_end);
    if (auto* bm = std::get_if<rules::ByteMath>(&km)) return byte_math(*bm, cur) && next(x, i, cur.pos, max_end);
    return false;
}

}  // namespace

int64_t find_pattern(const uint8_t* buf, int64_t lo, int64_t hi, const std::string& pat, bool nocase) {
    const int64_t plen = int64_t(pat.size());
    if (lo < 0) lo = 0;
    if (plen == 0) return lo <= hi ? lo : -1;
    if (hi - lo < plen) return -1;
    const auto* p = reinterpret_cast<const uint8_t*>(pat.data());
    const int64_t last = hi - plen;
    if (!nocase) {
        for (int64_t at = lo; at <= last;) {
            const void* f = std::memchr(buf + at, p[0], size_t(last - at + 1));
            if (!f) return -1;
            at = static_cast<const uint8_t*>(f) - buf;
            if (std::memcmp(buf + at + 1, p + 1, size_t(plen - 1)) == 0) return at;
            ++at;
        }
        return -1;
    }
    const uint8_t first = lower(p[0]);
    for (int64_t at = lo; at <= last; ++at) {
        if (lower(buf[at]) != first) continue;
        int64_t k = 1;
        while (k < plen && lower(buf[at + k]) == lower(p[k])) ++k;
        if (k == plen) return at;
    }
    return -1;
}

bool match_list(const CompiledList& l, const PayloadInput& in, PayloadScratch& s) {
    if (!l) return true;
    Ctx x{l, l.list->matches, in.buf, in.len, in.new_from, s, s.recursion_limit};
    return step(x, 0, 0, 0);
}

bool match_payload(const CompiledRule& r, const PayloadInput& in, PayloadScratch& s) {
    return match_list(r.payload, in, s);
}

}  // namespace vigie::detect
