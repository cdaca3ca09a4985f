// CompiledRule: what the inspector needs of one rule, resolved once at build time
// (interned variable ids, compiled regexes, which buffer its payload keywords read).
#pragma once
#include <cstdint>
#include <vector>

#include "detect/pcre_program.h"
#include "rules/rule.h"

namespace vigie::detect {

// Where a payload rule's keywords look (see NOTES.md "Packet or stream").
enum class PayloadSource : uint8_t {
    None,        // no payload keywords: a header/flow rule, inspected once per packet
    Auto,        // stream chunk on reassembled TCP flows, packet payload otherwise
    Packet,      // packet payload only: flow:no_stream, or anchored (offset/depth/startswith)
    StreamOnly,  // flow:only_stream: stream chunks only
};

// Precedence of actions, Suricata's default action-order: pass, drop, reject, alert.
inline uint8_t action_rank(rules::Action a) {
    switch (a) {
        case rules::Action::Pass: return 0;
        case rules::Action::Drop: return 1;
        case rules::Action::Reject:
        case rules::Action::RejectSrc:
        case rules::Action::RejectDst:
        case rules::Action::RejectBoth: return 2;
        case rules::Action::Alert: return 3;
    }
    return 3;
}

struct CompiledFlowbits {
    rules::Flowbits::Cmd cmd;
    bool any_of = false;
    std::vector<uint32_t> ids;
};

struct CompiledFlowint {
    rules::Flowint::Op op;
    uint32_t id = 0;
    rules::IntOrVar value;
    int32_t value_flowint = -1;  // id of the flowint named as the value, or -1
};

struct CompiledRule {
    const rules::Rule* rule = nullptr;
    uint32_t id = 0;                     // internal id = index in precedence order
    uint8_t rank = 3;                    // action_rank(rule->header.action)
    bool flow_scope = false;             // a pass on this rule passes the whole flow
    PayloadSource source = PayloadSource::None;

    const rules::BufferMatches* payload = nullptr;  // the "payload" buffer, if any
    // Parallel to payload->matches: the compiled regex of each Pcre entry (null otherwise),
    // and whether the next entry is relative to this one (Suricata's RELATIVE_NEXT: only
    // then is an earlier match retried at its next occurrence).
    std::vector<const PcreProgram*> pcres;
    std::vector<uint8_t> relative_next;

    std::vector<CompiledFlowbits> flowbit_conds;    // isset / isnotset
    std::vector<CompiledFlowbits> flowbit_actions;  // set / unset / toggle
    std::vector<CompiledFlowint> flowint_conds;     // isset / notset / comparisons
    std::vector<CompiledFlowint> flowint_actions;   // set / add / sub
    bool noalert = false;
};

}  // namespace vigie::detect
