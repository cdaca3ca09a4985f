#include "intel/stix_ids.h"

#include <openssl/sha.h>

#include <array>
#include <cstdio>

namespace vigie::intel {

namespace {

using Uuid = std::array<uint8_t, 16>;

// 00abedb4-aa42-466c-9c01-fed23315a9b7: STIX 2.1's namespace for SCO ids.
constexpr Uuid kScoNamespace = {0x00, 0xab, 0xed, 0xb4, 0xaa, 0x42, 0x46, 0x6c,
                                0x9c, 0x01, 0xfe, 0xd2, 0x33, 0x15, 0xa9, 0xb7};
// Vigie's own namespace for the objects it creates (a fixed random UUID).
constexpr Uuid kVigieNamespace = {0x6f, 0x1d, 0x3c, 0x52, 0x8e, 0x07, 0x4b, 0x1a,
                                  0x9d, 0x44, 0x27, 0xc1, 0x0b, 0x5e, 0x93, 0xa8};

std::string uuid5(const Uuid& ns, std::string_view name) {
    std::string buf(reinterpret_cast<const char*>(ns.data()), ns.size());
    buf.append(name);
    uint8_t h[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const uint8_t*>(buf.data()), buf.size(), h);
    h[6] = static_cast<uint8_t>((h[6] & 0x0f) | 0x50);  // version 5
    h[8] = static_cast<uint8_t>((h[8] & 0x3f) | 0x80);  // RFC 4122 variant
    char out[37];
    std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
                  h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
    return out;
}

}  // namespace

std::string stix_id(std::string_view type, std::string_view name) {
    return std::string(type) + "--" + uuid5(kVigieNamespace, std::string(type) + "\x1f" + std::string(name));
}

std::string sco_id(std::string_view type, std::string_view canonical_json) {
    return std::string(type) + "--" + uuid5(kScoNamespace, canonical_json);
}

}  // namespace vigie::intel
