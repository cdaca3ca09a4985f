// Unaligned loads in file byte order. Capture files are written in the byte
// order of the writer, so every field read goes through these.
#pragma once
#include <cstdint>
#include <cstring>

namespace vigie::capture_detail {

inline uint16_t load16(const uint8_t* p, bool swap) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return swap ? __builtin_bswap16(v) : v;
}
inline uint32_t load32(const uint8_t* p, bool swap) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}
inline uint64_t load64(const uint8_t* p, bool swap) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return swap ? __builtin_bswap64(v) : v;
}

}  // namespace vigie::capture_detail
