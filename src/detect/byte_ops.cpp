#include "detect/byte_ops.h"

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace vigie::detect {

namespace {

int64_t resolve(const rules::IntOrVar& v, const int64_t* vars) { return v.is_var() ? vars[v.var] : v.value; }

// Start of the bytes to read: absolute offset, or cursor + offset when relative.
// read_number then checks that the bytes lie inside the buffer.
bool start_of(bool relative, int64_t offset, const ByteCursor& c, int64_t* at) {
    *at = relative ? int64_t(c.pos) + offset : offset;
    return *at >= 0;
}

}  // namespace

bool read_number(const uint8_t* buf, uint32_t len, int64_t at, uint8_t nbytes, rules::Endian endian,
                 rules::NumBase base, uint64_t* out) {
    if (at < 0 || nbytes == 0 || at + nbytes > int64_t(len)) return false;
    const uint8_t* p = buf + at;
    if (base == rules::NumBase::Binary) {
        if (nbytes > 8) return false;
        uint64_t v = 0;
        if (endian == rules::Endian::Big) {
            for (uint8_t i = 0; i < nbytes; ++i) v = (v << 8) | p[i];
        } else {  // Little, and Dce which is little endian until DCE/RPC state exists
            for (uint8_t i = nbytes; i > 0; --i) v = (v << 8) | p[i - 1];
        }
        *out = v;
        return true;
    }
    if (nbytes > 23) return false;
    char text[24];
    std::memcpy(text, p, nbytes);
    text[nbytes] = '\0';
    int radix = base == rules::NumBase::Hex ? 16 : base == rules::NumBase::Oct ? 8 : 10;
    char* end = nullptr;
    uint64_t v = std::strtoull(text, &end, radix);
    if (end == text) return false;
    *out = v;
    return true;
}

uint64_t apply_bitmask(uint64_t v, uint64_t mask) {
    v &= mask;
    if (v && mask) v >>= __builtin_ctzll(mask);
    return v;
}

bool byte_test(const rules::ByteTest& t, const ByteCursor& c) {
    int64_t at = 0;
    if (!start_of(t.relative, resolve(t.offset, c.vars), c, &at)) return false;
    uint64_t v = 0;
    if (!read_number(c.buf, c.len, at, t.nbytes, t.endian, t.base, &v)) return false;
    if (t.bitmask) v = apply_bitmask(v, *t.bitmask);
    const uint64_t want = uint64_t(resolve(t.value, c.vars));
    bool m = false;
    const std::string& op = t.op;
    if (op == "<") m = v < want;
    else if (op == ">") m = v > want;
    else if (op == "=") m = v == want;
    else if (op == "<=") m = v <= want;
    else if (op == ">=") m = v >= want;
    else if (op == "&") m = (v & want) != 0;
    else if (op == "^") m = (v ^ want) != 0;
    else return false;
    return t.op_negated ? !m : m;
}

bool byte_jump(const rules::ByteJump& j, ByteCursor& c) {
    if (c.len == 0) return false;
    int64_t at = 0;
    if (!start_of(j.relative, resolve(j.offset, c.vars), c, &at)) return false;
    uint64_t v = 0;
    if (!read_number(c.buf, c.len, at, j.nbytes, j.endian, j.base, &v)) return false;
    if (j.bitmask) v = apply_bitmask(v, *j.bitmask);
    // Wrapping arithmetic as Suricata's uint64 maths; a huge jump then fails the bounds test.
    uint64_t u = v * uint64_t(j.multiplier);
    if (j.align && u % 4 != 0) u += 4 - u % 4;
    if (u > uint64_t(INT32_MAX)) return false;  // beyond any buffer
    int64_t jump = int64_t(u) + j.post_offset;
    int64_t target;
    if (j.from_beginning) target = jump;
    else if (j.from_end) target = int64_t(c.len) + jump;
    else target = at + j.nbytes + jump;
    // Suricata clamps a jump before the buffer to its start and fails one past its end.
    if (target < 0) target = 0;
    if (target >= int64_t(c.len)) return false;
    c.pos = uint32_t(target);
    return true;
}

bool byte_extract(const rules::ByteExtract& e, ByteCursor& c) {
    int64_t at = 0;
    if (!start_of(e.relative, e.offset, c, &at)) return false;
    uint64_t v = 0;
    if (!read_number(c.buf, c.len, at, e.nbytes, e.endian, e.base, &v)) return false;
    if (e.bitmask) v = apply_bitmask(v, *e.bitmask);
    v *= uint64_t(e.multiplier);
    if (e.align > 1 && v % e.align != 0) v += e.align - v % e.align;
    if (e.var >= 0) c.vars[e.var] = int64_t(v);
    c.pos = uint32_t(at + e.nbytes);
    return true;
}

bool byte_math(const rules::ByteMath& m, ByteCursor& c) {
    int64_t at = 0;
    if (!start_of(m.relative, resolve(m.offset, c.vars), c, &at)) return false;
    uint64_t v = 0;
    if (!read_number(c.buf, c.len, at, m.nbytes, m.endian, m.base, &v)) return false;
    const uint64_t r = uint64_t(resolve(m.rvalue, c.vars));
    switch (m.oper) {
        case '+': v += r; break;
        case '-': v -= r; break;
        case '*': v *= r; break;
        case '/':
            if (r == 0) return false;
            v /= r;
            break;
        case '<': v = r >= 64 ? 0 : v << r; break;
        case '>': v = r >= 64 ? 0 : v >> r; break;
        default: return false;
    }
    // Suricata masks the result of the operation, not the bytes read.
    if (m.bitmask) v = apply_bitmask(v, *m.bitmask);
    if (m.result_var >= 0) c.vars[m.result_var] = int64_t(v);
    c.pos = uint32_t(at + m.nbytes);
    return true;
}

}  // namespace vigie::detect
