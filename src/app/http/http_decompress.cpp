#include "app/http/http_decompress.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace vigie::app::http {

struct BodyDecoder::Layer {
    Coding coding;
    z_stream zs{};
    bool started = false;     // zlib initialised (deflate waits for 2 bytes to pick zlib or raw)
    bool passthrough = false; // failed before any output: bytes go on undecoded
    bool dead = false;        // failed after output: the rest is dropped
    uint64_t produced = 0;
    uint8_t head[2] = {0, 0};
    size_t head_len = 0;
    std::string raw;          // input taken before any output, replayed if the layer turns to passthrough
    ~Layer() {
        if (started) inflateEnd(&zs);
    }
};

BodyDecoder::BodyDecoder(std::vector<Coding> layers) {
    for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
        auto l = std::make_unique<Layer>();
        l->coding = *it;
        layers_.push_back(std::move(l));
    }
}

BodyDecoder::~BodyDecoder() = default;

void BodyDecoder::feed(const uint8_t* data, size_t len, std::string& out, size_t limit) {
    if (layers_.empty()) {
        const size_t n = std::min(len, limit > out.size() ? limit - out.size() : 0);
        out.append(reinterpret_cast<const char*>(data), n);
        decoded_ += len;
        return;
    }
    push(0, data, len, out, limit);
}

void BodyDecoder::push(size_t idx, const uint8_t* data, size_t len, std::string& out, size_t limit) {
    if (out.size() >= limit || len == 0) return;
    if (idx == layers_.size()) {
        decoded_ += len;
        out.append(reinterpret_cast<const char*>(data), std::min(len, limit - out.size()));
        return;
    }
    Layer& l = *layers_[idx];
    if (l.dead) return;
    if (l.passthrough) {
        push(idx + 1, data, len, out, limit);
        return;
    }
    if (!l.started) {
        int bits = 15 + 32;  // gzip: auto-detect gzip or zlib framing, as servers mix them up
        if (l.coding == Coding::Deflate) {
            // "deflate" should be zlib-framed (RFC 9110) but is often raw: look at the header.
            while (l.head_len < 2 && len > 0) {
                l.head[l.head_len++] = *data++;
                --len;
            }
            if (l.head_len < 2) return;
            const bool zlib_hdr = (l.head[0] & 0x0F) == 8 && ((l.head[0] << 8) | l.head[1]) % 31 == 0;
            bits = zlib_hdr ? 15 : -15;
        }
        if (inflateInit2(&l.zs, bits) != Z_OK) {
            l.dead = true;
            failed_ = true;
            return;
        }
        l.started = true;
        if (l.head_len) {
            const uint8_t head[2] = {l.head[0], l.head[1]};
            const size_t n = l.head_len;
            l.head_len = 0;
            push(idx, head, n, out, limit);
            if (l.dead || l.passthrough) {
                if (l.passthrough) push(idx + 1, data, len, out, limit);
                return;
            }
        }
    }
    // Until the layer produces output, keep its input: if it then fails, all of it
    // (the 2 header bytes deflate peeked at included) goes on undecoded.
    constexpr size_t kMaxRaw = 64u << 10;
    const bool keep_raw = l.produced == 0 && l.raw.size() + len <= kMaxRaw;
    if (keep_raw) l.raw.append(reinterpret_cast<const char*>(data), len);
    uint8_t buf[16384];
    l.zs.next_in = const_cast<Bytef*>(data);
    l.zs.avail_in = uInt(len);
    while (l.zs.avail_in > 0 && out.size() < limit) {
        l.zs.next_out = buf;
        l.zs.avail_out = sizeof(buf);
        const int rc = inflate(&l.zs, Z_NO_FLUSH);
        const size_t got = sizeof(buf) - l.zs.avail_out;
        l.produced += got;
        if (got) {
            l.raw.clear();
            l.raw.shrink_to_fit();
            push(idx + 1, buf, got, out, limit);
        }
        if (rc == Z_STREAM_END) {
            // Concatenated gzip members continue; trailing junk after a deflate stream is ignored.
            if (l.zs.avail_in == 0 || inflateReset(&l.zs) != Z_OK) break;
            continue;
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            failed_ = true;
            if (l.produced == 0) {
                // Not compressed after all: hand the bytes on as they are.
                l.passthrough = true;
                if (keep_raw) {
                    const std::string raw = std::move(l.raw);
                    l.raw.clear();
                    push(idx + 1, reinterpret_cast<const uint8_t*>(raw.data()), raw.size(), out, limit);
                } else {
                    push(idx + 1, data, len, out, limit);
                }
            } else {
                l.dead = true;
            }
            return;
        }
        if (rc == Z_BUF_ERROR && got == 0) break;
    }
}

}  // namespace vigie::app::http
