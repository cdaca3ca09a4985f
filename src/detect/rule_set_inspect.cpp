// RuleSet::inspect: prefilter the packet's group, then evaluate the candidates in
// precedence order (see NOTES.md "Inspection order"); then the app-layer rules on
// each transaction the packet fed ("App-layer detection").
#include <algorithm>

#include "detect/app_checks.h"
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
    const uint32_t* offsets;
    const uint32_t* rules;
    uint8_t bit;
    void (*add)(DetectWorker*, uint32_t, uint8_t);
};

int on_hs_match(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* c) {
    auto* x = static_cast<ScanCtx*>(c);
    for (uint32_t k = x->offsets[id]; k < x->offsets[id + 1]; ++k) x->add(x->w, x->rules[k], x->bit);
    return 0;
}

bool has_new_stream(const StreamChunk* s) { return s && s->data && s->len > s->new_from; }

// Which rules matched a transaction, per direction, so each alerts once per
// transaction and direction (Suricata's per-transaction detect state).
struct TxDetectState : app::TxExtension {
    const void* owner = nullptr;
    std::vector<uint32_t> done;  // (rule id << 1) | (to_server ? 0 : 1)
    bool has(uint32_t key) const { return std::find(done.begin(), done.end(), key) != done.end(); }
};

// Hit bits: 1 packet payload, 2 stream chunk, 4 app buffer (see add_candidate).
constexpr uint8_t kHitApp = 4;
constexpr uint32_t kMaxBufferValues = 1024;  // multi-valued buffers: values inspected per transaction

}  // namespace

struct RuleSet::PacketCtx {
    const Packet& p;
    Flow* flow;
    bool to_server;
    const StreamChunk* stream;
    bool tcp_streamed;
    DetectFlowState* st;
    app::AppProto proto = app::AppProto::Unknown;  // the flow's application protocol
    bool pd_packet = false;     // first packet of this direction since the protocol was identified
    uint32_t emitted = 0;
    uint32_t stop_at = UINT32_MAX;  // a pass rule matched: only ids before it still run
    bool late = false;          // a finished transaction seen from the other side (no payload)
    std::span<const app::AppEvent> events = {};  // raised by this packet (app-layer-event)
};

// stream_size: the bytes each side sent so far, as Suricata's next_seq - isn (the
// SYN counts one). Vigie sums the TCP payload it saw per direction: retransmitted
// bytes count again, which Suricata's sequence arithmetic does not.
bool stream_sizes_hold(const rules::Rule& rule, const RuleSet::PacketCtx& c) {
    if (!c.st || !c.flow || c.flow->ip_proto != 6) return false;
    const uint64_t client = c.st->tcp_bytes[0] + 1, server = c.st->tcp_bytes[1] + 1;
    using Side = rules::StreamSize::Side;
    for (const rules::StreamSize& ss : rule.stream_sizes) {
        bool ok = false;
        switch (ss.side) {
            case Side::Server: ok = ss.cmp.matches(server); break;
            case Side::Client: ok = ss.cmp.matches(client); break;
            case Side::Both: ok = ss.cmp.matches(server) && ss.cmp.matches(client); break;
            case Side::Either: ok = ss.cmp.matches(server) || ss.cmp.matches(client); break;
        }
        if (!ok) return false;
    }
    return true;
}

// The packet with its addresses and ports swapped (kept in the worker, made once per packet).
const Packet& reversed(DetectWorker& w, const Packet& p) {
    if (w.rev_of_ != &p || w.rev_gen_ != w.gen_) {
        w.rev_ = p;
        std::swap(w.rev_.src, w.rev_.dst);
        std::swap(w.rev_.sp, w.rev_.dp);
        w.rev_of_ = &p;
        w.rev_gen_ = w.gen_;
    }
    return w.rev_;
}

const std::vector<app::BufferView>& RuleSet::values(DetectWorker& w, uint16_t kind, bool to_server,
                                                    const app::Transaction& tx) const {
    DetectWorker::KindCache& c = w.kinds_[size_t(kind) * 2 + (to_server ? 0 : 1)];
    if (c.stamp == w.tx_gen_) return c.values;
    c.stamp = w.tx_gen_;
    c.values.clear();
    const AppKind& k = ctx_.kinds[kind];
    if (k.transforms.empty()) {
        app::BufferView v;
        for (uint32_t i = 0; i < kMaxBufferValues && fetch_buffer(*k.info, tx, to_server, i, v); ++i)
            c.values.push_back(v);
        return c.values;
    }
    c.arena.clear();
    c.ends.clear();
    app::BufferView v;
    for (uint32_t i = 0; i < kMaxBufferValues && fetch_buffer(*k.info, tx, to_server, i, v); ++i) {
        apply_transforms(k.transforms, v.data, v.len, c.arena, w.xs_);
        c.ends.push_back(uint32_t(c.arena.size()));
    }
    // Views are made once the arena stopped growing (it may have moved).
    uint32_t start = 0;
    for (uint32_t end : c.ends) {
        c.values.push_back(app::BufferView{c.arena.data() + start, end - start});
        start = end;
    }
    return c.values;
}

bool RuleSet::evaluate(DetectWorker& w, const CompiledRule& r, const PacketCtx& c, const app::Transaction* tx,
                       bool* from_stream) const {
    const rules::Rule& rule = *r.rule;
    const Packet& p = c.p;
    PayloadInput in;
    bool use_stream = false;
    if (c.late && r.source != PayloadSource::None) return false;
    if (r.source != PayloadSource::None) {
        if (r.source == PayloadSource::StreamOnly) use_stream = true;
        else if (r.source == PayloadSource::Auto) use_stream = c.tcp_streamed;
        if (use_stream) {
            if (!has_new_stream(c.stream) || p.ip_proto != 6) return false;
            in = PayloadInput{c.stream->data, c.stream->len, c.stream->new_from};
        } else {
            if (p.payload_len == 0) return false;  // payload keywords need a payload (Suricata)
            in = PayloadInput{p.payload, p.payload_len, 0};
        }
        // A prefiltered rule is inspected only on the buffer its fast pattern was found in.
        if (!tx && !(w.hits_[r.id] & (use_stream ? 2 : 1))) return false;
    }
    // A rule about a protocol runs only on flows identified as that protocol.
    if (r.app_proto != app::AppProto::Unknown && r.app_proto != c.proto) return false;
    if (r.pd_only && !c.pd_packet) return false;
    for (const ProtoCond& pc : r.proto_conds) {
        // As Suricata: before identification nothing equals, so "!x" holds ("final" waits).
        const bool known = c.proto != app::AppProto::Unknown;
        if (pc.final && !known) return false;
        if ((known && c.proto == pc.proto) == pc.negated) return false;
    }
    // "=>" rules name the request's direction: on a response packet, read it reversed.
    const bool reverse = rule.header.tx_both_sides && !c.to_server;
    if (!match_addresses_ports(rule.header, reverse ? reversed(w, p) : p)) return false;
    if (!rule.stream_sizes.empty() && !stream_sizes_hold(rule, c)) return false;
    if (!rule.header_matches.empty() && !match_header_keywords(rule.header_matches, p)) return false;
    if (rule.has_flow) {
        if (!match_flow_opts(rule.flow, c.flow, c.to_server)) return false;
        if (rule.flow.only_frag && !p.reassembled) return false;
        if (rule.flow.no_frag && p.reassembled) return false;
    }
    // Flow variable conditions are cheap: test them before the payload, unless a
    // flowint compares against a byte_extract value the payload has yet to produce.
    const bool vars_first = rule.variables.empty();
    if (vars_first && !flow_conditions_hold(r, c.st, w.vars_.data())) return false;
    PayloadScratch s;
    s.pcre = w.pcre_.get();
    s.vars = w.vars_.data();
    s.recursion_limit = cfg_.inspection_recursion_limit;
    auto run = [&](const CompiledList& l, const PayloadInput& input) {
        s.recursion_limit_hit = s.pcre_limit_hit = false;
        bool ok = match_list(l, input, s);
        if (s.recursion_limit_hit) ++w.counters_.recursion_limit_hits;
        if (s.pcre_limit_hit) ++w.counters_.pcre_limit_hits;
        return ok;
    };
    if (r.payload && !run(r.payload, in)) return false;
    if (tx) {
        CheckEnv env;
        env.now = p.ts;
        env.events = c.events;
        env.scratch = &w.check_scratch_;
        for (const CompiledCheck& chk : r.app_checks) {
            env.to_server = chk.sides == kToServer ? true : chk.sides == kToClient ? false : c.to_server;
            if (!eval_check(chk, *tx, env)) return false;
        }
        for (const CompiledList& l : r.app_lists) {
            const bool side = l.sides == kToServer ? true : l.sides == kToClient ? false : c.to_server;
            const auto& vals = values(w, l.kind, side, *tx);
            if (l.absent != rules::BufferMatches::Absent::No) {
                if (vals.empty()) continue;  // absent: the buffer is missing, as required
                if (l.absent == rules::BufferMatches::Absent::Only) return false;
            }
            // A multi-valued buffer (DNS queries, certificates, headers) matches when any value does.
            bool any = false;
            for (const app::BufferView& v : vals)
                if ((any = run(l, PayloadInput{v.data, v.len, 0}))) break;
            if (!any) return false;
        }
    }
    if (!vars_first && !flow_conditions_hold(r, c.st, w.vars_.data())) return false;
    *from_stream = use_stream;
    return true;
}

bool RuleSet::on_match(DetectWorker& w, const CompiledRule& r, PacketCtx& c, bool from_stream,
                       app::Transaction* tx, AlertList& out) const {
    apply_flow_actions(r, c.st, w.vars_.data());
    if (r.rank == 0) {
        // pass: nothing of lower precedence runs on this packet; a flow-scope pass
        // (Suricata's stream/ip-only rule types) passes the rest of the flow too.
        if (r.flow_scope && c.st) {
            c.st->passed = true;
            ++w.counters_.flows_passed;
        }
        c.stop_at = r.id;
        return false;
    }
    if (r.noalert) return true;
    // Thresholds spanning flows are decided by the caller in capture order when
    // several workers run (see DetectConfig::defer_thresholds).
    const rules::Rule& rule = *r.rule;
    const bool cross_flow = (rule.threshold && rule.threshold->track != rules::Track::ByFlow) ||
                            (rule.detection_filter && rule.detection_filter->track != rules::Track::ByFlow);
    const bool deferred = cfg_.defer_thresholds && cross_flow;
    const Packet& p = c.p;
    if (!deferred && !thresholds_.allow(rule, r.id, p.src, p.dst, c.flow ? c.flow->flow_id : 0, p.ts)) return true;
    if (c.emitted >= cfg_.max_alerts_per_packet) {
        ++w.counters_.alerts_over_cap;
        return true;
    }
    out.push_back(Alert{r.rule, r.rule->header.action, from_stream, r.id, deferred, tx});
    ++c.emitted;
    ++w.counters_.alerts;
    if (c.flow) c.flow->alerted = true;
    return true;
}

void RuleSet::inspect_tx(DetectWorker& w, PacketCtx& c, app::Transaction& tx, AlertList& out) const {
    const AppGroup* g = app_groups_.group(tx.proto(), c.to_server);
    if (!g) return;
    ++w.counters_.transactions;
    w.begin_packet();
    w.begin_tx();
    for (const AppKindDb& kd : g->dbs) {
        ScanCtx sc{&w, kd.pat_offsets.data(), kd.pat_rules.data(), kHitApp,
                   [](DetectWorker* dw, uint32_t id, uint8_t bit) { dw->add_candidate(id, bit); }};
        for (const app::BufferView& v : values(w, kd.kind, kd.to_server, tx)) {
            static const char kEmpty = 0;
            hs_scan(kd.db->db(), v.len ? reinterpret_cast<const char*>(v.data) : &kEmpty, v.len, 0, w.hs_, on_hs_match,
                    &sc);
        }
    }
    for (uint32_t id : g->always) w.add_candidate(id, kHitApp);
    if (w.candidates_.empty()) return;
    std::sort(w.candidates_.begin(), w.candidates_.end());

    auto* ts = static_cast<TxDetectState*>(tx.detect_state.get());
    if (ts && ts->owner != this) ts = nullptr;  // another detector's (reload): start afresh
    const uint32_t dir = c.to_server ? 0 : 1;
    for (uint32_t id : w.candidates_) {
        if (id >= c.stop_at) break;
        const uint32_t key = (id << 1) | dir;
        if (ts && ts->has(key)) continue;
        const CompiledRule& r = compiled_[id];
        ++w.counters_.candidates;
        bool from_stream = false;
        if (!evaluate(w, r, c, &tx, &from_stream)) continue;
        if (!ts) {
            auto fresh = std::make_unique<TxDetectState>();
            fresh->owner = this;
            ts = fresh.get();
            tx.detect_state = std::move(fresh);
        }
        ts->done.push_back(key);
        if (!on_match(w, r, c, from_stream, &tx, out)) break;
    }
}

void RuleSet::inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                      AlertList& out) const {
    inspect(w, p, flow, to_server, stream, nullptr, out);
}

void RuleSet::inspect(DetectWorker& w, const Packet& p, Flow* flow, bool to_server, const StreamChunk* stream,
                      const AppInput* app, AlertList& out) const {
    if (p.ip_version == 0 || w.owner_ != this) return;
    ++w.counters_.packets;
    const ProtoClass cls = class_of(p);
    const GroupTable::Selection sel = groups_.select(cls, to_server, p.sp, p.dp);
    const bool has_txs = app && !app->txs.empty() && stats_.app_rules > 0;
    const app::AppProto flow_proto = app ? app->proto : app::AppProto::Unknown;
    DetectFlowState* st = nullptr;
    bool pd_packet = false, dir_identified = true;
    if (flow && needs_flow_state_) {
        // Per-flow bookkeeping happens on every packet, whether or not rules follow.
        st = flow_state(*flow, this, uint32_t(ctx_.flowbits.size()), uint32_t(ctx_.flowints.size()));
        if (cls == kTcp) st->tcp_bytes[to_server ? 0 : 1] += p.payload_len;
        if (flow_proto != app::AppProto::Unknown) {
            // Suricata identifies each direction on its own data (alproto_ts / _tc):
            // until this direction carried data since the flow was identified, rules
            // about a protocol do not match its packets (a server's bare ACK before
            // its reply). The packet where it happens is flagged
            // (PKT_PROTO_DETECT_*_DONE): rules made only of app-layer-protocol match there.
            if (p.payload_len > 0) {
                pd_packet = !(st->proto_seen & dir_bit(to_server));
                st->proto_seen |= dir_bit(to_server);
            }
            dir_identified = st->proto_seen & dir_bit(to_server);
        }
        if (st->passed) return;
    }
    if (!sel.wide && !sel.port && !has_txs) return;
    // Stream rules read the reassembled stream only once the session is tracked as
    // established (or closed after it); before the handshake completes, or on a
    // midstream flow that is not picked up, they read the packet, as Suricata does.
    const bool tcp_streamed = cls == kTcp && flow && cfg_.tcp_payload_from_stream &&
                              (flow->established() || flow->tcp_state == TcpState::Closed);
    PacketCtx c{p, flow, to_server, stream, tcp_streamed, st};
    c.proto = dir_identified ? flow_proto : app::AppProto::Unknown;
    c.pd_packet = pd_packet;
    if (app) c.events = app->events;
    const size_t first = out.size();

    w.begin_packet();
    for (const RuleGroup* g : {sel.wide, sel.port}) {
        if (!g) continue;
        if (g->db) {
            ScanCtx sc{&w, g->pat_offsets.data(), g->pat_rules.data(), 1,
                       [](DetectWorker* dw, uint32_t id, uint8_t bit) { dw->add_candidate(id, bit); }};
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

    for (uint32_t id : w.candidates_) {
        const CompiledRule& r = compiled_[id];
        ++w.counters_.candidates;
        bool from_stream = false;
        if (!evaluate(w, r, c, nullptr, &from_stream)) continue;
        if (!on_match(w, r, c, from_stream, nullptr, out)) break;
    }

    if (!has_txs) return;
    for (app::Transaction* tx : app->txs) {
        if (!tx || c.stop_at == 0) break;
        inspect_tx(w, c, *tx, out);
        // (DNS transactions are single messages: they have no other side.)
        if (!tx->request_done || !tx->response_done || tx->proto() == app::AppProto::Dns) continue;
        // Finished: the app stage frees it after this packet. Suricata keeps a
        // transaction until both directions inspected it complete, so the other
        // side's rules (e.g. a request rule on an event the response raised) get
        // their look now, on this packet seen the other way round.
        Packet& lp = w.late_;
        lp = p;
        std::swap(lp.src, lp.dst);
        std::swap(lp.sp, lp.dp);
        lp.payload = nullptr;
        lp.payload_len = 0;
        PacketCtx lc{lp, flow, !to_server, nullptr, tcp_streamed, st};
        lc.proto = c.proto;
        lc.emitted = c.emitted;
        lc.stop_at = c.stop_at;
        lc.late = true;
        lc.events = c.events;
        inspect_tx(w, lc, *tx, out);
        c.emitted = lc.emitted;
        c.stop_at = lc.stop_at;
    }
    // One order for the packet's alerts, packet and transaction rules together; a
    // pass rule matched on a transaction drops what ranks below it.
    std::stable_sort(out.begin() + ptrdiff_t(first), out.end(),
                     [](const Alert& a, const Alert& b) { return a.internal_id < b.internal_id; });
    if (c.stop_at != UINT32_MAX) {
        auto cut = std::find_if(out.begin() + ptrdiff_t(first), out.end(),
                                [&](const Alert& a) { return a.internal_id > c.stop_at; });
        w.counters_.alerts -= uint64_t(out.end() - cut);
        out.erase(cut, out.end());
    }
}

}  // namespace vigie::detect
