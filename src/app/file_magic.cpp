#include "app/file_magic.h"

#include <magic.h>

#include <algorithm>

namespace vigie::app {

namespace {

class MagicHandle {
public:
    MagicHandle() : cookie_(magic_open(MAGIC_NONE | MAGIC_ERROR)) {
        // The default database (libmagic-mgc); without it every answer is empty.
        if (cookie_ && magic_load(cookie_, nullptr) != 0) {
            magic_close(cookie_);
            cookie_ = nullptr;
        }
    }
    ~MagicHandle() {
        if (cookie_) magic_close(cookie_);
    }
    MagicHandle(const MagicHandle&) = delete;
    MagicHandle& operator=(const MagicHandle&) = delete;
    magic_t get() const { return cookie_; }

private:
    magic_t cookie_;
};

}  // namespace

std::string describe_file_type(const uint8_t* data, size_t len) {
    if (!data || len == 0) return {};
    thread_local MagicHandle handle;
    if (!handle.get()) return {};
    const char* d = magic_buffer(handle.get(), data, std::min(len, kMagicBytes));
    return d ? std::string(d) : std::string();
}

}  // namespace vigie::app
