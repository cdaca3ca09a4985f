#include "evidence/pcapng.h"

#include <charconv>
#include <cstring>
#include <map>

namespace vigie::evidence {

namespace {

constexpr uint32_t kShb = 0x0A0D0D0A, kIdb = 1, kEpb = 6;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptEnd = 0, kOptComment = 1, kOptTsresol = 9;

void put16(std::string& o, uint16_t v) { o.append(reinterpret_cast<const char*>(&v), 2); }
void put32(std::string& o, uint32_t v) { o.append(reinterpret_cast<const char*>(&v), 4); }
void pad4(std::string& o) { o.append((4 - o.size() % 4) % 4, '\0'); }
uint16_t get16(const char* p) {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}
uint32_t get32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

// Writes block type and a placeholder length; end_block() fills both lengths.
size_t begin_block(std::string& o, uint32_t type) {
    const size_t start = o.size();
    put32(o, type);
    put32(o, 0);
    return start;
}
void end_block(std::string& o, size_t start) {
    pad4(o);
    const uint32_t len = uint32_t(o.size() - start + 4);
    put32(o, len);
    std::memcpy(o.data() + start + 4, &len, 4);
}
void put_option(std::string& o, uint16_t code, std::string_view value) {
    put16(o, code);
    put16(o, uint16_t(value.size()));
    o.append(value);
    pad4(o);
}

}  // namespace

void write_pcapng(std::string& out, const std::vector<const EvidenceFrame*>& frames) {
    // The section is built relative to its own start so padding stays 4-aligned
    // whatever `out` already holds.
    std::string o;
    size_t b = begin_block(o, kShb);
    put32(o, kByteOrderMagic);
    put16(o, 1);
    put16(o, 0);
    put32(o, 0xFFFFFFFF);  // section length unknown (-1), as most writers do
    put32(o, 0xFFFFFFFF);
    end_block(o, b);

    std::map<uint16_t, uint32_t> iface;  // linktype -> interface id, in first-seen order
    for (const auto* f : frames) {
        if (iface.count(f->linktype)) continue;
        const uint32_t id = uint32_t(iface.size());
        iface[f->linktype] = id;
        b = begin_block(o, kIdb);
        put16(o, f->linktype);
        put16(o, 0);
        put32(o, 262144);
        const char nsec = 9;
        put_option(o, kOptTsresol, std::string_view(&nsec, 1));
        put_option(o, kOptEnd, {});
        end_block(o, b);
    }
    for (const auto* f : frames) {
        b = begin_block(o, kEpb);
        put32(o, iface[f->linktype]);
        const uint64_t ts = uint64_t(f->ts.sec) * 1000000000ull + f->ts.nsec;
        put32(o, uint32_t(ts >> 32));
        put32(o, uint32_t(ts));
        put32(o, uint32_t(f->data.size()));
        put32(o, f->wirelen);
        o.append(f->data);
        pad4(o);
        std::string comment = "pcap_cnt=" + std::to_string(f->pcap_cnt);
        if (f->alert) comment += " alert";
        put_option(o, kOptComment, comment);
        put_option(o, kOptEnd, {});
        end_block(o, b);
    }
    out.append(o);
}

Result<std::vector<EvidenceFrame>> read_pcapng(std::string_view bytes) {
    std::vector<EvidenceFrame> frames;
    std::vector<uint16_t> links;  // interface id -> linktype, per section
    size_t pos = 0;
    auto bad = [&](const std::string& why) { return make_error("pcapng offset " + std::to_string(pos) + ": " + why); };
    bool in_section = false;
    while (pos < bytes.size()) {
        if (bytes.size() - pos < 12) return bad("truncated block header");
        const char* p = bytes.data() + pos;
        const uint32_t type = get32(p), len = get32(p + 4);
        if (len < 12 || len % 4 || len > bytes.size() - pos) return bad("bad block length");
        if (get32(p + len - 4) != len) return bad("block lengths disagree");
        const char* body = p + 8;
        const size_t body_len = len - 12;
        if (type == kShb) {
            if (body_len < 16 || get32(body) != kByteOrderMagic) return bad("not a little-endian section header");
            links.clear();
            in_section = true;
        } else if (!in_section) {
            return bad("block before the section header");
        } else if (type == kIdb) {
            if (body_len < 8) return bad("short interface block");
            links.push_back(get16(body));
        } else if (type == kEpb) {
            if (body_len < 20) return bad("short packet block");
            const uint32_t ifid = get32(body);
            if (ifid >= links.size()) return bad("packet names an unknown interface");
            const uint64_t ts = (uint64_t(get32(body + 4)) << 32) | get32(body + 8);
            const uint32_t cap = get32(body + 12);
            if (cap > body_len - 20) return bad("packet longer than its block");
            EvidenceFrame f;
            f.linktype = links[ifid];
            f.ts.sec = int64_t(ts / 1000000000ull);
            f.ts.nsec = uint32_t(ts % 1000000000ull);
            f.wirelen = get32(body + 16);
            f.data.assign(body + 20, cap);
            size_t opt = 20 + (cap + 3) / 4 * 4;
            bool have_cnt = false;
            while (opt + 4 <= body_len) {
                const uint16_t code = get16(body + opt), olen = get16(body + opt + 2);
                if (code == kOptEnd) break;
                if (olen > body_len - opt - 4) return bad("option longer than its block");
                if (code == kOptComment) {
                    std::string_view c(body + opt + 4, olen);
                    if (c.substr(0, 9) == "pcap_cnt=") {
                        auto r = std::from_chars(c.data() + 9, c.data() + c.size(), f.pcap_cnt);
                        have_cnt = r.ec == std::errc();
                        f.alert = std::string_view(r.ptr, c.data() + c.size()) == " alert";
                    }
                }
                opt += 4 + (olen + 3u) / 4 * 4;
            }
            if (!have_cnt) return bad("packet without its pcap_cnt comment");
            frames.push_back(std::move(f));
        }  // other block types are skipped, as pcapng readers must
        pos += len;
    }
    return frames;
}

}  // namespace vigie::evidence
