#include "evidence/keys.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/hash.h"

namespace vigie::evidence {

namespace {

Result<std::string> read_small_file(const std::string& path, size_t max) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path + ": " + std::strerror(errno));
    std::string s;
    s.resize(max + 1);
    in.read(s.data(), std::streamsize(s.size()));
    s.resize(size_t(in.gcount()));
    return s;
}

Result<void> write_new_file(const std::string& path, std::string_view bytes, mode_t mode) {
    // O_EXCL: never overwrite a key, even if it appeared after we looked.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        if (errno == EEXIST) return make_error(path + " already exists; refusing to overwrite a key");
        return make_error("cannot create " + path + ": " + std::strerror(errno));
    }
    ::fchmod(fd, mode);  // umask must not widen or narrow what we promise
    const bool ok = ::write(fd, bytes.data(), bytes.size()) == ssize_t(bytes.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return make_error("cannot write " + path + ": " + std::strerror(errno));
    return {};
}

}  // namespace

std::string PublicKey::fingerprint() const {
    return to_hex(sha256(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

SigningKey::~SigningKey() { sodium_memzero(secret.data(), secret.size()); }

std::array<uint8_t, 64> SigningKey::sign(std::string_view message) const {
    std::array<uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), secret.data());
    return sig;
}

Result<PublicKey> generate_key_files(const std::string& dir) {
    if (!sodium_ready()) return make_error("libsodium could not start (no entropy source?)");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error("cannot create " + dir + ": " + ec.message());
    const std::string key_path = dir + "/sensor.key", pub_path = dir + "/sensor.pub";
    for (const auto& p : {key_path, pub_path})
        if (std::filesystem::exists(p, ec)) return make_error(p + " already exists; refusing to overwrite a key");
    SigningKey k;
    crypto_sign_keypair(k.pub.bytes.data(), k.secret.data());
    auto r = write_new_file(key_path, std::string_view(reinterpret_cast<const char*>(k.secret.data()), 64), 0600);
    if (!r) return make_error(r.error());
    r = write_new_file(pub_path, std::string_view(reinterpret_cast<const char*>(k.pub.bytes.data()), 32), 0644);
    if (!r) return make_error(r.error());
    return k.pub;
}

Result<SigningKey> load_signing_key(const std::string& path) {
    if (!sodium_ready()) return make_error("libsodium could not start (no entropy source?)");
    auto s = read_small_file(path, 64);
    if (!s) return make_error("evidence key: " + s.error());
    if (s->size() != 64)
        return make_error("evidence key " + path + " is not a Vigie sensor key (" + std::to_string(s->size()) +
                          " bytes, expected 64; create one with vigie keygen)");
    SigningKey k;
    std::memcpy(k.secret.data(), s->data(), 64);
    sodium_memzero(s->data(), s->size());
    // The public half is stored in the secret key; check it matches the seed so a
    // corrupted key file fails here, not at verification time.
    std::array<uint8_t, 32> derived{};
    crypto_sign_ed25519_sk_to_pk(derived.data(), k.secret.data());
    unsigned char seed[32], pk[32], sk[64];
    crypto_sign_ed25519_sk_to_seed(seed, k.secret.data());
    crypto_sign_seed_keypair(pk, sk, seed);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk, sizeof sk);
    if (std::memcmp(pk, derived.data(), 32) != 0)
        return make_error("evidence key " + path + " is damaged (its public half does not match its seed)");
    k.pub.bytes = derived;
    return k;
}

Result<PublicKey> load_public_key(const std::string& path) {
    auto s = read_small_file(path, 32);
    if (!s) return make_error("public key: " + s.error());
    if (s->size() != 32)
        return make_error("public key " + path + " is not a Vigie sensor.pub (" + std::to_string(s->size()) +
                          " bytes, expected 32)");
    PublicKey k;
    std::memcpy(k.bytes.data(), s->data(), 32);
    return k;
}

bool verify_signature(const PublicKey& key, std::string_view message, const uint8_t* sig64) {
    return crypto_sign_verify_detached(sig64, reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.bytes.data()) == 0;
}

}  // namespace vigie::evidence
