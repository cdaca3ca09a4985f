// File type by content (libmagic, as `file` prints it): EVE fileinfo `magic`, the
// file.magic buffer and the filemagic keyword. Only the first bytes of a file are
// looked at, so the answer for a file is the same whatever the body limit.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace vigie::app {

// Bytes of a file handed to libmagic: enough for container formats (zip/OOXML, PE,
// PDF) whose type shows in their first entries, small enough to stay cheap.
inline constexpr size_t kMagicBytes = 64 * 1024;

// libmagic's description of `data` ("PDF document, version 1.4"); empty when there is
// no data or libmagic cannot load its database. Thread-safe: one libmagic handle per
// thread, opened on first use (a handle is not safe to share).
std::string describe_file_type(const uint8_t* data, size_t len);

}  // namespace vigie::app
