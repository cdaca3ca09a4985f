#include "evidence/store_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "evidence/merkle.h"

namespace vigie::evidence {

namespace fs = std::filesystem;

namespace {

Result<std::string> read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return make_error("cannot read " + p.string());
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Segment number from "segment-NNNNNN.vgs"; 0 when the name is something else.
uint32_t segment_number(const std::string& name) {
    if (name.size() != 18 || name.rfind("segment-", 0) != 0 || name.substr(14) != ".vgs") return 0;
    uint32_t n = 0;
    for (char c : name.substr(8, 6)) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + uint32_t(c - '0');
    }
    return n;
}

}  // namespace

Result<LoadedStore> load_store(const std::string& dir) {
    LoadedStore s;
    s.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return make_error(dir + " is not an evidence store (no such directory)");
    std::vector<std::pair<uint32_t, std::string>> segs;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (uint32_t n = segment_number(name)) segs.emplace_back(n, name);
        else if (name.find(".torn") != std::string::npos) s.recovered_tails.push_back(name);
    }
    if (ec) return make_error("cannot list " + dir + ": " + ec.message());
    std::sort(segs.begin(), segs.end());
    std::sort(s.recovered_tails.begin(), s.recovered_tails.end());
    const bool has_log = fs::exists(fs::path(dir) / "checkpoints.log", ec);
    if (segs.empty() && !has_log) return make_error(dir + " is not an evidence store (no segment files)");

    s.segments.reserve(segs.size());
    Digest chain{};
    for (size_t i = 0; i < segs.size(); ++i) {
        const auto& [no, name] = segs[i];
        auto bytes = read_file(fs::path(dir) / name);
        if (!bytes) return make_error(bytes.error());
        s.segment_names.push_back(name);
        s.segments.push_back(std::move(*bytes));
        if (!s.damage.empty() || !s.torn.empty()) continue;  // keep reading names, stop checking
        if (no != i + 1) {
            s.damage = name + ": segment " + std::to_string(i + 1) + " is missing";
            continue;
        }
        const SegmentScan scan = scan_segment(s.segments.back());
        if (scan.end != SegmentEnd::Damaged && scan.segment_no != no && scan.stop_offset >= kSegmentHeaderSize) {
            s.damage = name + ": header names segment " + std::to_string(scan.segment_no);
            continue;
        }
        for (const FrameView& f : scan.frames) {
            const uint64_t want = s.records.size();
            const std::string where = name + " offset " + std::to_string(f.offset) + ": record " + std::to_string(want);
            if (f.index != want) {
                s.damage = where + ": frame says log index " + std::to_string(f.index) +
                           " (a record was removed, duplicated or reordered)";
                break;
            }
            const Digest next = chain_next(chain, f.record);
            if (next != f.chain) {
                s.damage = where + ": chain hash does not match its content and the previous record (altered)";
                break;
            }
            chain = next;
            s.records.push_back({f.index, no, f.offset, f.record, f.chain});
            s.leaves.push_back(leaf_hash(f.record));
        }
        if (!s.damage.empty()) continue;
        if (scan.end == SegmentEnd::Damaged) {
            s.damage = name + ": " + scan.detail;
        } else if (scan.end == SegmentEnd::Torn) {
            if (i + 1 == segs.size()) {
                s.torn = name + ": " + scan.detail;
                s.torn_segment = no;
                s.torn_offset = scan.stop_offset;
            } else {
                s.damage = name + ": " + scan.detail + ", and later segments follow (not a crash tail)";
            }
        }
    }

    if (has_log) {
        auto log = read_file(fs::path(dir) / "checkpoints.log");
        if (!log) return make_error(log.error());
        size_t pos = 0, line_no = 1;
        while (pos < log->size()) {
            const size_t nl = log->find('\n', pos);
            if (nl == std::string::npos) {
                s.log_torn = true;
                s.torn += std::string(s.torn.empty() ? "" : "; ") + "checkpoints.log: last line incomplete";
                break;
            }
            auto cp = parse_checkpoint_log_line(std::string_view(*log).substr(pos, nl - pos));
            if (!cp) {
                if (s.damage.empty()) s.damage = "checkpoints.log line " + std::to_string(line_no) + ": " + cp.error();
                break;
            }
            s.checkpoints.push_back(std::move(*cp));
            pos = nl + 1;
            s.log_valid_size = pos;
            ++line_no;
        }
    }
    return s;
}

}  // namespace vigie::evidence
