#include "evidence/tar.h"

#include <cstdio>
#include <cstring>

namespace vigie::evidence {

namespace {

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxMember = 1ull << 33;  // the 11 octal digits of the size field

void octal(char* field, size_t width, uint64_t v) {
    // width-1 digits and a NUL, as GNU tar and Python's tarfile write them
    std::snprintf(field, width, "%0*llo", int(width - 1), static_cast<unsigned long long>(v));
}

}  // namespace

std::string tar_header(const std::string& name, uint64_t size) {
    std::string h(kBlock, '\0');
    std::memcpy(h.data(), name.data(), name.size());
    octal(h.data() + 100, 8, 0644);
    octal(h.data() + 108, 8, 0);
    octal(h.data() + 116, 8, 0);
    octal(h.data() + 124, 12, size);
    octal(h.data() + 136, 12, 0);
    h[156] = '0';
    std::memcpy(h.data() + 257, "ustar\0" "00", 8);
    std::memset(h.data() + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) sum += c;
    std::snprintf(h.data() + 148, 8, "%06o", sum);  // six digits, NUL, and the space left
    h[155] = ' ';
    return h;
}

std::string tar_padding(uint64_t size) { return std::string((kBlock - size % kBlock) % kBlock, '\0'); }
std::string tar_end() { return std::string(2 * kBlock, '\0'); }

std::string write_tar(const std::vector<TarMember>& members) {
    std::string out;
    for (const auto& m : members) {
        out.append(tar_header(m.name, m.data.size()));
        out.append(m.data);
        out.append(tar_padding(m.data.size()));
    }
    out.append(tar_end());
    return out;
}

Result<std::vector<TarMember>> read_tar(std::string_view b) {
    std::vector<TarMember> out;
    size_t pos = 0;
    auto fail = [&](const std::string& why) {
        return make_error("bundle container: " + why + " (byte " + std::to_string(pos) + ")");
    };
    for (;;) {
        if (b.size() - pos < kBlock) return fail("ends without the end-of-archive blocks");
        std::string_view h = b.substr(pos, kBlock);
        if (h.find_first_not_of('\0') == std::string_view::npos) {
            if (b.size() - pos != 2 * kBlock || b.substr(pos + kBlock).find_first_not_of('\0') != std::string_view::npos)
                return fail("bytes after the end of the archive");
            return out;
        }
        const size_t name_len = h.substr(0, 100).find('\0');
        if (name_len == std::string_view::npos || name_len == 0) return fail("member name missing or unterminated");
        if (h.substr(124, 11).find_first_not_of("01234567") != std::string_view::npos)
            return fail("member size is not octal");
        const uint64_t size = std::stoull(std::string(h.substr(124, 11)), nullptr, 8);
        if (size > kMaxMember) return fail("member too large");
        TarMember m;
        m.name.assign(h.substr(0, name_len));
        if (tar_header(m.name, size) != h)
            return fail("header of member '" + m.name + "' is not in Vigie's canonical form (altered)");
        pos += kBlock;
        const uint64_t padded = (size + kBlock - 1) / kBlock * kBlock;
        if (padded > b.size() - pos) return fail("member '" + m.name + "' is cut short");
        m.data.assign(b.substr(pos, size));
        if (b.substr(pos + size, padded - size).find_first_not_of('\0') != std::string_view::npos)
            return fail("padding after member '" + m.name + "' is not zero");
        pos += padded;
        out.push_back(std::move(m));
    }
}

}  // namespace vigie::evidence
