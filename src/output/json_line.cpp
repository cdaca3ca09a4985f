#include "output/json_line.h"

#include <charconv>

namespace vigie::output {

void JsonLine::append_string(std::string_view v) {
    static constexpr char kHex[] = "0123456789abcdef";
    buf_.push_back('"');
    for (unsigned char c : v) {
        switch (c) {
            case '"': buf_.append("\\\""); break;
            case '\\': buf_.append("\\\\"); break;
            case '\n': buf_.append("\\n"); break;
            case '\r': buf_.append("\\r"); break;
            case '\t': buf_.append("\\t"); break;
            case '\b': buf_.append("\\b"); break;
            case '\f': buf_.append("\\f"); break;
            default:
                if (c < 0x20 || c >= 0x7f) {
                    // Bytes outside printable ASCII are escaped one by one so the line
                    // stays valid JSON whatever the traffic carried (never invalid UTF-8).
                    buf_.append("\\u00");
                    buf_.push_back(kHex[c >> 4]);
                    buf_.push_back(kHex[c & 15]);
                } else {
                    buf_.push_back(static_cast<char>(c));
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
