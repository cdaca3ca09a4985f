#include "intel/geo_db.h"

#include <maxminddb.h>
#include <netinet/in.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace vigie::intel {

std::unordered_map<std::string, std::string> load_country_names(const std::string& path) {
    std::unordered_map<std::string, std::string> out;
    std::ifstream in(path);
    if (!in) return out;
    auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("3166-1") || !j["3166-1"].is_array()) return out;
    for (const auto& c : j["3166-1"]) {
        if (!c.is_object() || !c.contains("alpha_2") || !c.contains("name")) continue;
        if (!c["alpha_2"].is_string() || !c["name"].is_string()) continue;
        // common_name is what people say ("Taiwan", "Bolivia"), name is the formal one.
        const auto& n = c.contains("common_name") && c["common_name"].is_string() ? c["common_name"] : c["name"];
        out[c["alpha_2"].get<std::string>()] = n.get<std::string>();
    }
    return out;
}

Result<std::unique_ptr<GeoDb>> GeoDb::open(const std::string& path) {
    std::unique_ptr<GeoDb> g(new GeoDb);
    g->db_ = std::make_unique<MMDB_s>();
    const int st = MMDB_open(path.c_str(), MMDB_MODE_MMAP, g->db_.get());
    if (st != MMDB_SUCCESS) {
        g->db_.reset();
        return make_error(path + ": " + MMDB_strerror(st));
    }
    g->names_ = load_country_names(kIsoCodesPath);
    return g;
}

GeoDb::~GeoDb() {
    if (db_) MMDB_close(db_.get());
}

std::optional<Country> GeoDb::lookup(const IpAddress& a) const {
    // Lookup by sockaddr: the address is already parsed, no text round trip.
    sockaddr_storage ss{};
    if (a.v4) {
        auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
        s4->sin_family = AF_INET;
        std::copy(a.bytes.begin() + 12, a.bytes.end(), reinterpret_cast<uint8_t*>(&s4->sin_addr));
    } else {
        auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
        s6->sin6_family = AF_INET6;
        std::copy(a.bytes.begin(), a.bytes.end(), s6->sin6_addr.s6_addr);
    }
    int mmdb_error = 0;
    MMDB_lookup_result_s r = MMDB_lookup_sockaddr(db_.get(), reinterpret_cast<sockaddr*>(&ss), &mmdb_error);
    if (mmdb_error != MMDB_SUCCESS || !r.found_entry) return std::nullopt;
    MMDB_entry_data_s d;
    // Both the ip-location-db layout and MaxMind's GeoLite2 layout are read.
    if (MMDB_get_value(&r.entry, &d, "country_code", nullptr) != MMDB_SUCCESS || !d.has_data) {
        if (MMDB_get_value(&r.entry, &d, "country", "iso_code", nullptr) != MMDB_SUCCESS || !d.has_data)
            return std::nullopt;
    }
    if (d.type != MMDB_DATA_TYPE_UTF8_STRING) return std::nullopt;
    Country c;
    c.code.assign(d.utf8_string, d.data_size);
    auto it = names_.find(c.code);
    c.name = it == names_.end() ? c.code : it->second;
    return c;
}

}  // namespace vigie::intel
