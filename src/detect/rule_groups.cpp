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
    const rules::PortSet* a = nullptr;
    const rules::PortSet* b = nullptr;  // the other side, for "<>" rules
    bool contains(uint16_t p) const { return a->any || a->contains(p) || (b && (b->any || b->contains(p))); }
};

KeyPorts key_ports(const rules::Header& h, bool to_server, uint32_t narrow_limit) {
    KeyPorts k;
    k.a = to_server ? &h.dp : &h.sp;
    if (h.bidirectional) k.b = to_server ? &h.sp : &h.dp;
    uint32_t n = port_count(*k.a) + (k.b ? port_count(*k.b) : 0);
    if (n > narrow_limit) return k;
    k.wide = false;
    for (const auto* s : {k.a, k.b}) {
        if (!s) continue;
        for (const auto& r : s->ranges)
            for (uint32_t p = r.lo; p <= r.hi; ++p) k.ports.push_back(uint16_t(p));
    }
    std::sort(k.ports.begin(), k.ports.end());
    k.ports.erase(std::unique(k.ports.begin(), k.ports.end()), k.ports.end());
    return k;
}

using DbCache = std::unordered_map<uint64_t, std::vector<std::pair<std::vector<Literal>, std::shared_ptr<PatternDb>>>>;

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
                if (in_class(r.rule->header, ProtoClass(c)) && direction_ok(*r.rule, to_server)) members.push_back(r.id);
            if (c != kTcp && c != kUdp) {
                side.rest = intern_group(std::move(members));
                continue;
            }
            std::vector<KeyPorts> keys;
            std::map<uint16_t, uint32_t> narrow_count;
            for (uint32_t id : members) {
                keys.push_back(key_ports(rules[id].rule->header, to_server, cfg.narrow_port_limit));
                for (uint16_t p : keys.back().ports) ++narrow_count[p];
            }
            std::vector<std::pair<uint32_t, uint16_t>> ranked;  // (-count, port) order
            for (auto [p, n] : narrow_count) ranked.emplace_back(n, p);
            std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) {
                return x.first != y.first ? x.first > y.first : x.second < y.second;
            });
            const uint32_t n_top = to_server ? cfg.toserver_port_groups : cfg.toclient_port_groups;
            if (ranked.size() > n_top) ranked.resize(n_top);
            std::vector<uint8_t> is_top(65536, 0);
            for (auto [n, p] : ranked) is_top[p] = 1;

            std::vector<uint32_t> rest;
            for (size_t i = 0; i < members.size(); ++i) {
                const KeyPorts& k = keys[i];
                bool needed = k.wide || std::any_of(k.ports.begin(), k.ports.end(), [&](uint16_t p) { return !is_top[p]; });
                if (needed) rest.push_back(members[i]);
            }
            side.rest = intern_group(std::move(rest));
            side.port_map.assign(65536, side.rest);
            for (auto [n, port] : ranked) {
                std::vector<uint32_t> g;
                for (size_t i = 0; i < members.size(); ++i) {
                    const KeyPorts& k = keys[i];
                    bool in = k.wide ? k.contains(port) : std::binary_search(k.ports.begin(), k.ports.end(), port);
                    if (in) g.push_back(members[i]);
                }
                side.port_map[port] = intern_group(std::move(g));
            }
        }
    }
    DbCache cache;
    for (auto& g : groups_) {
        std::map<std::pair<std::string, bool>, std::vector<uint32_t>> by_pattern;
        for (uint32_t id : g.members) {
            const CompiledRule& r = rules[id];
            if (r.source == PayloadSource::Packet) g.packet_rules_on_streams = true;
            if (fps[id]) by_pattern[{fps[id]->bytes, fps[id]->nocase}].push_back(id);
            else g.always.push_back(id);
        }
        if (by_pattern.empty()) continue;
        std::vector<Literal> lits;
        g.pat_offsets.push_back(0);
        for (auto& [lit, ids] : by_pattern) {
            lits.push_back(Literal{lit.first, lit.second});
            g.pat_rules.insert(g.pat_rules.end(), ids.begin(), ids.end());
            g.pat_offsets.push_back(uint32_t(g.pat_rules.size()));
        }
        auto& slot = cache[PatternDb::key(lits)];
        for (auto& [l, db] : slot)
            if (l == lits) g.db = db;
        if (g.db) continue;
        auto db = PatternDb::build(lits, cfg.cache_dir);
        if (!db) return make_error(db.error());
        all_cached_ = all_cached_ && (*db)->from_cache();
        g.db = std::shared_ptr<PatternDb>(std::move(*db));
        slot.emplace_back(lits, g.db);
        ++dbs_;
        patterns_ += uint32_t(lits.size());
    }
    if (dbs_ == 0) all_cached_ = false;
    return {};
}

}  // namespace vigie::detect
