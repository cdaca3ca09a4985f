// SHA-256, hex and base64 over libsodium, the one crypto library the evidence stage
// uses (Ed25519 signatures come from it too), so a verifier needs nothing else.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sodium.h>

namespace vigie::evidence {

using Digest = std::array<uint8_t, 32>;

// libsodium must be initialised once before key generation or signing; idempotent
// and thread-safe. Returns false when the library cannot start (no entropy source).
bool sodium_ready();

class Sha256 {
public:
    Sha256() { crypto_hash_sha256_init(&st_); }
    Sha256& update(const void* p, size_t n) {
        crypto_hash_sha256_update(&st_, static_cast<const unsigned char*>(p), n);
        return *this;
    }
    Sha256& update(std::string_view s) { return update(s.data(), s.size()); }
    Sha256& update(const Digest& d) { return update(d.data(), d.size()); }
    Digest final() {
        Digest d;
        crypto_hash_sha256_final(&st_, d.data());
        return d;
    }

private:
    crypto_hash_sha256_state st_;
};

Digest sha256(std::string_view data);

std::string to_hex(const uint8_t* p, size_t n);
inline std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }
// Exactly 64 lowercase or uppercase hex digits.
std::optional<Digest> digest_from_hex(std::string_view hex);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vigie::evidence
