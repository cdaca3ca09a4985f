// Detector::build: compile, order, group and prefilter the rules.
#include <algorithm>
#include <chrono>
#include <numeric>

#include "detect/rule_set.h"

namespace vigie::detect {

namespace {

// Within one action, rules that only set flowbits come before rules that check them,
// so a bit set by one rule is seen by another on the same packet (Suricata's order).
int flowbits_order(const rules::Rule& r) {
    bool sets = false, checks = false;
    for (const auto& fb : r.flowbits) {
        if (fb.cmd == rules::Flowbits::Cmd::IsSet || fb.cmd == rules::Flowbits::Cmd::IsNotSet) checks = true;
        else if (fb.cmd != rules::Flowbits::Cmd::NoAlert) sets = true;
    }
    if (sets && !checks) return 0;
    return checks && !sets ? 2 : 1;
}

}  // namespace

RuleSet::~RuleSet() {
    if (proto_scratch_) hs_free_scratch(proto_scratch_);
}

Result<std::unique_ptr<Detector>> Detector::build(std::vector<rules::Rule> rules, const DetectConfig& cfg,
                                                  std::vector<CompileRejection>* rejected) {
    const auto t0 = std::chrono::steady_clock::now();
    auto rs = std::make_unique<RuleSet>(cfg);

    // Pass 1: which rules can the engine evaluate? (Regexes compiled here are cached
    // in the context, so pass 2 does not compile them again.)
    std::vector<size_t> accepted;
    for (size_t i = 0; i < rules.size(); ++i) {
        CompiledRule probe;
        std::string why = compile_rule(rules[i], rs->ctx_, &probe);
        if (why.empty()) {
            accepted.push_back(i);
        } else {
            ++rs->stats_.rejected;
            if (rejected) rejected->push_back(CompileRejection{std::move(rules[i]), std::move(why)});
        }
    }
    std::stable_sort(accepted.begin(), accepted.end(), [&](size_t a, size_t b) {
        const rules::Rule& x = rules[a];
        const rules::Rule& y = rules[b];
        auto kx = std::make_tuple(action_rank(x.header.action), flowbits_order(x), x.priority, x.sid, x.gid);
        auto ky = std::make_tuple(action_rank(y.header.action), flowbits_order(y), y.priority, y.sid, y.gid);
        return kx < ky;
    });

    // Pass 2: final addresses, final ids.
    rs->ctx_.flowbits.clear();
    rs->ctx_.flowints.clear();
    rs->ctx_.kinds.clear();
    rs->ctx_.kind_index.clear();
    rs->rules_.reserve(accepted.size());
    for (size_t i : accepted) rs->rules_.push_back(std::move(rules[i]));
    rs->compiled_.resize(rs->rules_.size());
    rs->fast_patterns_.resize(rs->rules_.size());
    rs->app_fps_.resize(rs->rules_.size());
    bool flow_pass = false, proto_conds = false;
    for (uint32_t id = 0; id < rs->rules_.size(); ++id) {
        CompiledRule& cr = rs->compiled_[id];
        compile_rule(rs->rules_[id], rs->ctx_, &cr);  // accepted in pass 1, accepted again
        cr.id = id;
        if (cr.app_rule) {
            // Prefiltered by the transaction's buffers; the payload part, if any, is
            // verified on the packet or stream once the rule is a candidate.
            rs->app_fps_[id] = choose_app_fast_pattern(cr);
            ++rs->stats_.app_rules;
        } else if (cr.payload) {
            rs->fast_patterns_[id] = choose_fast_pattern(*cr.payload.list);
        }
        flow_pass = flow_pass || (cr.rank == 0 && cr.flow_scope);
        proto_conds = proto_conds || !cr.proto_conds.empty() || cr.app_proto != app::AppProto::Unknown ||
                      !cr.rule->stream_sizes.empty();
    }

    GroupConfig gc{cfg.toserver_port_groups, cfg.toclient_port_groups, cfg.narrow_port_limit, cfg.cache_dir,
                   cfg.build_threads};
    if (auto r = rs->groups_.build(rs->compiled_, rs->fast_patterns_, gc); !r) return make_error(r.error());
    if (auto r = rs->app_groups_.build(rs->compiled_, rs->app_fps_, cfg.cache_dir, cfg.build_threads); !r) return make_error(r.error());
    for (const auto& g : rs->groups_.groups()) {
        if (!g.db) continue;
        if (hs_alloc_scratch(g.db->db(), &rs->proto_scratch_) != HS_SUCCESS)
            return make_error("hyperscan: cannot allocate scratch");
    }
    bool scratch_ok = true;
    rs->app_groups_.for_each_db([&](const hs_database_t* db) {
        scratch_ok = scratch_ok && hs_alloc_scratch(db, &rs->proto_scratch_) == HS_SUCCESS;
    });
    if (!scratch_ok) return make_error("hyperscan: cannot allocate scratch");
    rs->needs_flow_state_ = !rs->ctx_.flowbits.empty() || !rs->ctx_.flowints.empty() || flow_pass || proto_conds;

    BuildStats& s = rs->stats_;
    s.rules = uint32_t(rs->rules_.size());
    s.groups = uint32_t(rs->groups_.groups().size());
    s.hs_databases = rs->groups_.databases() + rs->app_groups_.databases();
    s.fast_patterns = rs->groups_.patterns() + rs->app_groups_.patterns();
    s.rules_without_prefilter = rs->groups_.unprefiltered() + rs->app_groups_.unprefiltered();
    s.app_kinds = uint32_t(rs->ctx_.kinds.size());
    s.flowbits = uint32_t(rs->ctx_.flowbits.size());
    s.flowints = uint32_t(rs->ctx_.flowints.size());
    s.cache_hit = !cfg.cache_dir.empty() && rs->groups_.all_from_cache() &&
                  (rs->app_groups_.databases() == 0 || rs->app_groups_.all_from_cache());
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return std::unique_ptr<Detector>(std::move(rs));
}

std::unique_ptr<DetectWorker> RuleSet::make_worker() const {
    std::unique_ptr<DetectWorker> w(new DetectWorker());
    w->owner_ = this;
    if (proto_scratch_) hs_clone_scratch(proto_scratch_, &w->hs_);
    w->pcre_ = std::make_unique<PcreScratch>(ctx_.max_pcre_pairs, cfg_.pcre_match_limit, cfg_.pcre_recursion_limit);
    const size_t n = compiled_.size();
    w->stamp_.assign(n, 0);
    w->hits_.assign(n, 0);
    w->candidates_.reserve(n);
    w->vars_.assign(std::max<uint32_t>(1, ctx_.max_vars), 0);
    w->kinds_.resize(ctx_.kinds.size() * 2);
    w->xs_.pcre = w->pcre_.get();
    return w;
}

}  // namespace vigie::detect
