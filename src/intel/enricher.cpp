#include "intel/enricher.h"

#include <cstdlib>
#include <filesystem>

#include "intel/special_ranges.h"

namespace vigie::intel {

namespace {

bool exists(const std::string& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

// The explicit path, else the first installed candidate, else "" (not installed).
std::string pick(const std::string& given, std::initializer_list<const char*> names) {
    if (!given.empty()) return given;
    const std::string dir = default_geo_dir();
    for (const char* n : names)
        if (exists(dir + "/" + n)) return dir + "/" + n;
    return "";
}

}  // namespace

std::string default_geo_dir() {
    if (const char* d = std::getenv("VIGIE_GEO_DIR"); d && *d) return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/vigie/geo";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/vigie/geo";
    return ".cache/vigie/geo";
}

Result<std::unique_ptr<Enricher>> Enricher::open(const IntelOptions& opt) {
    auto e = std::make_unique<Enricher>();
    const std::string where = default_geo_dir();

    const std::string geo = pick(opt.geo, {"geo-whois-asn-country.mmdb"});
    if (geo.empty()) {
        e->warnings_.push_back("geo database not installed (no geo-whois-asn-country.mmdb in " + where +
                               "; run scripts/install-deps.sh or pass --geo FILE): countries recorded as unknown");
    } else {
        auto g = GeoDb::open(geo);
        if (!g) return make_error("geo database: " + g.error());
        e->geo_ = std::move(*g);
    }

    const std::string asn4 = pick(opt.asn, {"asn-ipv4.csv.gz", "asn-ipv4.csv"});
    const std::string asn6 = pick(opt.asn6, {"asn-ipv6.csv.gz", "asn-ipv6.csv"});
    if (asn4.empty() && asn6.empty())
        e->warnings_.push_back("ASN database not installed (no asn-ipv4.csv[.gz] in " + where +
                               "; run scripts/install-deps.sh or pass --asn FILE): AS numbers recorded as unknown");
    for (const auto& p : {asn4, asn6}) {
        if (p.empty()) continue;
        auto r = e->asn_.load(p);
        if (!r) return make_error("ASN database: " + r.error());
    }

    if (!opt.assets.empty()) {
        auto a = Assets::load(opt.assets);
        if (!a) return make_error(a.error());
        e->assets_ = std::move(*a);
    }
    return e;
}

const IpIntel& Enricher::ip(const std::string& text) {
    auto [it, fresh] = cache_.try_emplace(text);
    if (!fresh) return it->second;
    if (auto a = parse_ip(text)) it->second = lookup(*a);
    return it->second;
}

IpIntel Enricher::lookup(const IpAddress& a) const {
    IpIntel out;
    if (auto s = classify_special(a)) {
        out.country = s->kind;
        out.country_name = s->what;
        return out;
    }
    if (geo_) {
        if (auto c = geo_->lookup(a)) {
            out.country = c->code;
            out.country_name = c->name;
        }
    }
    if (auto as = asn_.lookup(a)) {
        out.asn = as->asn;
        out.as_org = as->org;
    }
    return out;
}

TargetIntel Enricher::target(const std::string& text) const {
    auto a = parse_ip(text);
    return a ? target(*a) : TargetIntel{};
}

TargetIntel Enricher::target(const IpAddress& a) const {
    TargetIntel t;
    if (const Asset* m = assets_.match(a)) {
        t.organisation = m->organisation;
        t.sector = m->sector;
        t.criticality = m->criticality;
        t.cidr = m->cidr;
    }
    return t;
}

}  // namespace vigie::intel
