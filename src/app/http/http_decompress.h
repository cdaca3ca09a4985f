// BodyDecoder: undoes the Content-Encoding layers of an HTTP body (gzip, deflate)
// as the bytes arrive, with zlib, writing at most a caller-given number of bytes.
// Once the output limit is reached nothing more is inflated, so a compression
// bomb costs no more than the body limit.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vigie::app::http {

enum class Coding : uint8_t { Gzip, Deflate };

class BodyDecoder {
public:
    // `layers` in the order the sender applied them (the Content-Encoding order).
    explicit BodyDecoder(std::vector<Coding> layers);
    ~BodyDecoder();
    BodyDecoder(const BodyDecoder&) = delete;
    BodyDecoder& operator=(const BodyDecoder&) = delete;

    // Decodes `len` bytes, appending to `out` until out.size() reaches `limit`.
    void feed(const uint8_t* data, size_t len, std::string& out, size_t limit);
    // A layer had invalid data (gzip_decompression_failed). When it failed before
    // producing anything, its input is passed through as is, as libhtp does.
    bool failed() const { return failed_; }
    uint64_t decoded_total() const { return decoded_; }

private:
    struct Layer;
    void push(size_t layer, const uint8_t* data, size_t len, std::string& out, size_t limit);
    std::vector<std::unique_ptr<Layer>> layers_;  // decoding order: last applied first
    bool failed_ = false;
    uint64_t decoded_ = 0;
};

}  // namespace vigie::app::http
