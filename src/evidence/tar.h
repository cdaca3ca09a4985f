// The bundle container: a POSIX ustar archive, written and read here (no library),
// in one canonical form so that every byte of a bundle is checked:
//   each member: a 512-byte ustar header with mode 0644, uid/gid 0, mtime 0, empty
//   user/group names, typeflag '0', the name in the name field (< 100 bytes), the
//   size and checksum as zero-padded octal; then the data, zero-padded to 512;
//   the archive ends with two zero blocks and nothing after them.
// The reader rebuilds each header from (name, size) and requires the same bytes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace vigie::evidence {

struct TarMember {
    std::string name;
    std::string data;
};

std::string write_tar(const std::vector<TarMember>& members);
// The same archive written piece by piece (export streams members from the store):
// a member is tar_header, its bytes, tar_padding; the archive ends with tar_end.
std::string tar_header(const std::string& name, uint64_t size);
std::string tar_padding(uint64_t size);
std::string tar_end();
Result<std::vector<TarMember>> read_tar(std::string_view bytes);

}  // namespace vigie::evidence
