#include "output/json_line.h"

#include <charconv>

namespace vigie::output {

namespace {

// Length of the well-formed UTF-8 sequence starting at s[0] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when there is none.
size_t utf8_sequence(const unsigned char* s, size_t n) {
    const unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) lo = 0xa0;        // overlong
        if (c == 0xed) hi = 0x9f;        // surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) lo = 0x90;        // overlong
        if (c == 0xf4) hi = 0x8f;        // above U+10FFFF
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; ++i)
        if (s[i] < 0x80 || s[i] > 0xbf) return 0;
    return len;
}

}  // namespace

void JsonLine::append_string(std::string_view v) {
    static constexpr char kHex[] = "0123456789abcdef";
    buf_.push_back('"');
    const auto* s = reinterpret_cast<const unsigned char*>(v.data());
    for (size_t i = 0; i < v.size(); ++i) {
        const unsigned char c = s[i];
        switch (c) {
            case '"': buf_.append("\\\""); break;
            case '\\': buf_.append("\\\\"); break;
            case '\n': buf_.append("\\n"); break;
            case '\r': buf_.append("\\r"); break;
            case '\t': buf_.append("\\t"); break;
            case '\b': buf_.append("\\b"); break;
            case '\f': buf_.append("\\f"); break;
            default:
                if (c >= 0x20 && c < 0x7f) {
                    buf_.push_back(static_cast<char>(c));
                } else if (size_t len = c >= 0x80 ? utf8_sequence(s + i, v.size() - i) : 0) {
                    // Well-formed UTF-8 (a user agent, a certificate subject) is kept
                    // as written, so names in other scripts stay readable.
                    buf_.append(reinterpret_cast<const char*>(s + i), len);
                    i += len - 1;
                } else {
                    // Control bytes and bytes that are not UTF-8 are escaped one by
                    // one, so the line stays valid JSON whatever the traffic carried.
                    buf_.append("\\u00");
                    buf_.push_back(kHex[c >> 4]);
                    buf_.push_back(kHex[c & 15]);
                }
        }
    }
    buf_.push_back('"');
}

void JsonLine::append_int(int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
}

void JsonLine::append_uint(uint64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
}

void append_base64(std::string& out, const uint8_t* data, size_t len) {
    static constexpr char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t n = (uint32_t(data[i]) << 16) | (uint32_t(data[i + 1]) << 8) | data[i + 2];
        out.push_back(kTable[(n >> 18) & 63]);
        out.push_back(kTable[(n >> 12) & 63]);
        out.push_back(kTable[(n >> 6) & 63]);
        out.push_back(kTable[n & 63]);
    }
    size_t rest = len - i;
    if (rest == 1) {
        uint32_t n = uint32_t(data[i]) << 16;
        out.push_back(kTable[(n >> 18) & 63]);
        out.push_back(kTable[(n >> 12) & 63]);
        out.append("==");
    } else if (rest == 2) {
        uint32_t n = (uint32_t(data[i]) << 16) | (uint32_t(data[i + 1]) << 8);
        out.push_back(kTable[(n >> 18) & 63]);
        out.push_back(kTable[(n >> 12) & 63]);
        out.push_back(kTable[(n >> 6) & 63]);
        out.push_back('=');
    }
}

void append_printable(std::string& out, const uint8_t* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        unsigned char c = data[i];
        out.push_back((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t' ? char(c) : '.');
    }
}

}  // namespace vigie::output
