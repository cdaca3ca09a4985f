#include "app/dns/dns_message.h"

#include <algorithm>

#include "app/dns/dns_names.h"

namespace vigie::app::dns {

namespace {

constexpr size_t kHeaderLen = 12;

uint16_t be16(const uint8_t* p) { return uint16_t((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

// Decoding state of one message: its bytes, the name flags met and the decoded
// name bytes so far (bounded by kMaxDecodedNameBytes).
struct Decoder {
    const uint8_t* msg;
    size_t len;
    uint8_t name_flags = 0;
    size_t name_bytes = 0;
    bool over_budget = false;

    bool name(size_t pos, size_t limit, DnsName& out, size_t& next) {
        if (!parse_name(msg, len, pos, limit, out, next)) return false;
        name_flags |= out.flags;
        name_bytes += out.value.size();
        if (name_bytes > kMaxDecodedNameBytes) over_budget = true;
        return !over_budget;
    }

    bool question(size_t& pos, DnsQuestion& q) {
        size_t next;
        if (!name(pos, len, q.name, next) || len - next < 4) return false;
        q.rrtype = be16(msg + next);
        q.rrclass = be16(msg + next + 2);
        pos = next + 4;
        return true;
    }

    bool rdata(uint16_t type, size_t start, size_t end, Rdata& out) {
        const uint8_t* p = msg + start;
        const size_t n = end - start;
        size_t next;
        switch (type) {
            case kA:
            case kAaaa: out = RdataAddress{std::string(reinterpret_cast<const char*>(p), n)}; return true;
            case kCname:
            case kNs:
            case kPtr: {
                RdataName r;
                if (!name(start, end, r.name, next)) return false;
                out = std::move(r);
                return true;
            }
            case kMx: {
                RdataName r;
                if (n < 2) return false;
                r.preference = be16(p);
                if (!name(start + 2, end, r.name, next)) return false;
                out = std::move(r);
                return true;
            }
            case kSoa: {
                RdataSoa r;
                if (!name(start, end, r.mname, next) || !name(next, end, r.rname, next)) return false;
                if (end - next < 20) return false;
                const uint8_t* q = msg + next;
                r.serial = be32(q);
                r.refresh = be32(q + 4);
                r.retry = be32(q + 8);
                r.expire = be32(q + 12);
                r.minimum = be32(q + 16);
                out = std::move(r);
                return true;
            }
            case kSrv: {
                RdataSrv r;
                if (n < 6) return false;
                r.priority = be16(p);
                r.weight = be16(p + 2);
                r.port = be16(p + 4);
                if (!name(start + 6, end, r.target, next)) return false;
                out = std::move(r);
                return true;
            }
            case kTxt: {
                // Character-strings back to back; each becomes one EVE answer.
                RdataTxt r;
                for (size_t i = 0; i < n;) {
                    const size_t l = p[i];
                    if (n - i - 1 < l) return false;
                    r.strings.emplace_back(reinterpret_cast<const char*>(p + i + 1), l);
                    i += 1 + l;
                }
                out = std::move(r);
                return true;
            }
            case kSshfp: {
                if (n < 2) return false;
                out = RdataSshfp{p[0], p[1], std::string(reinterpret_cast<const char*>(p + 2), n - 2)};
                return true;
            }
            case kOpt: {
                RdataOpt r;
                for (size_t i = 0; i < n;) {
                    if (n - i < 4) return false;
                    const size_t l = be16(p + i + 2);
                    if (n - i - 4 < l) return false;
                    r.options.push_back({be16(p + i), std::string(reinterpret_cast<const char*>(p + i + 4), l)});
                    i += 4 + l;
                }
                out = std::move(r);
                return true;
            }
            default:  // NULL and every type not decoded further: the bytes as sent
                out = RdataBytes{std::string(reinterpret_cast<const char*>(p), n)};
                return true;
        }
    }

    bool record(size_t& pos, DnsRecord& r) {
        size_t next;
        if (!name(pos, len, r.name, next) || len - next < 10) return false;
        const uint8_t* p = msg + next;
        r.rrtype = be16(p);
        r.rrclass = be16(p + 2);
        r.ttl = be32(p + 4);
        const size_t rdlen = be16(p + 8);
        const size_t start = next + 10;
        if (len - start < rdlen) return false;
        if (!rdata(r.rrtype, start, start + rdlen, r.data)) return false;
        pos = start + rdlen;
        return true;
    }

    bool section(size_t& pos, uint16_t count, std::vector<DnsRecord>& out) {
        // A record takes at least 11 bytes: never reserve more than could fit.
        out.reserve(std::min<size_t>(count, (len - std::min(len, pos)) / 11));
        for (unsigned i = 0; i < count; ++i) {
            DnsRecord r;
            if (!record(pos, r)) return false;
            out.push_back(std::move(r));
        }
        return true;
    }
};

}  // namespace

bool read_header(const uint8_t* data, size_t len, DnsHeader& h) {
    if (len < kHeaderLen) return false;
    h.id = be16(data);
    h.flags = be16(data + 2);
    h.qdcount = be16(data + 4);
    h.ancount = be16(data + 6);
    h.nscount = be16(data + 8);
    h.arcount = be16(data + 10);
    return true;
}

bool header_plausible(const DnsHeader& h, size_t message_len) {
    const size_t records = size_t(h.qdcount) + h.ancount + h.nscount + h.arcount;
    if (2 * records > message_len) return false;
    if (records == 0 && message_len > kHeaderLen) return false;
    if (!h.qr() && h.qdcount == 0) return false;
    return true;
}

bool parse_name(const uint8_t* msg, size_t msg_len, size_t pos, size_t limit, DnsName& out, size_t& next) {
    out.value.clear();
    out.flags = 0;
    size_t cur = pos;
    size_t end = std::min(limit, msg_len);  // bytes readable at `cur`
    bool jumped = false;
    size_t after_first_pointer = 0;
    unsigned steps = 0;
    while (cur < end) {
        const uint8_t c = msg[cur];
        if (c == 0) {
            ++cur;
            break;
        }
        if ((c & 0xc0) == 0) {
            if (end - cur - 1 < c) return false;
            if (!(out.flags & kNameTruncated)) {
                if (!out.value.empty()) out.value.push_back('.');
                out.value.append(reinterpret_cast<const char*>(msg + cur + 1), c);
            }
            cur += 1 + size_t(c);
        } else if ((c & 0xc0) == 0xc0) {
            if (end - cur < 2) return false;
            const size_t target = be16(msg + cur) & 0x3fff;
            if (target > msg_len) return false;
            if (target == cur) {
                // Points at itself: would never end. Keep what a previous jump
                // already gave, as Suricata does; a name made of nothing else fails.
                out.flags |= kNameInfiniteLoop;
                if (jumped) break;
                return false;
            }
            if (!jumped) {
                jumped = true;
                after_first_pointer = cur + 2;
            }
            cur = target;
            end = msg_len;  // once compressed, the name may sit anywhere in the message
        } else {
            return false;  // 0x40 / 0x80 label types (RFC 6891 extended labels): undefined
        }
        // Pointer cycles longer than a self-pointer end here: every label and every
        // jump counts, so decoding never takes more than kMaxNameSteps steps.
        if (++steps > kMaxNameSteps) {
            out.flags |= kNameLabelLimit;
            if (jumped) break;
            return false;
        }
        if (out.value.size() > kMaxNameLen) {
            out.value.resize(kMaxNameLen);
            out.flags |= kNameTruncated;
            if (jumped) break;
        }
    }
    next = jumped ? after_first_pointer : cur;
    return true;
}

ParseStatus parse_message(const uint8_t* data, size_t len, DnsMessage& m) {
    m = DnsMessage{};
    if (!read_header(data, len, m.header) || !header_plausible(m.header, len)) return ParseStatus::BadHeader;
    Decoder d{data, len};
    size_t pos = kHeaderLen;
    m.queries.reserve(std::min<size_t>(m.header.qdcount, (len - kHeaderLen) / 5));
    for (unsigned i = 0; i < m.header.qdcount; ++i) {
        DnsQuestion q;
        if (!d.question(pos, q)) return ParseStatus::Malformed;
        m.queries.push_back(std::move(q));
    }
    if (!d.section(pos, m.header.ancount, m.answers)) return ParseStatus::Malformed;
    // Later sections matter less and are often what a middlebox mangled:
    // keep the message, drop the section, flag it (as Suricata does).
    if (!d.section(pos, m.header.nscount, m.authorities)) {
        m.authorities.clear();
        m.invalid_authorities = true;
    } else if (!d.section(pos, m.header.arcount, m.additionals)) {
        m.additionals.clear();
        m.invalid_additionals = true;
    }
    if (d.over_budget) return ParseStatus::Malformed;
    m.name_flags = d.name_flags;
    return ParseStatus::Ok;
}

}  // namespace vigie::app::dns
