#include "output/eve_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace vigie::output {

Result<std::unique_ptr<EveFile>> EveFile::open(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return make_error("cannot write " + path + ": " + std::strerror(errno));
    return std::unique_ptr<EveFile>(new EveFile(f));
}

EveFile::~EveFile() {
    if (f_) {
        std::fflush(f_);
        std::fclose(f_);
    }
}

void EveFile::write(std::string_view lines) {
    std::lock_guard<std::mutex> lock(mu_);
    std::fwrite(lines.data(), 1, lines.size(), f_);
    lines_ += static_cast<uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
}

void EveFile::flush() {
    std::lock_guard<std::mutex> lock(mu_);
    std::fflush(f_);
}

}  // namespace vigie::output
