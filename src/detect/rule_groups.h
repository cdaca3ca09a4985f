// Rule groups: the subset of rules a packet can meet, chosen by protocol class,
// direction and port, each with one Hyperscan database of its rules' fast patterns.
// A packet meets two groups at most: the "wide" group of its protocol and direction
// (rules accepting most ports) and the group of its key port (rules naming few ports).
// See NOTES.md "Grouping" for why this differs from Suricata's copied port groups.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/addr_index.h"
#include "detect/compiled_rule.h"
#include "detect/fast_pattern.h"
#include "detect/pattern_db.h"

namespace vigie::detect {

enum ProtoClass : uint8_t { kTcp = 0, kUdp = 1, kIcmp = 2, kOtherIp = 3, kProtoClasses = 4 };

struct RuleGroup {
    std::vector<uint32_t> members;          // rule ids, ascending
    std::shared_ptr<PatternDb> db;          // null when no member has a fast pattern
    std::vector<uint32_t> pat_offsets;      // CSR: rules of pattern i are pat_rules[off[i], off[i+1])
    std::vector<uint32_t> pat_rules;
    std::vector<uint32_t> always;           // members with neither a fast pattern nor an address index
    AddrIndex by_src, by_dst;               // members without a fast pattern, by an address set
    bool packet_rules_on_streams = false;   // has Packet-source payload rules (scan the packet of streamed TCP too)
};

struct GroupConfig {
    uint32_t toserver_port_groups = 16, toclient_port_groups = 4, narrow_port_limit = 32;
    std::string cache_dir;
    unsigned threads = 0;  // Hyperscan compile threads (0 = one per core)
};

class GroupTable {
public:
    // `fps[i]` is rule i's fast pattern (rules indexed by id).
    Result<void> build(const std::vector<CompiledRule>& rules, const std::vector<std::optional<FastPattern>>& fps,
                       const GroupConfig& cfg);

    // The groups for a packet of this class and direction with these ports: the wide
    // group and the port group, either of which may be null.
    struct Selection {
        const RuleGroup* wide = nullptr;
        const RuleGroup* port = nullptr;
    };
    Selection select(ProtoClass c, bool to_server, uint16_t sp, uint16_t dp) const {
        const Side& s = sides_[c][to_server ? 0 : 1];
        Selection out;
        if (s.wide >= 0) out.wide = &groups_[s.wide];
        if (!s.port_map.empty()) {
            int32_t g = s.port_map[to_server ? dp : sp];
            if (g >= 0) out.port = &groups_[g];
        }
        return out;
    }

    const std::vector<RuleGroup>& groups() const { return groups_; }
    uint32_t databases() const { return dbs_; }
    uint32_t patterns() const { return patterns_; }
    uint32_t unprefiltered() const { return unprefiltered_; }  // rules in some group's always list
    bool all_from_cache() const { return all_cached_; }

private:
    struct Side {
        int32_t wide = -1;              // rules wide on the key side (all rules for icmp/other)
        std::vector<int32_t> port_map;  // tcp/udp: key port -> group of narrow rules (65536 entries)
    };
    int32_t intern_group(std::vector<uint32_t> members);
    Result<void> fill_group(RuleGroup& g, const std::vector<CompiledRule>& rules,
                            const std::vector<std::optional<FastPattern>>& fps, const std::string& cache_dir);

    std::array<std::array<Side, 2>, kProtoClasses> sides_;
    std::vector<RuleGroup> groups_;
    uint32_t dbs_ = 0, patterns_ = 0, unprefiltered_ = 0;
    bool all_cached_ = true;
};

}  // namespace vigie::detect
