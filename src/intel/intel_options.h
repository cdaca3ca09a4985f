// Where the enrichment data comes from (--geo, --asn, --asn6, --assets, or the
// vigie.intel.* keys of vigie.yaml). Its own header so the run configuration can
// hold it without pulling in the lookup tables.
#pragma once
#include <string>

namespace vigie::intel {

struct IntelOptions {
    std::string geo;    // .mmdb; empty: the installed one (default_geo_dir())
    std::string asn;    // IPv4 ranges CSV (.gz or plain); empty: installed
    std::string asn6;   // IPv6 ranges; empty: installed
    std::string assets; // YAML inventory; empty: none (every target "unknown")

    bool any() const { return !geo.empty() || !asn.empty() || !asn6.empty() || !assets.empty(); }
};

}  // namespace vigie::intel
