#include "output/community_id.h"

#include <openssl/sha.h>

#include <cstring>

#include "output/eve_run_options.h"
#include "output/json_line.h"

namespace vigie::output {

namespace {
EveRunOptions g_options;  // written before worker threads exist, then only read
}  // namespace

void set_eve_run_options(const EveRunOptions& o) { g_options = o; }
const EveRunOptions& eve_run_options() { return g_options; }

std::string community_id(const IpAddr& a, uint16_t a_port, const IpAddr& b, uint16_t b_port, uint8_t ip_proto,
                         uint16_t seed) {
    if (ip_proto != 6 && ip_proto != 17 && ip_proto != 132) return {};
    if (a.family != b.family || (a.family != 4 && a.family != 6)) return {};
    const size_t alen = a.is_v4() ? 4 : 16;
    // The endpoint that sorts first (address bytes, then port) goes first, so both
    // directions of a connection give the same ID.
    const int c = std::memcmp(a.bytes.data(), b.bytes.data(), alen);
    const bool swap = c > 0 || (c == 0 && a_port > b_port);
    const IpAddr& s = swap ? b : a;
    const IpAddr& d = swap ? a : b;
    const uint16_t sp = swap ? b_port : a_port, dp = swap ? a_port : b_port;

    uint8_t buf[2 + 16 + 16 + 2 + 4];
    size_t n = 0;
    buf[n++] = uint8_t(seed >> 8);
    buf[n++] = uint8_t(seed);
    std::memcpy(buf + n, s.bytes.data(), alen);
    n += alen;
    std::memcpy(buf + n, d.bytes.data(), alen);
    n += alen;
    buf[n++] = ip_proto;
    buf[n++] = 0;  // padding
    buf[n++] = uint8_t(sp >> 8);
    buf[n++] = uint8_t(sp);
    buf[n++] = uint8_t(dp >> 8);
    buf[n++] = uint8_t(dp);
    uint8_t digest[SHA_DIGEST_LENGTH];
    SHA1(buf, n, digest);
    std::string out = "1:";
    append_base64(out, digest, sizeof digest);
    return out;
}

}  // namespace vigie::output
