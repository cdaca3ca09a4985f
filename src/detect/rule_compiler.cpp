#include "detect/rule_compiler.h"

#include "detect/app_checks.h"

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

// The keyword list of one buffer: regexes compiled, RELATIVE_NEXT marked.
std::string compile_list(const rules::BufferMatches& b, CompileContext& ctx, CompiledList* out) {
    out->list = &b;
    out->pcres.assign(b.matches.size(), nullptr);
    out->relative_next.assign(b.matches.size(), 0);
    for (size_t i = 0; i < b.matches.size(); ++i) {
        if (i + 1 < b.matches.size()) out->relative_next[i] = is_relative(b.matches[i + 1]);
        auto* p = std::get_if<rules::Pcre>(&b.matches[i]);
        if (!p) continue;
        auto prog = ctx.regex(p->pattern, p->compile_options);
        if (!prog) return prog.error();
        out->pcres[i] = *prog;
    }
    return {};
}

std::string compile_payload(const rules::Rule& r, const rules::BufferMatches& b, CompileContext& ctx,
                            CompiledRule* out) {
    if (!b.transforms.empty()) return "transform " + b.transforms.front() + " not supported on payload";
    if (auto why = compile_list(b, ctx, &out->payload); !why.empty()) return why;
    // tcp-stream / tcp-pkt headers: Suricata's stream-only and packet-only rules.
    if (r.flow.only_stream || r.header.proto_text == "tcp-stream") out->source = PayloadSource::StreamOnly;
    else if (r.flow.no_stream || r.header.proto_text == "tcp-pkt" || is_anchored(b)) out->source = PayloadSource::Packet;
    else out->source = PayloadSource::Auto;
    return {};
}

// The protocol a rule is about: its header, else what its buffers and keywords imply.
std::string settle_proto(app::AppProto implied, const std::string& what, CompiledRule* out) {
    if (implied == app::AppProto::Unknown) return {};
    if (out->app_proto == app::AppProto::Unknown) {
        out->app_proto = implied;
        return {};
    }
    if (out->app_proto != implied)
        return what + " needs " + std::string(app::app_proto_name(implied)) + ", the rule is about " +
               std::string(app::app_proto_name(out->app_proto));
    return {};
}

std::string compile_app(const rules::Rule& r, CompileContext& ctx, CompiledRule* out) {
    if (!r.header.app_proto.empty()) {
        out->app_proto = app_proto_from_name(r.header.app_proto);
        if (out->app_proto == app::AppProto::Unknown || out->app_proto == app::AppProto::Failed)
            return "app-layer protocol " + r.header.app_proto + " not available";
    }
    for (const std::string& text : r.app_layer_protocols) {
        std::string_view arg = text;
        ProtoCond c;
        if (!arg.empty() && arg[0] == '!') {
            c.negated = true;
            arg.remove_prefix(1);
        }
        // ",final": only once detection is over; ",either" / ",to_server" / ",to_client"
        // ask which direction's result, and Vigie has one per flow.
        if (auto comma = arg.find(','); comma != std::string_view::npos) {
            c.final = arg.substr(comma + 1).find("final") != std::string_view::npos;
            arg = arg.substr(0, comma);
        }
        while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
        c.proto = app_proto_from_name(arg);
        if (c.proto == app::AppProto::Unknown) return "app-layer-protocol " + std::string(arg) + " not available";
        out->proto_conds.push_back(c);
    }
    for (const auto& b : r.buffers) {
        if (b.buffer == "payload") continue;
        const AppBufferInfo* info = app_buffer_info(b.buffer);
        if (!info) return "buffer " + b.buffer + " not available";
        if (auto why = settle_proto(info->proto, "buffer " + b.buffer, out); !why.empty()) return why;
        CompiledList l;
        if (auto why = compile_list(b, ctx, &l); !why.empty()) return why;
        auto kind = ctx.intern_kind(*info, b.transforms);
        if (!kind) return kind.error();
        l.kind = *kind;
        l.sides = info->sides;
        if (b.side) {  // "buffer: to_client": one side of a two-sided buffer
            const uint8_t want = b.side == 1 ? kToServer : kToClient;
            if (!(info->sides & want)) return "buffer " + b.buffer + " does not exist on that side";
            l.sides = want;
        }
        l.absent = b.absent;
        out->app_lists.push_back(std::move(l));
    }
    for (const auto& c : r.app_checks) {
        CompiledCheck cc;
        if (auto why = compile_check(c, r, ctx, &cc); !why.empty()) return why;
        if (c.side) cc.sides = c.side == 1 ? kToServer : kToClient;
        if (auto why = settle_proto(cc.proto, "keyword " + c.name, out); !why.empty()) return why;
        out->app_checks.push_back(std::move(cc));
    }
    out->app_rule = !out->app_lists.empty() || !out->app_checks.empty();
    if (out->app_rule) {
        // Request-only and response-only buffers together: the rule runs on the response
        // and reads the request side of the same transaction (Suricata 8's TXBOTHDIR).
        uint8_t only = 0;
        for (const auto& l : out->app_lists)
            if (l.sides != kBothSides) only |= l.sides;
        for (const auto& c : out->app_checks)
            if (c.sides != kBothSides) only |= c.sides;
        // Both sides of a transaction: "=>" rules (Suricata 8), evaluated when the
        // response side is there; with "->" that is a conflict, as in Suricata.
        if (only == kBothSides && !r.header.tx_both_sides) return "rule mixes keywords with conflicting directions";
        uint8_t dirs = r.header.tx_both_sides       ? kToClient
                       : only == 0                  ? kBothSides
                       : (only & kToClient) ? kToClient
                                            : kToServer;
        if (r.flow.to_server) dirs &= kToServer;
        if (r.flow.to_client) dirs &= kToClient;
        if (dirs == 0) return "rule mixes keywords with conflicting directions";
        out->app_dirs = dirs;
    } else if (r.header.tx_both_sides) {
        return "'=>' needs app-layer buffers or keywords";
    }
    out->pd_only = !out->proto_conds.empty() && r.header.app_proto.empty() && r.buffers.empty() &&
                   r.header_matches.empty() && !r.has_flow && r.flowbits.empty() && r.flowints.empty() &&
                   r.app_checks.empty();
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

Result<const PcreProgram*> CompileContext::regex(const std::string& pattern, uint32_t options) {
    auto key = std::make_pair(pattern, options);
    auto it = pcres.find(key);
    if (it == pcres.end()) {
        auto prog = PcreProgram::compile(pattern, options);
        if (!prog) return make_error(prog.error());
        max_pcre_pairs = std::max(max_pcre_pairs, (*prog)->capture_pairs());
        it = pcres.emplace(key, std::move(*prog)).first;
    }
    return static_cast<const PcreProgram*>(it->second.get());
}

Result<uint16_t> CompileContext::intern_kind(const AppBufferInfo& buffer, const std::vector<std::string>& transforms) {
    std::string key(buffer.name);
    for (const auto& t : transforms) key += "|" + t;
    if (auto it = kind_index.find(key); it != kind_index.end()) return it->second;
    AppKind k;
    k.info = &buffer;
    k.transform_text = transforms;
    for (const auto& t : transforms) {
        auto tr = parse_transform(t, *this);
        if (!tr) return make_error(tr.error());
        k.transforms.push_back(std::move(*tr));
    }
    if (kinds.size() >= UINT16_MAX) return make_error("too many distinct buffer/transform combinations");
    kinds.push_back(std::move(k));
    return kind_index[key] = uint16_t(kinds.size() - 1);
}

std::string compile_rule(const rules::Rule& r, CompileContext& ctx, CompiledRule* out) {
    out->rule = &r;
    for (const auto& b : r.buffers) {
        if (b.buffer != "payload") continue;
        if (out->payload) return "several payload keyword lists";  // the parser keeps one per buffer
        if (auto why = compile_payload(r, b, ctx, out); !why.empty()) return why;
    }
    if (auto why = compile_app(r, ctx, out); !why.empty()) return why;
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
