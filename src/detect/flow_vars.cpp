#include "detect/flow_vars.h"

namespace vigie::detect {

namespace {

using Cmd = rules::Flowbits::Cmd;
using Op = rules::Flowint::Op;

int64_t value_of(const CompiledFlowint& fi, const DetectFlowState* st, const int64_t* vars, bool* ok) {
    if (fi.value_flowint >= 0) {
        *ok = st->int_set[fi.value_flowint] != 0;
        return st->ints[fi.value_flowint];
    }
    *ok = true;
    if (fi.value.is_var()) return vars ? vars[fi.value.var] : 0;
    return fi.value.value;
}

}  // namespace

DetectFlowState* flow_state(Flow& f, const void* owner, uint32_t nbits, uint32_t nints) {
    auto* st = static_cast<DetectFlowState*>(f.ext[Flow::kDetect].get());
    if (!st || st->owner != owner) {
        f.ext[Flow::kDetect] = std::make_unique<DetectFlowState>(owner, nbits, nints);
        st = static_cast<DetectFlowState*>(f.ext[Flow::kDetect].get());
    }
    return st;
}

bool flow_conditions_hold(const CompiledRule& r, const DetectFlowState* st, const int64_t* vars) {
    for (const auto& fb : r.flowbit_conds) {
        if (!st) return false;  // flowbits need a flow: isset and isnotset alike
        bool want_set = fb.cmd == Cmd::IsSet;
        bool ok = !fb.any_of;
        for (uint32_t id : fb.ids) {
            bool hit = st->bit(id) == want_set;
            if (fb.any_of && hit) { ok = true; break; }
            if (!fb.any_of && !hit) { ok = false; break; }
        }
        if (!ok) return false;
    }
    for (const auto& fi : r.flowint_conds) {
        if (!st) return false;
        bool is_set = st->int_set[fi.id] != 0;
        if (fi.op == Op::IsSet) { if (!is_set) return false; continue; }
        if (fi.op == Op::NotSet) { if (is_set) return false; continue; }
        if (!is_set) return false;  // comparing an unset flowint never matches
        bool ok = false;
        int64_t rhs = value_of(fi, st, vars, &ok);
        if (!ok) return false;
        int64_t lhs = st->ints[fi.id];
        bool m = false;
        switch (fi.op) {
            case Op::Eq: m = lhs == rhs; break;
            case Op::Ne: m = lhs != rhs; break;
            case Op::Lt: m = lhs < rhs; break;
            case Op::Le: m = lhs <= rhs; break;
            case Op::Gt: m = lhs > rhs; break;
            case Op::Ge: m = lhs >= rhs; break;
            default: m = false;
        }
        if (!m) return false;
    }
    return true;
}

void apply_flow_actions(const CompiledRule& r, DetectFlowState* st, const int64_t* vars) {
    if (!st) return;
    for (const auto& fb : r.flowbit_actions) {
        for (uint32_t id : fb.ids) {
            switch (fb.cmd) {
                case Cmd::Set: st->set_bit(id, true); break;
                case Cmd::Unset: st->set_bit(id, false); break;
                case Cmd::Toggle: st->set_bit(id, !st->bit(id)); break;
                default: break;
            }
        }
    }
    for (const auto& fi : r.flowint_actions) {
        bool ok = false;
        int64_t v = value_of(fi, st, vars, &ok);
        if (!ok) continue;  // the value names an unset flowint: nothing to do
        uint32_t& cur = st->ints[fi.id];
        bool was_set = st->int_set[fi.id] != 0;
        // Suricata stores flowints as uint32; add/sub on an unset variable starts from 0.
        switch (fi.op) {
            case Op::Set: cur = uint32_t(v); break;
            case Op::Add: cur = uint32_t((was_set ? cur : 0) + v); break;
            case Op::Sub: cur = uint32_t((was_set ? cur : 0) - v); break;
            default: continue;
        }
        st->int_set[fi.id] = 1;
    }
}

}  // namespace vigie::detect
