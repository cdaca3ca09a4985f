#include "detect/rule_groups.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace vigie::detect {

namespace {

bool in_class(const rules::Header& h, ProtoClass c) {
    if (h.ip_protos.empty()) return true;  // "ip": every protocol group
    for (uint8_t p : h.ip_protos) {
        ProtoClass pc = p == 6 ? kTcp : p == 17 ? kUdp : (p == 1 || p == 58) ? kIcmp : kOtherIp;
        if (pc == c) return true;
    }
    return false;
}

bool direction_ok(const rules::Rule& r, bool to_server) {
    return !(r.flow.to_server && !to_server) && !(r.flow.to_client && to_server);
}

uint32_t port_count(const rules::PortSet& s) {
    if (s.any) return 65536;
    uint32_t n = 0;
    for (const auto& r : s.ranges) n += uint32_t(r.hi) - r.lo + 1;
    return n;
}

// The ports a rule accepts on the side that keys the groups: the packet's destination
// port toward the server, its source port toward the client (where servers listen).
struct KeyPorts {
    bool wide = true;
    std::vector<uint16_t> ports;  // narrow rules only
};

KeyPorts key_ports(const rules::Header& h, bool to_server, uint32_t narrow_limit) {
    KeyPorts k;
    const rules::PortSet* a = to_server ? &h.dp : &h.sp;
    const rules::PortSet* b = h.bidirectional ? (to_server ? &h.sp : &h.dp) : nullptr;  // "<>": either side
    uint32_t n = port_count(*a) + (b ? port_count(*b) : 0);
    if (n > narrow_limit) return k;
    k.wide = false;
    for (const auto* s : {a, b}) {
        if (!s) continue;
        for (const auto& r : s->ranges)
            for (uint32_t p = r.lo; p <= r.hi; ++p) k.ports.push_back(uint16_t(p));
    }
    std::sort(k.ports.begin(), k.ports.end());
    k.ports.erase(std::unique(k.ports.begin(), k.ports.end()), k.ports.end());
    return k;
}

constexpr size_t kMaxIndexEntries = 4u << 20;
constexpr double kMaxIndexedSpan = double(1u << 24);  // wider sets prefilter nothing worth it

// Put a rule without fast pattern in the address index of its more selective side.
// A "<>" rule also matches reversed, so its set is looked up with the other address too.
bool index_by_address(const CompiledRule& r, RuleGroup& g) {
    const rules::Header& h = r.rule->header;
    const double s_src = AddrIndex::span(h.src), s_dst = AddrIndex::span(h.dst);
    if (std::min(s_src, s_dst) > kMaxIndexedSpan) return false;
    const bool by_src = s_src <= s_dst;
    const rules::AddressSet& set = by_src ? h.src : h.dst;
    (by_src ? g.by_src : g.by_dst).add(r.id, set);
    if (h.bidirectional) (by_src ? g.by_dst : g.by_src).add(r.id, set);
    return true;
}

}  // namespace

int32_t GroupTable::intern_group(std::vector<uint32_t> members) {
    if (members.empty()) return -1;
    for (size_t i = 0; i < groups_.size(); ++i)
        if (groups_[i].members == members) return int32_t(i);
    groups_.push_back(RuleGroup{});
    groups_.back().members = std::move(members);
    return int32_t(groups_.size() - 1);
}

Result<void> GroupTable::build(const std::vector<CompiledRule>& rules,
                               const std::vector<std::optional<FastPattern>>& fps, const GroupConfig& cfg) {
    for (int c = 0; c < kProtoClasses; ++c) {
        for (int d = 0; d < 2; ++d) {
            const bool to_server = d == 0;
            Side& side = sides_[c][d];
            std::vector<uint32_t> members;
            for (const auto& r : rules)
                if (!r.app_rule && in_class(r.rule->header, ProtoClass(c)) && direction_ok(*r.rule, to_server))
                    members.push_back(r.id);  // app rules live in the app groups (app_groups.h)
            if (c != kTcp && c != kUdp) {
                side.wide = intern_group(std::move(members));
                continue;
            }
            std::vector<uint32_t> wide, narrow;
            std::vector<KeyPorts> keys;  // of the narrow rules
            std::map<uint16_t, uint32_t> narrow_count;
            for (uint32_t id : members) {
                KeyPorts k = key_ports(rules[id].rule->header, to_server, cfg.narrow_port_limit);
                if (k.wide) {
                    wide.push_back(id);
                    continue;
                }
                for (uint16_t p : k.ports) ++narrow_count[p];
                narrow.push_back(id);
                keys.push_back(std::move(k));
            }
            side.wide = intern_group(std::move(wide));
            if (narrow.empty()) continue;
            // The ports named by most narrow rules get a group of their own; the other
            // narrow rules share one "rest" group, met by every other port.
            std::vector<std::pair<uint32_t, uint16_t>> ranked;  // (count, port)
            for (auto [p, n] : narrow_count) ranked.emplace_back(n, p);
            std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) {
                return x.first != y.first ? x.first > y.first : x.second < y.second;
            });
            const uint32_t n_top = to_server ? cfg.toserver_port_groups : cfg.toclient_port_groups;
            if (ranked.size() > n_top) ranked.resize(n_top);
            std::vector<uint8_t> is_top(65536, 0);
            for (auto [n, p] : ranked) is_top[p] = 1;
            std::vector<uint32_t> rest;
            for (size_t i = 0; i < narrow.size(); ++i) {
                const auto& ports = keys[i].ports;
                if (std::any_of(ports.begin(), ports.end(), [&](uint16_t p) { return !is_top[p]; }))
                    rest.push_back(narrow[i]);
            }
            side.port_map.assign(65536, intern_group(std::move(rest)));
            for (auto [n, port] : ranked) {
                std::vector<uint32_t> g;
                for (size_t i = 0; i < narrow.size(); ++i)
                    if (std::binary_search(keys[i].ports.begin(), keys[i].ports.end(), port)) g.push_back(narrow[i]);
                side.port_map[port] = intern_group(std::move(g));
            }
        }
    }
    // Pattern sets first (identical sets share one database), then every database
    // compiled at once, in parallel.
    std::unordered_map<uint64_t, std::vector<size_t>> by_key;  // PatternDb::key -> indexes in `sets`
    std::vector<std::vector<Literal>> sets;
    std::vector<int64_t> group_set(groups_.size(), -1);
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
        RuleGroup& g = groups_[gi];
        std::map<std::pair<std::string, bool>, std::vector<uint32_t>> by_pattern;
        for (uint32_t id : g.members) {
            const CompiledRule& r = rules[id];
            if (r.source == PayloadSource::Packet) g.packet_rules_on_streams = true;
            if (fps[id]) by_pattern[{fps[id]->bytes, fps[id]->nocase}].push_back(id);
            else if (!index_by_address(r, g)) g.always.push_back(id);
        }
        if (!g.by_src.finish(kMaxIndexEntries) || !g.by_dst.finish(kMaxIndexEntries)) {
            g.by_src = AddrIndex{};
            g.by_dst = AddrIndex{};
            g.always.clear();
            for (uint32_t id : g.members)
                if (!fps[id]) g.always.push_back(id);
        }
        if (by_pattern.empty()) continue;
        std::vector<Literal> lits;
        g.pat_offsets.push_back(0);
        for (auto& [lit, ids] : by_pattern) {
            lits.push_back(Literal{lit.first, lit.second});
            g.pat_rules.insert(g.pat_rules.end(), ids.begin(), ids.end());
            g.pat_offsets.push_back(uint32_t(g.pat_rules.size()));
        }
        auto& slot = by_key[PatternDb::key(lits)];
        for (size_t k : slot)
            if (sets[k] == lits) group_set[gi] = int64_t(k);
        if (group_set[gi] >= 0) continue;
        group_set[gi] = int64_t(sets.size());
        slot.push_back(sets.size());
        sets.push_back(std::move(lits));
    }
    std::vector<const std::vector<Literal>*> jobs;
    for (const auto& set : sets) jobs.push_back(&set);
    std::vector<std::shared_ptr<PatternDb>> dbs;
    if (auto r = PatternDb::build_many(jobs, cfg.cache_dir, cfg.threads, &dbs); !r) return r;
    for (size_t gi = 0; gi < groups_.size(); ++gi)
        if (group_set[gi] >= 0) groups_[gi].db = dbs[size_t(group_set[gi])];
    for (size_t k = 0; k < sets.size(); ++k) {
        all_cached_ = all_cached_ && dbs[k]->from_cache();
        ++dbs_;
        patterns_ += uint32_t(sets[k].size());
    }
    if (dbs_ == 0) all_cached_ = false;
    std::vector<uint8_t> always(rules.size(), 0);
    for (const auto& g : groups_)
        for (uint32_t id : g.always) always[id] = 1;
    unprefiltered_ = uint32_t(std::count(always.begin(), always.end(), 1));
    return {};
}

}  // namespace vigie::detect
