// Per-flow detection state (flowbits, flowints, "flow passed") kept in
// flow->ext[Flow::kDetect], allocated on the first packet of a flow that needs it.
#pragma once
#include <cstdint>
#include <vector>

#include "detect/compiled_rule.h"
#include "flow/flow.h"

namespace vigie::detect {

struct DetectFlowState : FlowExtension {
    const void* owner = nullptr;  // the Detector whose ids these are; a reload starts afresh
    std::vector<uint64_t> bits;   // flowbits, one bit per interned name
    std::vector<uint32_t> ints;   // flowint values
    std::vector<uint8_t> int_set; // flowint is set
    bool passed = false;          // a flow-scope pass rule matched: inspect no more
    uint8_t proto_seen = 0;       // DirMask: directions that already had a packet after protocol detection
    uint64_t tcp_bytes[2] = {0, 0};  // TCP payload seen to server / to client (stream_size)

    DetectFlowState(const void* o, uint32_t nbits, uint32_t nints)
        : owner(o), bits((nbits + 63) / 64), ints(nints), int_set(nints) {}
    bool bit(uint32_t id) const { return (bits[id >> 6] >> (id & 63)) & 1; }
    void set_bit(uint32_t id, bool v) {
        if (v) bits[id >> 6] |= 1ULL << (id & 63);
        else bits[id >> 6] &= ~(1ULL << (id & 63));
    }
};

// The flow's state for this detector, created (once) if absent or left by another detector.
DetectFlowState* flow_state(Flow& f, const void* owner, uint32_t nbits, uint32_t nints);

// Conditions: flowbits isset/isnotset ('|' = any of, else all of) and flowint tests.
// `vars` are the rule's byte_extract values (a flowint may compare to one).
bool flow_conditions_hold(const CompiledRule& r, const DetectFlowState* st, const int64_t* vars);

// Actions of a matched rule: flowbits set/unset/toggle, flowint set/add/sub.
void apply_flow_actions(const CompiledRule& r, DetectFlowState* st, const int64_t* vars);

}  // namespace vigie::detect
