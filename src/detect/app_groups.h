// App-layer rule groups: per protocol and direction, the rules evaluated on a
// transaction, with one Hyperscan database per (buffer kind, side) of their fast
// patterns; rules without a fast pattern in an app buffer form the group's always
// list. See NOTES.md "App-layer detection".
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "detect/app_buffers.h"
#include "detect/compiled_rule.h"
#include "detect/fast_pattern.h"
#include "detect/pattern_db.h"

namespace vigie::detect {

// The fast pattern of an app rule: which of its app lists, and the pattern.
struct AppFastPattern {
    uint16_t list = 0;  // index into CompiledRule::app_lists
    FastPattern fp;
};

// The explicit fast_pattern of any app list wins; else the longest positive content
// over the app lists (ties: pattern_strength, then rule order). None without one.
std::optional<AppFastPattern> choose_app_fast_pattern(const CompiledRule& r);

struct AppKindDb {
    uint16_t kind = 0;
    bool to_server = true;                  // the side whose buffer is scanned
    std::shared_ptr<PatternDb> db;
    std::vector<uint32_t> pat_offsets;      // CSR as RuleGroup: rules of pattern i
    std::vector<uint32_t> pat_rules;
};

struct AppGroup {
    std::vector<uint32_t> members;          // rule ids, ascending
    std::vector<AppKindDb> dbs;
    std::vector<uint32_t> always;           // members without an app fast pattern
};

class AppGroupTable {
public:
    Result<void> build(const std::vector<CompiledRule>& rules, const std::vector<std::optional<AppFastPattern>>& fps,
                       const std::string& cache_dir, unsigned threads = 0);
    const AppGroup* group(app::AppProto p, bool to_server) const {
        const unsigned s = proto_slot(p);
        if (s >= kAppProtoSlots) return nullptr;
        const AppGroup& g = groups_[s][to_server ? 0 : 1];
        return g.members.empty() ? nullptr : &g;
    }
    template <class F>
    void for_each_db(F&& f) const {
        for (const auto& per : groups_)
            for (const auto& g : per)
                for (const auto& d : g.dbs) f(d.db->db());
    }
    uint32_t databases() const { return dbs_; }
    uint32_t patterns() const { return patterns_; }
    uint32_t unprefiltered() const { return unprefiltered_; }
    bool all_from_cache() const { return all_cached_; }

private:
    std::array<std::array<AppGroup, 2>, kAppProtoSlots> groups_;
    uint32_t dbs_ = 0, patterns_ = 0, unprefiltered_ = 0;
    bool all_cached_ = true;
};

}  // namespace vigie::detect
