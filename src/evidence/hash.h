// SHA-256 (OpenSSL's, which uses the CPU's SHA extensions: records are hashed three
// times each, at capture rate), hex and base64 (libsodium, which also signs).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <sodium.h>

namespace vigie::evidence {

using Digest = std::array<uint8_t, 32>;

// libsodium must be initialised once before key generation or signing; idempotent
// and thread-safe. Returns false when the library cannot start (no entropy source).
bool sodium_ready();

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256& update(const void* p, size_t n) {
        EVP_DigestUpdate(ctx_, p, n);
        return *this;
    }
    Sha256& update(std::string_view s) { return update(s.data(), s.size()); }
    Sha256& update(const Digest& d) { return update(d.data(), d.size()); }
    Digest final();

private:
    EVP_MD_CTX* ctx_;
};

Digest sha256(std::string_view data);

std::string to_hex(const uint8_t* p, size_t n);
inline std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }
// Exactly 64 lowercase or uppercase hex digits.
std::optional<Digest> digest_from_hex(std::string_view hex);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vigie::evidence
