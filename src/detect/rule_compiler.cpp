#include "detect/rule_compiler.h"

namespace vigie::detect {

namespace {

using Cmd = rules::Flowbits::Cmd;
using FOp = rules::Flowint::Op;

uint32_t intern(std::unordered_map<std::string, uint32_t>& table, const std::string& name) {
    auto [it, inserted] = table.try_emplace(name, uint32_t(table.size()));
    return it->second;
}

bool is_relative(const rules::PayloadMatch& m) {
    if (auto* c = std::get_if<rules::Content>(&m)) return c->relative();
    if (auto* p = std::get_if<rules::Pcre>(&m)) return p->relative;
    if (auto* t = std::get_if<rules::ByteTest>(&m)) return t->relative;
    if (auto* j = std::get_if<rules::ByteJump>(&m)) return j->relative;
    if (auto* e = std::get_if<rules::ByteExtract>(&m)) return e->relative;
    if (auto* bm = std::get_if<rules::ByteMath>(&m)) return bm->relative;
    if (auto* d = std::get_if<rules::IsDataAt>(&m)) return d->relative;
    return false;
}

std::string compile_payload(const rules::Rule& r, const rules::BufferMatches& b, CompileContext& ctx,
                            CompiledRule* out) {
    if (!b.transforms.empty()) return "transform " + b.transforms.front() + " not supported on payload";
    out->payload = &b;
    out->pcres.assign(b.matches.size(), nullptr);
    out->relative_next.assign(b.matches.size(), 0);
    for (size_t i = 0; i < b.matches.size(); ++i) {
        if (i + 1 < b.matches.size()) out->relative_next[i] = is_relative(b.matches[i + 1]);
        auto* p = std::get_if<rules::Pcre>(&b.matches[i]);
        if (!p) continue;
        auto key = std::make_pair(p->pattern, p->compile_options);
        auto it = ctx.pcres.find(key);
        if (it == ctx.pcres.end()) {
            auto prog = PcreProgram::compile(p->pattern, p->compile_options);
            if (!prog) return prog.error();
            ctx.max_pcre_pairs = std::max(ctx.max_pcre_pairs, (*prog)->capture_pairs());
            it = ctx.pcres.emplace(key, std::move(*prog)).first;
        }
        out->pcres[i] = it->second.get();
    }
    // tcp-stream / tcp-pkt headers: Suricata's stream-only and packet-only rules.
    if (r.flow.only_stream || r.header.proto_text == "tcp-stream") out->source = PayloadSource::StreamOnly;
    else if (r.flow.no_stream || r.header.proto_text == "tcp-pkt" || is_anchored(b)) out->source = PayloadSource::Packet;
    else out->source = PayloadSource::Auto;
    return {};
}

std::string compile_flow_vars(const rules::Rule& r, CompileContext& ctx, CompiledRule* out) {
    for (const auto& fb : r.flowbits) {
        if (fb.cmd == Cmd::NoAlert) {
            out->noalert = true;
            continue;
        }
        if (fb.names.empty()) return "flowbits without a name";
        CompiledFlowbits c{fb.cmd, fb.any_of, {}};
        for (const auto& n : fb.names) c.ids.push_back(intern(ctx.flowbits, n));
        if (fb.cmd == Cmd::IsSet || fb.cmd == Cmd::IsNotSet) out->flowbit_conds.push_back(std::move(c));
        else out->flowbit_actions.push_back(std::move(c));
    }
    for (const auto& fi : r.flowints) {
        CompiledFlowint c{fi.op, intern(ctx.flowints, fi.name), fi.value, -1};
        if (!fi.value_var.empty()) c.value_flowint = int32_t(intern(ctx.flowints, fi.value_var));
        if (fi.op == FOp::Set || fi.op == FOp::Add || fi.op == FOp::Sub) out->flowint_actions.push_back(c);
        else out->flowint_conds.push_back(c);
    }
    return {};
}

}  // namespace

bool is_anchored(const rules::BufferMatches& b) {
    for (const auto& m : b.matches) {
        auto* c = std::get_if<rules::Content>(&m);
        if (c && !c->relative() && (c->startswith || c->depth || c->offset)) return true;
    }
    return false;
}

std::string compile_rule(const rules::Rule& r, CompileContext& ctx, CompiledRule* out) {
    out->rule = &r;
    if (!r.header.app_proto.empty()) return "app-layer protocol " + r.header.app_proto + " not available";
    if (!r.app_layer_protocol.empty()) return "app-layer-protocol not available";
    if (!r.app_checks.empty()) return "keyword " + r.app_checks.front().name + " not available";
    // Flow keeps packet byte counts, not the sequence-based stream sizes stream_size compares.
    if (!r.stream_sizes.empty()) return "keyword stream_size not available";
    for (const auto& b : r.buffers) {
        if (b.buffer != "payload") return "buffer " + b.buffer + " not available";
        if (out->payload) return "several payload keyword lists";  // the parser keeps one per buffer
        if (auto why = compile_payload(r, b, ctx, out); !why.empty()) return why;
    }
    if (auto why = compile_flow_vars(r, ctx, out); !why.empty()) return why;
    if (r.noalert) out->noalert = true;
    ctx.max_vars = std::max<uint32_t>(ctx.max_vars, uint32_t(r.variables.size()));

    out->rank = action_rank(r.header.action);
    const bool state_check = r.flow.established || r.flow.not_established;
    // Suricata's rule types: header keywords, flow state and variable checks make a
    // "packet" rule whose actions apply to the packet; others act on the whole flow.
    out->flow_scope = r.header_matches.empty() && out->flowbit_conds.empty() && out->flowint_conds.empty() &&
                      !state_check;
    return {};
}

}  // namespace vigie::detect
