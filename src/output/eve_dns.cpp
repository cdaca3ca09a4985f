#include "output/eve_dns.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "app/dns/dns_names.h"

namespace vigie::output {

namespace {

using app::DnsTransaction;
namespace dns = app::dns;

constexpr char kHex[] = "0123456789abcdef";

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF),
// the test Suricata's set_string_from_bytes applies before keeping text as is.
bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) n = 1;
        else if (c == 0xe0) n = 2, lo = 0xa0;
        else if (c == 0xed) n = 2, hi = 0x9f;
        else if (c >= 0xe1 && c <= 0xef) n = 2;
        else if (c == 0xf0) n = 3, lo = 0x90;
        else if (c >= 0xf1 && c <= 0xf3) n = 3;
        else if (c == 0xf4) n = 3, hi = 0x8f;
        else return false;
        if (s.size() - i - 1 < n) return false;
        for (size_t k = 1; k <= n; ++k) {
            const unsigned char t = s[i + k];
            if (t < (k == 1 ? lo : 0x80) || t > (k == 1 ? hi : 0xbf)) return false;
        }
        i += n + 1;
    }
    return true;
}

// A JSON string of wire bytes as Suricata writes them: valid UTF-8 is kept,
// otherwise each byte >= 0x80 becomes the four characters "\xNN".
void append_bytes_string(std::string& out, std::string_view raw) {
    const bool utf8 = valid_utf8(raw);
    out.push_back('"');
    for (unsigned char c : raw) {
        if (c >= 0x80 && !utf8) {
            out.append("\\\\x");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
            continue;
        }
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            default:
                if (c < 0x20) {
                    out.append("\\u00");
                    out.push_back(kHex[c >> 4]);
                    out.push_back(kHex[c & 15]);
                } else {
                    out.push_back(char(c));
                }
        }
    }
    out.push_back('"');
}

// Suricata prints A as dotted quad and AAAA as eight zero-padded groups
// (no "::" compression); any other length prints as "".
std::string address_text(std::string_view b) {
    std::string s;
    if (b.size() == 4) {
        for (size_t i = 0; i < 4; ++i) {
            if (i) s.push_back('.');
            s += std::to_string(uint8_t(b[i]));
        }
    } else if (b.size() == 16) {
        for (size_t i = 0; i < 16; ++i) {
            if (i && i % 2 == 0) s.push_back(':');
            s.push_back(kHex[uint8_t(b[i]) >> 4]);
            s.push_back(kHex[uint8_t(b[i]) & 15]);
        }
    }
    return s;
}

std::string rrtype_text(uint16_t t) {
    const std::string_view n = dns::rrtype_name(t);
    return n.empty() ? std::to_string(t) : std::string(n);
}

// Minimal JSON composer for the nested dns object (JsonLine has no arrays of
// objects). Writes into a caller-owned buffer that keeps its capacity.
class Out {
public:
    explicit Out(std::string& s) : s_(s) {}
    void key(std::string_view k) {
        comma();
        s_.push_back('"');
        s_.append(k);
        s_.append("\":");
    }
    void open(std::string_view k, char c) {
        key(k);
        s_.push_back(c);
        first_ = true;
    }
    void elem_open() {
        comma();
        s_.push_back('{');
        first_ = true;
    }
    void close(char c) {
        s_.push_back(c);
        first_ = false;
    }
    void text(std::string_view k, std::string_view v) {  // trusted ASCII text
        key(k);
        s_.push_back('"');
        s_.append(v);
        s_.push_back('"');
    }
    void bytes(std::string_view k, std::string_view raw) {
        key(k);
        append_bytes_string(s_, raw);
    }
    void elem_bytes(std::string_view raw) {
        comma();
        append_bytes_string(s_, raw);
    }
    void elem_text(std::string_view v) {
        comma();
        s_.push_back('"');
        s_.append(v);
        s_.push_back('"');
    }
    void uint(std::string_view k, uint64_t v) {
        key(k);
        char tmp[24];
        auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
        s_.append(tmp, r.ptr);
    }
    void yes(std::string_view k) {
        key(k);
        s_.append("true");
    }
    std::string& buf() { return s_; }

private:
    void comma() {
        if (!first_) s_.push_back(',');
        first_ = false;
    }
    std::string& s_;
    bool first_ = true;
};

void write_name_flag(Out& o, std::string_view k, const dns::DnsName& n) {
    if (n.flags & dns::kNameTruncated) o.yes(k);
}

void write_soa(Out& o, const dns::RdataSoa& s) {
    o.bytes("mname", s.mname.value);
    write_name_flag(o, "mname_truncated", s.mname);
    o.bytes("rname", s.rname.value);
    write_name_flag(o, "rname_truncated", s.rname);
    o.uint("serial", s.serial);
    o.uint("refresh", s.refresh);
    o.uint("retry", s.retry);
    o.uint("expire", s.expire);
    o.uint("minimum", s.minimum);
}

void write_srv(Out& o, const dns::RdataSrv& s) {
    o.uint("priority", s.priority);
    o.uint("weight", s.weight);
    o.uint("port", s.port);
    o.bytes("name", s.target.value);
}

void write_sshfp(Out& o, const dns::RdataSshfp& s) {
    std::string fp;
    for (size_t i = 0; i < s.fingerprint.size(); ++i) {
        if (i) fp.push_back(':');
        fp.push_back(kHex[uint8_t(s.fingerprint[i]) >> 4]);
        fp.push_back(kHex[uint8_t(s.fingerprint[i]) & 15]);
    }
    o.text("fingerprint", fp);
    o.uint("algo", s.algo);
    o.uint("type", s.fp_type);
}

// One answer/authority/additional object. TXT records are logged as one object
// per character-string (`txt_index`), as Suricata does.
void write_record(Out& o, const dns::DnsRecord& r, size_t txt_index) {
    o.elem_open();
    o.bytes("rrname", r.name.value);
    write_name_flag(o, "rrname_truncated", r.name);
    o.text("rrtype", rrtype_text(r.rrtype));
    o.uint("ttl", r.ttl);
    if (auto* a = std::get_if<dns::RdataAddress>(&r.data)) {
        o.text("rdata", address_text(a->bytes));
    } else if (auto* n = std::get_if<dns::RdataName>(&r.data)) {
        o.bytes("rdata", n->name.value);
        write_name_flag(o, "rdata_truncated", n->name);
    } else if (auto* t = std::get_if<dns::RdataTxt>(&r.data)) {
        if (txt_index < t->strings.size()) o.bytes("rdata", t->strings[txt_index]);
    } else if (auto* b = std::get_if<dns::RdataBytes>(&r.data)) {
        // NULL is printed as text; types Suricata does not decode get no rdata.
        if (r.rrtype == dns::kNull) o.bytes("rdata", b->bytes);
    } else if (auto* s = std::get_if<dns::RdataSoa>(&r.data)) {
        o.open("soa", '{');
        write_soa(o, *s);
        o.close('}');
    } else if (auto* v = std::get_if<dns::RdataSrv>(&r.data)) {
        o.open("srv", '{');
        write_srv(o, *v);
        o.close('}');
    } else if (auto* f = std::get_if<dns::RdataSshfp>(&r.data)) {
        o.open("sshfp", '{');
        write_sshfp(o, *f);
        o.close('}');
    } else if (auto* p = std::get_if<dns::RdataOpt>(&r.data)) {
        o.open("opt", '[');
        for (const auto& opt : p->options) {
            o.elem_open();
            o.uint("code", opt.code);
            std::string hex;
            for (unsigned char c : opt.data) {
                hex.push_back(kHex[c >> 4]);
                hex.push_back(kHex[c & 15]);
            }
            o.text("data", hex);
            o.close('}');
        }
        o.close(']');
    }
    o.close('}');
}

void write_records(Out& o, const dns::DnsRecord& r) {
    if (auto* t = std::get_if<dns::RdataTxt>(&r.data)) {
        for (size_t i = 0; i < t->strings.size(); ++i) write_record(o, r, i);
    } else {
        write_record(o, r, 0);
    }
}

// "grouped": rdata collected per record type, types in first-seen order.
void write_grouped(Out& o, const std::vector<dns::DnsRecord>& answers) {
    std::vector<std::pair<uint16_t, std::string>> groups;
    for (const auto& r : answers) {
        std::string item;
        Out g(item);
        if (auto* a = std::get_if<dns::RdataAddress>(&r.data)) {
            g.elem_text(address_text(a->bytes));
        } else if (auto* n = std::get_if<dns::RdataName>(&r.data)) {
            g.elem_bytes(n->name.value);
        } else if (auto* t = std::get_if<dns::RdataTxt>(&r.data)) {
            for (const auto& s : t->strings) g.elem_bytes(s);
        } else if (auto* b = std::get_if<dns::RdataBytes>(&r.data)) {
            if (r.rrtype == dns::kNull) g.elem_bytes(b->bytes);
        } else if (auto* s = std::get_if<dns::RdataSoa>(&r.data)) {
            g.elem_open();
            write_soa(g, *s);
            g.close('}');
        } else if (auto* v = std::get_if<dns::RdataSrv>(&r.data)) {
            g.elem_open();
            write_srv(g, *v);
            g.close('}');
        } else if (auto* f = std::get_if<dns::RdataSshfp>(&r.data)) {
            g.elem_open();
            write_sshfp(g, *f);
            g.close('}');
        }
        if (item.empty()) continue;
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& e) { return e.first == r.rrtype; });
        if (it == groups.end()) {
            groups.emplace_back(r.rrtype, std::move(item));
        } else {
            it->second.push_back(',');
            it->second += item;
        }
    }
    o.open("grouped", '{');
    for (const auto& [type, items] : groups) {
        o.key(rrtype_text(type));
        o.buf().push_back('[');
        o.buf() += items;
        o.buf().push_back(']');
    }
    o.close('}');
}

bool type_logged(uint16_t t, const DnsLogConfig& cfg) {
    if (cfg.types.empty()) return true;
    // With a filter, only types Suricata has a name for can be selected.
    return !dns::rrtype_name(t).empty() && std::find(cfg.types.begin(), cfg.types.end(), t) != cfg.types.end();
}

bool any_question_logged(const dns::DnsMessage& m, const DnsLogConfig& cfg) {
    return std::any_of(m.queries.begin(), m.queries.end(), [&](const auto& q) { return type_logged(q.rrtype, cfg); });
}

void write_header_fields(Out& o, const dns::DnsHeader& h) {
    char flags[8];
    auto r = std::to_chars(flags, flags + sizeof flags, h.flags, 16);
    o.text("flags", std::string_view(flags, size_t(r.ptr - flags)));
    if (h.qr()) o.yes("qr");
    if (h.aa()) o.yes("aa");
    if (h.tc()) o.yes("tc");
    if (h.rd()) o.yes("rd");
    if (h.ra()) o.yes("ra");
    if (h.z()) o.yes("z");
    o.uint("opcode", h.opcode());
}

void write_rcode(Out& o, const dns::DnsHeader& h) {
    const std::string_view n = dns::rcode_name(h.rcode());
    o.text("rcode", n.empty() ? std::to_string(h.rcode()) : std::string(n));
}

void write_answer_sections(Out& o, const dns::DnsMessage& m, bool detailed, bool grouped) {
    if (!m.answers.empty()) {
        if (detailed) {
            o.open("answers", '[');
            for (const auto& r : m.answers) write_records(o, r);
            o.close(']');
        }
        if (grouped) write_grouped(o, m.answers);
    }
    if (!m.authorities.empty()) {
        o.open("authorities", '[');
        for (const auto& r : m.authorities) write_records(o, r);
        o.close(']');
    }
    // An OPT record without options (plain EDNS) is not worth a line.
    bool open = false;
    for (const auto& r : m.additionals) {
        if (auto* p = std::get_if<dns::RdataOpt>(&r.data); p && p->options.empty()) continue;
        if (!open) o.open("additionals", '[');
        open = true;
        write_records(o, r);
    }
    if (open) o.close(']');
}

void write_v3(Out& o, const DnsTransaction& tx, const DnsLogConfig& cfg) {
    const dns::DnsMessage& m = tx.message();
    o.uint("version", 3);
    o.text("type", tx.is_request() ? "request" : "response");
    o.uint("tx_id", tx.tx_id);
    o.uint("id", m.header.id);
    write_header_fields(o, m.header);
    write_rcode(o, m.header);
    if (!m.queries.empty()) {
        o.open("queries", '[');
        for (const auto& q : m.queries) {
            if (!type_logged(q.rrtype, cfg)) continue;
            o.elem_open();
            o.bytes("rrname", q.name.value);
            o.text("rrtype", rrtype_text(q.rrtype));
            write_name_flag(o, "rrname_truncated", q.name);
            o.close('}');
        }
        o.close(']');
    }
    write_answer_sections(o, m, cfg.detailed, cfg.grouped);
}

void write_v2_query(Out& o, const DnsTransaction& tx, const dns::DnsQuestion& q) {
    const dns::DnsHeader& h = tx.message().header;
    o.uint("version", 2);
    o.text("type", "query");
    o.uint("id", h.id);
    o.bytes("rrname", q.name.value);
    write_name_flag(o, "rrname_truncated", q.name);
    o.text("rrtype", rrtype_text(q.rrtype));
    o.uint("tx_id", tx.tx_id);
    if (h.z()) o.yes("z");
    o.uint("opcode", h.opcode());
}

void write_v2_answer(Out& o, const DnsTransaction& tx, const DnsLogConfig& cfg) {
    const dns::DnsMessage& m = tx.message();
    o.uint("version", 2);
    o.text("type", "answer");
    o.uint("id", m.header.id);
    write_header_fields(o, m.header);
    if (!m.queries.empty()) {
        o.bytes("rrname", m.queries[0].name.value);
        write_name_flag(o, "rrname_truncated", m.queries[0].name);
        o.text("rrtype", rrtype_text(m.queries[0].rrtype));
    }
    write_rcode(o, m.header);
    write_answer_sections(o, m, cfg.detailed, cfg.grouped);
}

// The scratch buffer keeps its capacity across records (no allocation once warm).
std::string& scratch() {
    thread_local std::string s;
    s.clear();
    return s;
}

}  // namespace

std::optional<uint16_t> dns_log_type_from_name(std::string_view name) {
    std::string upper(name);
    for (char& c : upper) c = char(std::toupper(static_cast<unsigned char>(c)));
    for (uint32_t t = 0; t <= 0xffff; ++t)
        if (dns::rrtype_name(uint16_t(t)) == upper) return uint16_t(t);
    return std::nullopt;
}

uint32_t dns_record_count(const DnsTransaction& tx, const DnsLogConfig& cfg) {
    if (tx.is_request() ? !cfg.requests : !cfg.responses) return 0;
    const dns::DnsMessage& m = tx.message();
    if (cfg.version == 2 && tx.is_request()) {
        return uint32_t(std::count_if(m.queries.begin(), m.queries.end(),
                                      [&](const auto& q) { return type_logged(q.rrtype, cfg); }));
    }
    return any_question_logged(m, cfg) ? 1 : 0;
}

bool write_dns_object(JsonLine& j, const DnsTransaction& tx, bool query_side, const DnsLogConfig& cfg,
                      uint32_t record) {
    if (query_side != tx.is_request() || record >= dns_record_count(tx, cfg)) return false;
    std::string& s = scratch();
    s.push_back('{');
    Out o(s);
    if (cfg.version == 2 && tx.is_request()) {
        // record-th question of a logged type
        for (const auto& q : tx.message().queries) {
            if (!type_logged(q.rrtype, cfg)) continue;
            if (record-- == 0) {
                write_v2_query(o, tx, q);
                break;
            }
        }
    } else if (cfg.version == 2) {
        write_v2_answer(o, tx, cfg);
    } else {
        write_v3(o, tx, cfg);
    }
    s.push_back('}');
    j.raw("dns", s);
    return true;
}

void write_dns_alert_object(JsonLine& j, const DnsTransaction& tx) {
    std::string& s = scratch();
    s.push_back('{');
    Out o(s);
    DnsLogConfig cfg;
    cfg.grouped = false;
    write_v3(o, tx, cfg);
    s.push_back('}');
    j.raw("dns", s);
}

}  // namespace vigie::output
