#include "intel/special_ranges.h"

#include <vector>

namespace vigie::intel {

namespace {

struct Entry {
    IpAddress net;
    unsigned len;
    SpecialRange label;
};

// "private": addresses of a local network (RFC 1918, CGN, ULA, loopback, link-local);
// "reserved": everything else that routes nowhere public.
std::vector<Entry> build() {
    const struct {
        const char* net;
        unsigned len;
        const char* kind;
        const char* what;
    } rows[] = {
        {"0.0.0.0", 8, "reserved", "this network (RFC 791)"},
        {"10.0.0.0", 8, "private", "RFC 1918 private"},
        {"100.64.0.0", 10, "private", "shared address space (RFC 6598)"},
        {"127.0.0.0", 8, "private", "loopback"},
        {"169.254.0.0", 16, "private", "link-local"},
        {"172.16.0.0", 12, "private", "RFC 1918 private"},
        {"192.0.0.0", 24, "reserved", "IETF protocol assignments"},
        {"192.0.2.0", 24, "reserved", "documentation (RFC 5737)"},
        {"192.88.99.0", 24, "reserved", "6to4 relay anycast (deprecated)"},
        {"192.168.0.0", 16, "private", "RFC 1918 private"},
        {"198.18.0.0", 15, "reserved", "benchmarking (RFC 2544)"},
        {"198.51.100.0", 24, "reserved", "documentation (RFC 5737)"},
        {"203.0.113.0", 24, "reserved", "documentation (RFC 5737)"},
        {"224.0.0.0", 4, "reserved", "multicast"},
        {"240.0.0.0", 4, "reserved", "reserved (RFC 1112), broadcast"},
        {"::", 128, "reserved", "unspecified"},
        {"::1", 128, "private", "loopback"},
        {"64:ff9b::", 96, "reserved", "IPv4/IPv6 translation (RFC 6052)"},
        {"64:ff9b:1::", 48, "reserved", "local IPv4/IPv6 translation (RFC 8215)"},
        {"100::", 64, "reserved", "discard-only (RFC 6666)"},
        {"2001::", 23, "reserved", "IETF protocol assignments"},
        {"2001:db8::", 32, "reserved", "documentation (RFC 3849)"},
        {"fc00::", 7, "private", "unique local (RFC 4193)"},
        {"fe80::", 10, "private", "link-local"},
        {"ff00::", 8, "reserved", "multicast"},
    };
    std::vector<Entry> out;
    for (const auto& r : rows) out.push_back({*parse_ip(r.net), r.len, {r.kind, r.what}});
    return out;
}

}  // namespace

std::optional<SpecialRange> classify_special(const IpAddress& a) {
    static const std::vector<Entry> table = build();
    for (const auto& e : table)
        if (in_prefix(a, e.net, e.len)) return e.label;
    return std::nullopt;
}

}  // namespace vigie::intel
