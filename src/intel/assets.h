// Assets inventory: CIDR ranges -> organisation, sector, criticality, from a YAML
// list (docs/store.md, data/assets.example.yaml). The most specific range wins, so
// a lab /24 inside a campus /16 gets its own sector.
#pragma once
#include <string>
#include <vector>

#include "common/result.h"
#include "intel/ip_address.h"

namespace vigie::intel {

// The fixed sector list of issue 5; anything else in a file is an error.
inline constexpr const char* kSectors[] = {"aerospace", "research", "energy",    "oil and gas",
                                           "internet",  "telecom",  "government", "finance",
                                           "health",    "transport", "education", "other"};
inline constexpr const char* kCriticalities[] = {"low", "medium", "high", "critical"};

struct Asset {
    IpAddress net;
    unsigned prefix_len = 0;
    std::string cidr;
    std::string organisation;
    std::string sector;
    std::string criticality;
};

class Assets {
public:
    // Errors carry file:line: reason (the line of the offending entry or key).
    static Result<Assets> load(const std::string& path);
    static Result<Assets> parse(const std::string& yaml_text, const std::string& name);

    const Asset* match(const IpAddress& a) const;  // longest prefix, or nullptr
    size_t size() const { return list_.size(); }

private:
    std::vector<Asset> list_;  // longest prefix first
};

}  // namespace vigie::intel
