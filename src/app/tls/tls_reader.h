// Reader: bounds-checked big-endian reads over one handshake message. Every read
// fails (returns false) rather than run past the end, so truncated or lying
// length fields end the parse instead of reading out of bounds.
#pragma once
#include <cstdint>

namespace vigie::app::tls {

struct Reader {
    const uint8_t* p = nullptr;
    uint32_t n = 0;

    bool empty() const { return n == 0; }
    bool u8(uint8_t& v) {
        if (n < 1) return false;
        v = p[0];
        skip_unchecked(1);
        return true;
    }
    bool u16(uint16_t& v) {
        if (n < 2) return false;
        v = uint16_t((p[0] << 8) | p[1]);
        skip_unchecked(2);
        return true;
    }
    bool u24(uint32_t& v) {
        if (n < 3) return false;
        v = (uint32_t(p[0]) << 16) | (uint32_t(p[1]) << 8) | p[2];
        skip_unchecked(3);
        return true;
    }
    // A sub-reader over the next `len` bytes, consumed from this one.
    bool sub(uint32_t len, Reader& out) {
        if (n < len) return false;
        out = Reader{p, len};
        skip_unchecked(len);
        return true;
    }
    // Length-prefixed vectors (1, 2 or 3 length bytes), as in RFC 8446 §3.4.
    bool vec8(Reader& out) {
        uint8_t l;
        return u8(l) && sub(l, out);
    }
    bool vec16(Reader& out) {
        uint16_t l;
        return u16(l) && sub(l, out);
    }
    bool vec24(Reader& out) {
        uint32_t l;
        return u24(l) && sub(l, out);
    }

private:
    void skip_unchecked(uint32_t k) {
        p += k;
        n -= k;
    }
};

}  // namespace vigie::app::tls
