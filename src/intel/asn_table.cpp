#include "intel/asn_table.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace vigie::intel {

namespace {

// Reads a whole file through zlib: gzopen reads plain files transparently too.
Result<std::string> read_maybe_gzip(const std::string& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return make_error("cannot open " + path);
    gzbuffer(f, 1 << 17);
    std::string out;
    char buf[1 << 16];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    int errnum = 0;
    const char* msg = n < 0 ? gzerror(f, &errnum) : nullptr;
    gzclose(f);
    if (msg) return make_error(path + ": " + msg);
    return out;
}

// Splits `start,end,asn,org` where org may be quoted with "" escapes.
bool split_row(std::string_view line, std::string_view f[3], std::string& org) {
    for (int i = 0; i < 3; ++i) {
        size_t c = line.find(',');
        if (c == std::string_view::npos) return false;
        f[i] = line.substr(0, c);
        line.remove_prefix(c + 1);
    }
    org.clear();
    if (!line.empty() && line.front() == '"') {
        for (size_t i = 1; i < line.size(); ++i) {
            if (line[i] == '"') {
                if (i + 1 < line.size() && line[i + 1] == '"') {
                    org += '"';
                    ++i;
                } else {
                    return true;
                }
            } else {
                org += line[i];
            }
        }
        return false;  // unterminated quote
    }
    org.assign(line);
    return true;
}

}  // namespace


Result<void> AsnTable::load(const std::string& path) {
    auto text = read_maybe_gzip(path);
    if (!text) return make_error(text.error());
    std::string_view all = *text;
    std::string org;
    std::unordered_map<std::string, uint32_t> ids;
    size_t line_no = 0;
    while (!all.empty()) {
        size_t nl = all.find('\n');
        std::string_view line = all.substr(0, nl);
        all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        std::string_view f[3];
        uint32_t asn = 0;
        auto bad = [&](const char* why) { return make_error(path + ":" + std::to_string(line_no) + ": " + why); };
        if (!split_row(line, f, org)) return bad("expected start_ip,end_ip,asn,\"org\"");
        auto start = parse_ip(f[0]);
        auto end = parse_ip(f[1]);
        if (!start || !end || start->v4 != end->v4) return bad("bad address range");
        auto [p, ec] = std::from_chars(f[2].data(), f[2].data() + f[2].size(), asn);
        if (ec != std::errc() || p != f[2].data() + f[2].size()) return bad("bad AS number");
        auto [it, fresh] = ids.try_emplace(org, static_cast<uint32_t>(orgs_.size()));
        if (fresh) orgs_.push_back(org);
        if (start->v4) r4_.push_back({start->v4_value(), end->v4_value(), asn, it->second});
        else r6_.push_back({start->value(), end->value(), asn, it->second});
    }
    sort_if_needed();
    return {};
}

void AsnTable::sort_if_needed() {
    auto by4 = [](const Range4& a, const Range4& b) { return a.start < b.start; };
    auto by6 = [](const Range6& a, const Range6& b) { return a.start < b.start; };
    if (!std::is_sorted(r4_.begin(), r4_.end(), by4)) std::sort(r4_.begin(), r4_.end(), by4);
    if (!std::is_sorted(r6_.begin(), r6_.end(), by6)) std::sort(r6_.begin(), r6_.end(), by6);
}

std::optional<AsnInfo> AsnTable::lookup(const IpAddress& a) const {
    // Last range starting at or before the address; it holds the address if its end does.
    if (a.v4) {
        const uint32_t v = a.v4_value();
        auto it = std::upper_bound(r4_.begin(), r4_.end(), v, [](uint32_t x, const Range4& r) { return x < r.start; });
        if (it == r4_.begin() || (--it)->end < v) return std::nullopt;
        return AsnInfo{it->asn, orgs_[it->org]};
    }
    const unsigned __int128 v = a.value();
    auto it = std::upper_bound(r6_.begin(), r6_.end(), v,
                               [](unsigned __int128 x, const Range6& r) { return x < r.start; });
    if (it == r6_.begin() || (--it)->end < v) return std::nullopt;
    return AsnInfo{it->asn, orgs_[it->org]};
}

}  // namespace vigie::intel
