// Offline enrichment of an alert's two addresses: the attacker's country and AS, the
// target's asset (organisation, sector, criticality). Every data source is optional:
// what is missing is reported once and recorded as "unknown", never guessed.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "intel/asn_table.h"
#include "intel/assets.h"
#include "intel/geo_db.h"
#include "intel/intel_options.h"

namespace vigie::intel {

// Where scripts/install-deps.sh puts the geo data: $VIGIE_GEO_DIR, else
// $XDG_CACHE_HOME/vigie/geo, else ~/.cache/vigie/geo.
std::string default_geo_dir();

struct IpIntel {
    std::string country = "unknown";  // ISO code, or "private" / "reserved" / "unknown"
    std::string country_name;         // English name, or what the special range is
    uint32_t asn = 0;                 // 0: none known
    std::string as_org;
};

struct TargetIntel {
    std::string organisation = "unknown";
    std::string sector = "unknown";
    std::string criticality = "unknown";
    std::string cidr;  // the asset range that matched; empty when none
};

class Enricher {
public:
    // A path given explicitly that cannot be read is an error; a missing default
    // is a warning (see warnings()).
    static Result<std::unique_ptr<Enricher>> open(const IntelOptions& opt);

    const IpIntel& ip(const std::string& text);       // cached per address
    TargetIntel target(const std::string& text) const;
    // Uncached and const, so worker threads can share one Enricher (each keeps its
    // own per-flow cache: cli/alert_enrichment.h).
    IpIntel lookup(const IpAddress& a) const;
    TargetIntel target(const IpAddress& a) const;

    const std::vector<std::string>& warnings() const { return warnings_; }
    bool has_geo() const { return geo_ != nullptr; }
    bool has_asn() const { return asn_.ranges() > 0; }
    size_t asset_count() const { return assets_.size(); }

private:
    std::unique_ptr<GeoDb> geo_;
    AsnTable asn_;
    Assets assets_;
    std::unordered_map<std::string, IpIntel> cache_;
    std::vector<std::string> warnings_;
};

}  // namespace vigie::intel
