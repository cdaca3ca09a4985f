// IP -> country (ISO 3166-1 alpha-2 code and English name), offline, from a MaxMind
// DB file (ip-location-db's geo-whois-asn-country.mmdb: records {"country_code": "XX"}).
// Names come from Debian's iso-codes (the .mmdb holds codes only).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/result.h"
#include "intel/ip_address.h"

struct MMDB_s;

namespace vigie::intel {

struct Country {
    std::string code;  // "US"
    std::string name;  // "United States"; the code when no name is known
};

class GeoDb {
public:
    static Result<std::unique_ptr<GeoDb>> open(const std::string& path);
    ~GeoDb();
    GeoDb(const GeoDb&) = delete;
    GeoDb& operator=(const GeoDb&) = delete;

    std::optional<Country> lookup(const IpAddress& a) const;

private:
    GeoDb() = default;
    std::unique_ptr<MMDB_s> db_;
    std::unordered_map<std::string, std::string> names_;
};

// Code -> name from iso-codes' iso_3166-1.json; empty when not installed.
std::unordered_map<std::string, std::string> load_country_names(const std::string& path);
inline constexpr const char* kIsoCodesPath = "/usr/share/iso-codes/json/iso_3166-1.json";

}  // namespace vigie::intel
