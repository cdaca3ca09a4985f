#include "detect/app_groups.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace vigie::detect {

std::optional<AppFastPattern> choose_app_fast_pattern(const CompiledRule& r) {
    std::optional<AppFastPattern> best;
    uint32_t best_strength = 0;
    for (uint16_t i = 0; i < r.app_lists.size(); ++i) {
        // A list that may match an absent buffer cannot prefilter the rule.
        if (r.app_lists[i].absent != rules::BufferMatches::Absent::No) continue;
        const rules::BufferMatches& list = *r.app_lists[i].list;
        auto fp = choose_fast_pattern(list);
        if (!fp) continue;
        const auto& c = std::get<rules::Content>(list.matches[fp->match_index]);
        if (c.fast_pattern) return AppFastPattern{i, std::move(*fp)};
        const uint32_t strength = pattern_strength(fp->bytes);
        if (!best || fp->bytes.size() > best->fp.bytes.size() ||
            (fp->bytes.size() == best->fp.bytes.size() && strength > best_strength)) {
            best = AppFastPattern{i, std::move(*fp)};
            best_strength = strength;
        }
    }
    return best;
}

Result<void> AppGroupTable::build(const std::vector<CompiledRule>& rules,
                                  const std::vector<std::optional<AppFastPattern>>& fps, const std::string& cache_dir,
                                  unsigned threads) {
    // Pattern sets first (identical ones share a database), compiled all at once.
    std::unordered_map<uint64_t, std::vector<size_t>> by_key;
    std::vector<std::vector<Literal>> sets;
    std::vector<std::pair<AppKindDb*, size_t>> wants;  // database slot, index in `sets`
    std::vector<uint8_t> always(rules.size(), 0);
    for (unsigned slot = 0; slot < kAppProtoSlots; ++slot) {
        const auto proto = static_cast<app::AppProto>(slot);
        if (proto == app::AppProto::Unknown || proto == app::AppProto::Failed) continue;
        for (int d = 0; d < 2; ++d) {
            const bool to_server = d == 0;
            AppGroup& g = groups_[slot][d];
            // (kind, side) -> (pattern, nocase) -> rules
            std::map<std::pair<uint16_t, bool>, std::map<std::pair<std::string, bool>, std::vector<uint32_t>>> by_db;
            for (const auto& r : rules) {
                if (!r.app_rule || !(r.app_dirs & dir_bit(to_server))) continue;
                if (r.app_proto != proto && r.app_proto != app::AppProto::Unknown) continue;
                g.members.push_back(r.id);
                const auto& fp = fps[r.id];
                if (!fp) {
                    g.always.push_back(r.id);
                    always[r.id] = 1;
                    continue;
                }
                const CompiledList& l = r.app_lists[fp->list];
                const bool side = l.sides == kToServer ? true : l.sides == kToClient ? false : to_server;
                by_db[{l.kind, side}][{fp->fp.bytes, fp->fp.nocase}].push_back(r.id);
            }
            for (auto& [key, pats] : by_db) {
                AppKindDb kd;
                kd.kind = key.first;
                kd.to_server = key.second;
                std::vector<Literal> lits;
                kd.pat_offsets.push_back(0);
                for (auto& [lit, ids] : pats) {
                    lits.push_back(Literal{lit.first, lit.second});
                    kd.pat_rules.insert(kd.pat_rules.end(), ids.begin(), ids.end());
                    kd.pat_offsets.push_back(uint32_t(kd.pat_rules.size()));
                }
                auto& slot = by_key[PatternDb::key(lits)];
                int64_t set = -1;
                for (size_t k : slot)
                    if (sets[k] == lits) set = int64_t(k);
                if (set < 0) {
                    set = int64_t(sets.size());
                    slot.push_back(sets.size());
                    sets.push_back(std::move(lits));
                }
                g.dbs.push_back(std::move(kd));
                wants.emplace_back(nullptr, size_t(set));
            }
        }
    }
    // g.dbs no longer grows: take the slots' addresses now.
    size_t w = 0;
    for (auto& per : groups_)
        for (auto& g : per)
            for (auto& kd : g.dbs) wants[w++].first = &kd;
    std::vector<const std::vector<Literal>*> jobs;
    for (const auto& set : sets) jobs.push_back(&set);
    std::vector<std::shared_ptr<PatternDb>> dbs;
    if (auto r = PatternDb::build_many(jobs, cache_dir, threads, &dbs); !r) return r;
    for (auto& [kd, set] : wants) kd->db = dbs[set];
    for (size_t k = 0; k < sets.size(); ++k) {
        all_cached_ = all_cached_ && dbs[k]->from_cache();
        ++dbs_;
        patterns_ += uint32_t(sets[k].size());
    }
    if (dbs_ == 0) all_cached_ = false;
    unprefiltered_ = uint32_t(std::count(always.begin(), always.end(), 1));
    return {};
}

}  // namespace vigie::detect
