// IP -> autonomous system from the ip-location-db CSV ranges
// (`start_ip,end_ip,asn,"org"`, inclusive, sorted, gzip or plain). Loaded once into
// sorted arrays; a lookup is a binary search. Organisation names are interned
// because ~400k ranges share ~80k names.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "intel/ip_address.h"

namespace vigie::intel {

struct AsnInfo {
    uint32_t asn = 0;
    std::string org;
};

class AsnTable {
public:
    // Appends the ranges of one file (IPv4 or IPv6 rows, both accepted). A row that
    // does not parse fails the load with file:line: reason.
    Result<void> load(const std::string& path);
    std::optional<AsnInfo> lookup(const IpAddress& a) const;
    size_t ranges() const { return r4_.size() + r6_.size(); }

private:
    struct Range4 {
        uint32_t start, end, asn, org;
    };
    struct Range6 {
        unsigned __int128 start, end;
        uint32_t asn, org;
    };
    void sort_if_needed();

    std::vector<Range4> r4_;
    std::vector<Range6> r6_;
    std::vector<std::string> orgs_;
};

}  // namespace vigie::intel
