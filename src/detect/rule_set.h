// RuleSet: the Detector implementation. Built by Detector::build (rule_set_build.cpp),
// inspected by RuleSet::inspect (rule_set_inspect.cpp).
#pragma once
#include <memory>
#include <optional>
#include <vector>

#include "detect/app_groups.h"
#include "detect/compiled_rule.h"
#include "detect/detect_worker.h"
#include "detect/detector.h"
#include "detect/fast_pattern.h"
#include "detect/rule_compiler.h"
#include "detect/rule_groups.h"
#include "detect/thresholds.h"

namespace vigie::detect {

class RuleSet final : public Detector {
public:
    explicit RuleSet(const DetectConfig& cfg) : cfg_(cfg), thresholds_(cfg.threshold_table_max) {}
    ~RuleSet() override;

    std::unique_ptr<DetectWorker> make_worker() const override;
    void inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                 AlertList& out) const override;
    void inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                 const AppInput* app, AlertList& out) const override;
    const std::vector<rules::Rule>& rules() const override { return rules_; }
    BuildStats build_stats() const override { return stats_; }
    uint64_t threshold_table_full() const override { return thresholds_.table_full(); }
    bool threshold_allows(const Alert& a, const IpAddr& src, const IpAddr& dst, uint64_t flow_id,
                          const Timestamp& ts) const override {
        return thresholds_.allow(*a.rule, a.internal_id, src, dst, flow_id, ts);
    }

    const GroupTable& groups() const { return groups_; }
    const std::vector<CompiledRule>& compiled() const { return compiled_; }

    const AppGroupTable& app_groups() const { return app_groups_; }

    struct PacketCtx;  // one packet's inspection state (rule_set_inspect.cpp)

private:
    friend class Detector;
    // Evaluate one candidate; true when it matched (all conditions, before thresholds).
    // `tx` is the transaction an app rule is evaluated on (null for packet rules).
    bool evaluate(DetectWorker& w, const CompiledRule& r, const PacketCtx& c, const app::Transaction* tx,
                  bool* from_stream) const;
    // Post-match: flow actions, pass, thresholds, the alert. False when a pass rule
    // stopped the packet.
    bool on_match(DetectWorker& w, const CompiledRule& r, PacketCtx& c, bool from_stream,
                  app::Transaction* tx, AlertList& out) const;
    void inspect_tx(DetectWorker& w, PacketCtx& c, app::Transaction& tx, AlertList& out) const;
    // The values of an app buffer kind on one side of `tx` (cached per transaction).
    const std::vector<app::BufferView>& values(DetectWorker& w, uint16_t kind, bool to_server,
                                               const app::Transaction& tx) const;

    DetectConfig cfg_;
    std::vector<rules::Rule> rules_;       // in internal id order
    std::vector<CompiledRule> compiled_;   // compiled_[i].rule == &rules_[i]
    std::vector<std::optional<FastPattern>> fast_patterns_;
    CompileContext ctx_;
    GroupTable groups_;
    std::vector<std::optional<AppFastPattern>> app_fps_;  // by rule id
    AppGroupTable app_groups_;
    hs_scratch_t* proto_scratch_ = nullptr;  // cloned per worker
    bool needs_flow_state_ = false;
    BuildStats stats_;
    mutable ThresholdTable thresholds_;
};

}  // namespace vigie::detect
