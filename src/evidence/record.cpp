#include "evidence/record.h"

#include <cstdint>
#include <cstring>

namespace vigie::evidence {

namespace {
constexpr std::string_view kMagic = "VGEVREC1";
constexpr const char* kTags[4] = {"META", "ALRT", "RULE", "PCAP"};

void put_section(std::string& o, const char* tag, std::string_view body) {
    o.append(tag, 4);
    const uint64_t n = body.size();
    o.append(reinterpret_cast<const char*>(&n), 8);
    o.append(body);
}
}  // namespace

std::string encode_record(const RecordContent& r) {
    std::string o;
    o.reserve(kMagic.size() + 4 * 12 + r.meta.size() + r.alerts.size() + r.rules.size() + r.pcapng.size());
    o.append(kMagic);
    put_section(o, kTags[0], r.meta);
    put_section(o, kTags[1], r.alerts);
    put_section(o, kTags[2], r.rules);
    put_section(o, kTags[3], r.pcapng);
    return o;
}

Result<RecordContent> decode_record(std::string_view b) {
    if (b.substr(0, kMagic.size()) != kMagic) return make_error("not an evidence record (bad magic)");
    size_t pos = kMagic.size();
    std::string* parts[4];
    RecordContent r;
    parts[0] = &r.meta;
    parts[1] = &r.alerts;
    parts[2] = &r.rules;
    parts[3] = &r.pcapng;
    for (int i = 0; i < 4; ++i) {
        if (b.size() - pos < 12) return make_error(std::string("record truncated before section ") + kTags[i]);
        if (b.substr(pos, 4) != kTags[i]) return make_error(std::string("record section ") + kTags[i] + " missing");
        uint64_t n;
        std::memcpy(&n, b.data() + pos + 4, 8);
        pos += 12;
        if (n > b.size() - pos) return make_error(std::string("record section ") + kTags[i] + " longer than the record");
        parts[i]->assign(b.data() + pos, n);
        pos += n;
    }
    if (pos != b.size()) return make_error("record has trailing bytes");
    return r;
}

}  // namespace vigie::evidence
