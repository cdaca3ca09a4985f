// The sensor's Ed25519 key pair (libsodium crypto_sign).
//   sensor.key: the 64-byte libsodium secret key (seed || public key), mode 0600
//   sensor.pub: the 32-byte public key
// The fingerprint, which checkpoints and bundles name, is the lowercase hex
// SHA-256 of the 32 public key bytes.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace vigie::evidence {

struct PublicKey {
    std::array<uint8_t, 32> bytes{};
    std::string fingerprint() const;
};

struct SigningKey {
    std::array<uint8_t, 64> secret{};
    PublicKey pub;
    ~SigningKey();  // wipes the secret
    std::array<uint8_t, 64> sign(std::string_view message) const;
};

// Creates DIR (if missing), DIR/sensor.key (0600) and DIR/sensor.pub. Refuses to
// overwrite either file.
Result<PublicKey> generate_key_files(const std::string& dir);

Result<SigningKey> load_signing_key(const std::string& path);
Result<PublicKey> load_public_key(const std::string& path);

bool verify_signature(const PublicKey& key, std::string_view message, const uint8_t* sig64);

}  // namespace vigie::evidence
