#include "evidence/store_reader.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace vigie::evidence {

namespace fs = std::filesystem;

namespace {

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

Result<void> read_checkpoint_log(const fs::path& path, StoreScan& s) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path.string());
    std::string line;
    size_t line_no = 1;
    uint64_t pos = 0;
    while (std::getline(in, line)) {
        if (in.eof()) {  // no LF after it: a write cut short
            s.log_torn = true;
            s.torn += std::string(s.torn.empty() ? "" : "; ") + "checkpoints.log: last line incomplete";
            break;
        }
        auto cp = parse_checkpoint_log_line(line);
        if (!cp) {
            if (s.damage.empty()) s.damage = "checkpoints.log line " + std::to_string(line_no) + ": " + cp.error();
            break;
        }
        s.checkpoints.push_back(std::move(*cp));
        pos += line.size() + 1;
        s.log_valid_size = pos;
        ++line_no;
    }
    return {};
}

}  // namespace

Result<StoreScan> scan_store(const std::string& dir, const RecordVisitor& visit,
                             const std::function<void(const StoreScan&)>& before_records) {
    StoreScan s;
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
    for (const auto& sg : segs) s.segment_names.push_back(sg.second);

    // Checkpoint-log damage is reported after any damage in the segments (the
    // log's first broken link comes first).
    StoreScan log_part;
    if (has_log) {
        auto r = read_checkpoint_log(fs::path(dir) / "checkpoints.log", log_part);
        if (!r) return make_error(r.error());
        s.checkpoints = std::move(log_part.checkpoints);
        s.log_torn = log_part.log_torn;
        s.log_valid_size = log_part.log_valid_size;
    }
    if (before_records) before_records(s);

    Digest chain{};
    for (size_t i = 0; i < segs.size(); ++i) {
        const auto& [no, name] = segs[i];
        if (no != i + 1) {
            s.damage = name + ": segment " + std::to_string(i + 1) + " is missing";
            break;
        }
        SegmentReader rd;
        if (!rd.open_file((fs::path(dir) / name).string())) return make_error(rd.detail());
        if (rd.read_header() && rd.segment_no() != no) {
            s.damage = name + ": header names segment " + std::to_string(rd.segment_no());
            break;
        }
        FrameView f;
        while (rd.next(f)) {
            const uint64_t want = s.records;
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
            ++s.records;
            s.chain_head = chain;
            visit(StoreRecord{f.index, no, f.offset, f.record, f.chain});
        }
        if (!s.damage.empty()) break;
        if (rd.end() == SegmentEnd::Damaged) {
            s.damage = name + ": " + rd.detail();
            break;
        }
        if (rd.end() == SegmentEnd::Torn) {
            if (i + 1 != segs.size()) {
                s.damage = name + ": " + rd.detail() + ", and later segments follow (not a crash tail)";
                break;
            }
            s.torn = name + ": " + rd.detail();
            s.torn_segment = no;
            s.torn_offset = rd.stop_offset();
        }
    }
    if (log_part.log_torn) s.torn += (s.torn.empty() ? "" : "; ") + log_part.torn;
    if (s.damage.empty()) s.damage = log_part.damage;
    return s;
}

Result<std::string> read_record_at(const std::string& dir, uint32_t segment_no, uint64_t offset, uint64_t index) {
    const std::string path = (fs::path(dir) / segment_file_name(segment_no)).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path);
    char head[16];
    in.seekg(std::streamoff(offset));
    if (!in.read(head, 16) || std::string_view(head, 4) != "VGR1") return make_error(path + ": no record at offset " + std::to_string(offset));
    uint32_t len = 0;
    uint64_t idx = 0;
    std::memcpy(&len, head + 4, 4);
    std::memcpy(&idx, head + 8, 8);
    if (idx != index || len > kMaxRecordSize) return make_error(path + ": the record at offset " + std::to_string(offset) + " changed");
    std::string rec(len, '\0');
    if (!in.read(rec.data(), std::streamsize(len))) return make_error(path + ": record at offset " + std::to_string(offset) + " cut short");
    return rec;
}

}  // namespace vigie::evidence
