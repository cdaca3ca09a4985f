// RuleSet::inspect: prefilter the packet's group, then evaluate the candidates in
// precedence order (see NOTES.md "Inspection order").
#include <algorithm>

#include "detect/flow_vars.h"
#include "detect/header_match.h"
#include "detect/payload_match.h"
#include "detect/rule_set.h"

namespace vigie::detect {

namespace {

ProtoClass class_of(const Packet& p) {
    if (p.is_tcp()) return kTcp;
    if (p.is_udp()) return kUdp;
    if (p.is_icmp()) return kIcmp;
    return kOtherIp;
}

struct ScanCtx {
    DetectWorker* w;
    const RuleGroup* g;
    uint8_t bit;
    void (*add)(DetectWorker*, uint32_t, uint8_t);
};

int on_hs_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* c) {
    auto* x = static_cast<ScanCtx*>(c);
    for (uint32_t k = x->g->pat_offsets[id]; k < x->g->pat_offsets[id + 1]; ++k) x->add(x->w, x->g->pat_rules[k], x->bit);
    return 0;
}

bool has_new_stream(const StreamChunk* s) { return s && s->data && s->len > s->new_from; }

}  // namespace

bool RuleSet::evaluate(DetectWorker& w, const CompiledRule& r, const Packet& p, Flow* flow, bool to_server,
                       const StreamChunk* stream, bool tcp_streamed, DetectFlowState* st, bool* from_stream) const {
    const rules::Rule& rule = *r.rule;
    PayloadInput in;
    bool use_stream = false;
    if (r.source != PayloadSource::None) {
        if (r.source == PayloadSource::StreamOnly) use_stream = true;
        else if (r.source == PayloadSource::Auto) use_stream = tcp_streamed;
        if (use_stream) {
            if (!has_new_stream(stream) || p.ip_proto != 6) return false;
            in = PayloadInput{stream->data, stream->len, stream->new_from};
        } else {
            if (p.payload_len == 0) return false;  // payload keywords need a payload (Suricata)
            in = PayloadInput{p.payload, p.payload_len, 0};
        }
        // A prefiltered rule is inspected only on the buffer its fast pattern was found in.
        if (!(w.hits_[r.id] & (use_stream ? 2 : 1))) return false;
    }
    if (!match_addresses_ports(rule.header, p)) return false;
    if (!rule.header_matches.empty() && !match_header_keywords(rule.header_matches, p)) return false;
    if (rule.has_flow) {
        if (!match_flow_opts(rule.flow, flow, to_server)) return false;
        if (rule.flow.only_frag && !p.reassembled) return false;
        if (rule.flow.no_frag && p.reassembled) return false;
    }
    // Flow variable conditions are cheap: test them before the payload, unless a
    // flowint compares against a byte_extract value the payload has yet to produce.
    const bool vars_first = rule.variables.empty();
    if (vars_first && !flow_conditions_hold(r, st, w.vars_.data())) return false;
    if (r.payload) {
        PayloadScratch s;
        s.pcre = w.pcre_.get();
        s.vars = w.vars_.data();
        s.recursion_limit = cfg_.inspection_recursion_limit;
        bool ok = match_payload(r, in, s);
        if (s.recursion_limit_hit) ++w.counters_.recursion_limit_hits;
        if (s.pcre_limit_hit) ++w.counters_.pcre_limit_hits;
        if (!ok) return false;
    }
    if (!vars_first && !flow_conditions_hold(r, st, w.vars_.data())) return false;
    *from_stream = use_stream;
    return true;
}

void RuleSet::inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                      AlertList& out) const {
    if (p.ip_version == 0 || w.owner_ != this) return;
    ++w.counters_.packets;
    const ProtoClass cls = class_of(p);
    const GroupTable::Selection sel = groups_.select(cls, to_server, p.sp, p.dp);
    if (!sel.wide && !sel.port) return;
    DetectFlowState* st = nullptr;
    if (flow && needs_flow_state_) {
        st = flow_state(*flow, this, uint32_t(ctx_.flowbits.size()), uint32_t(ctx_.flowints.size()));
        if (st->passed) return;
    }
    w.begin_packet();
    // Stream rules read the reassembled stream only once the session is tracked as
    // established (or closed after it); before the handshake completes, or on a
    // midstream flow that is not picked up, they read the packet, as Suricata does.
    const bool tcp_streamed = cls == kTcp && flow && cfg_.tcp_payload_from_stream &&
                              (flow->established() || flow->tcp_state == TcpState::Closed);
    for (const RuleGroup* g : {sel.wide, sel.port}) {
        if (!g) continue;
        if (g->db) {
            ScanCtx sc{&w, g, 1, [](DetectWorker* dw, uint32_t id, uint8_t bit) { dw->add_candidate(id, bit); }};
            if (p.payload_len && (!tcp_streamed || g->packet_rules_on_streams))
                hs_scan(g->db->db(), reinterpret_cast<const char*>(p.payload), p.payload_len, 0, w.hs_, on_hs_match,
                        &sc);
            if (cls == kTcp && has_new_stream(stream)) {
                sc.bit = 2;
                hs_scan(g->db->db(), reinterpret_cast<const char*>(stream->data), stream->len, 0, w.hs_, on_hs_match,
                        &sc);
            }
        }
        for (uint32_t id : g->always) w.add_candidate(id, 3);
        g->by_src.query(p.src, [&w](uint32_t id) { w.add_candidate(id, 3); });
        g->by_dst.query(p.dst, [&w](uint32_t id) { w.add_candidate(id, 3); });
    }
    std::sort(w.candidates_.begin(), w.candidates_.end());

    uint32_t emitted = 0;
    for (uint32_t id : w.candidates_) {
        const CompiledRule& r = compiled_[id];
        ++w.counters_.candidates;
        bool from_stream = false;
        if (!evaluate(w, r, p, flow, to_server, stream, tcp_streamed, st, &from_stream)) continue;
        apply_flow_actions(r, st, w.vars_.data());
        if (r.rank == 0) {
            // pass: nothing of lower precedence runs on this packet; a flow-scope pass
            // (Suricata's stream/ip-only rule types) passes the rest of the flow too.
            if (r.flow_scope && st) {
                st->passed = true;
                ++w.counters_.flows_passed;
            }
            break;
        }
        if (r.noalert) continue;
        // Thresholds spanning flows are decided by the caller in capture order when
        // several workers run (see DetectConfig::defer_thresholds).
        const rules::Rule& rule = *r.rule;
        const bool cross_flow = (rule.threshold && rule.threshold->track != rules::Track::ByFlow) ||
                                (rule.detection_filter && rule.detection_filter->track != rules::Track::ByFlow);
        const bool deferred = cfg_.defer_thresholds && cross_flow;
        if (!deferred && !thresholds_.allow(rule, r.id, p.src, p.dst, flow ? flow->flow_id : 0, p.ts)) continue;
        if (emitted >= cfg_.max_alerts_per_packet) {
            ++w.counters_.alerts_over_cap;
            continue;
        }
        out.push_back(Alert{r.rule, r.rule->header.action, from_stream, r.id, deferred});
        ++emitted;
        ++w.counters_.alerts;
        if (flow) flow->alerted = true;
    }
}

}  // namespace vigie::detect
