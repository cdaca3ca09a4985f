// The privacy policy of an export: which internal addresses and which asset
// (organisation) names may leave the sensor's organisation. Everything else about
// a target is reported by sector only. No policy file: nothing internal leaves.
//
//   share_addresses: [192.0.2.0/24, 2001:db8::/48]   # internal addresses allowed out
//   share_asset_names: ["ACME Research"]             # organisation names allowed out
#pragma once
#include <string>
#include <vector>

#include "common/result.h"
#include "intel/ip_address.h"

namespace vigie::intel {

class ExportPolicy {
public:
    // Unknown keys, bad CIDRs and YAML errors are "file:line: reason".
    static Result<ExportPolicy> load(const std::string& path);
    static Result<ExportPolicy> parse(const std::string& yaml_text, const std::string& name);

    bool address_may_leave(const std::string& ip) const;
    bool asset_name_may_leave(const std::string& org) const;
    // "a.b.c.d/n": the whole network lies inside one shared network.
    bool network_may_leave(const std::string& cidr) const;
    // Free text (campaign labels, link reasons) with every private or reserved
    // address or network the policy keeps in replaced by "[internal]". Public
    // addresses are the attackers' and stay.
    std::string scrub(const std::string& text) const;

private:
    struct Net {
        IpAddress net;
        unsigned len;
    };
    std::vector<Net> addresses_;
    std::vector<std::string> asset_names_;
};

}  // namespace vigie::intel
