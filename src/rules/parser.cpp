// parse_rule: header, then options left to right through the keyword registry, then the
// whole-rule checks. See NOTES.md for the order of rejection reasons.
#include <string>

#include "rules/address.h"
#include "rules/buffer_registry.h"
#include "rules/keywords/keywords.h"
#include "rules/lexer.h"
#include "rules/parse_detail.h"
#include "rules/parser.h"
#include "rules/rule_builder.h"
#include "rules/text_util.h"

namespace vigie::rules {
namespace {

Result<Action> parse_action(std::string_view a) {
    if (a == "alert") return Action::Alert;
    if (a == "pass") return Action::Pass;
    if (a == "drop") return Action::Drop;
    if (a == "reject") return Action::Reject;
    if (a == "rejectsrc") return Action::RejectSrc;
    if (a == "rejectdst") return Action::RejectDst;
    if (a == "rejectboth") return Action::RejectBoth;
    return make_error("unknown action '" + std::string(a) + "'");
}

Result<void> parse_protocol(std::string_view p, Header& h) {
    h.proto_text = std::string(p);
    if (p == "ip" || p == "pkthdr") return {};
    if (p == "tcp" || p == "tcp-pkt" || p == "tcp-stream") h.ip_protos = {6};
    else if (p == "udp") h.ip_protos = {17};
    else if (p == "icmp") h.ip_protos = {1, 58};
    else if (p == "icmpv4") h.ip_protos = {1};
    else if (p == "icmpv6") h.ip_protos = {58};
    else if (p == "sctp") h.ip_protos = {132};
    else if (const AppProto* ap = find_app_proto(p)) {
        h.ip_protos = ap->transports;
        h.app_proto = std::string(p == "http1" ? "http" : p);
    } else {
        return make_error("unknown protocol '" + std::string(p) + "'");
    }
    return {};
}

Result<void> parse_header(const std::vector<std::string_view>& f, const Vars& vars, Header& h) {
    if (f.size() != 7) return make_error("header needs 7 fields: action proto src sport dir dst dport");
    auto act = parse_action(f[0]);
    if (!act) return make_error(act.error());
    h.action = *act;
    if (auto r = parse_protocol(f[1], h); !r) return r;
    if (f[4] == "<>") h.bidirectional = true;
    else if (f[4] == "=>") h.tx_both_sides = true;
    else if (f[4] != "->") return make_error("invalid direction '" + std::string(f[4]) + "'");
    auto src = resolve_addresses(f[2], vars);
    if (!src) return make_error("source address: " + src.error());
    auto dst = resolve_addresses(f[5], vars);
    if (!dst) return make_error("destination address: " + dst.error());
    auto sp = resolve_ports(f[3], vars);
    if (!sp) return make_error("source port: " + sp.error());
    auto dp = resolve_ports(f[6], vars);
    if (!dp) return make_error("destination port: " + dp.error());
    h.src = std::move(*src);
    h.dst = std::move(*dst);
    h.sp = std::move(*sp);
    h.dp = std::move(*dp);
    return {};
}

Result<void> apply_option(RuleBuilder& b, const RawOption& o) {
    const KeywordSpec* spec = find_keyword(o.name);
    if (spec == nullptr) return make_error("unknown keyword '" + std::string(o.name) + "'");
    if (spec->flags & kw::kUnsupported) return make_error("unsupported keyword '" + std::string(o.name) + "'");
    std::string prefix = std::string(o.name) + ": ";
    // Sticky buffers take an optional side (Suricata 8: "http.connection: to_client").
    const bool side_arg = (spec->flags & kw::kStickyBuffer) && o.has_value;
    if ((spec->flags & kw::kNoArg) && o.has_value && !side_arg) return make_error(prefix + "takes no argument");
    if ((spec->flags & kw::kArgRequired) && (!o.has_value || o.value.empty()))
        return make_error(prefix + "needs an argument");
    auto r = spec->parse(b, *spec, o.value);
    if (!r) return make_error(prefix + r.error());
    return {};
}

const Vars& default_vars() {
    static const Vars v = Vars::suricata_defaults();
    return v;
}
const Classifications& default_classes() {
    static const Classifications c = Classifications::builtin();
    return c;
}

}  // namespace

Result<Rule> parse_rule_unchecked(std::string_view text, const ParseContext& in_ctx, std::string* missing) {
    ParseContext ctx = in_ctx;
    if (ctx.vars == nullptr) ctx.vars = &default_vars();
    if (ctx.classes == nullptr) ctx.classes = &default_classes();

    auto raw = split_rule(text);
    if (!raw) return make_error(raw.error());
    Rule rule;
    rule.file = ctx.file;
    rule.line = ctx.line;
    rule.text = std::string(trim(text));
    if (auto r = parse_header(raw->header, *ctx.vars, rule.header); !r) return make_error(r.error());

    RuleBuilder b(rule, ctx);
    for (const auto& o : raw->options)
        if (auto r = apply_option(b, o); !r) return make_error(r.error());

    if (rule.sid == 0) return make_error("missing sid");
    if (auto r = finish_contents(b); !r) return make_error(r.error());
    std::erase_if(rule.buffers,
                  [](const BufferMatches& m) { return m.matches.empty() && m.absent == BufferMatches::Absent::No; });
    if (rule.header.tx_both_sides && rule.header.app_proto.empty())
        return make_error("'=>' needs an app-layer protocol in the header");

    // The rule is well formed; now decide whether this engine can run it.
    missing->clear();
    if (!b.needs.empty()) {
        *missing = b.needs.front();
    } else if (!rule.header.app_proto.empty()) {
        const AppProto* ap = find_app_proto(rule.header.app_proto);
        if (ap != nullptr && !ap->available) *missing = "app-layer protocol " + rule.header.app_proto + " not available yet";
    }
    return rule;
}

Result<Rule> parse_rule(std::string_view text, const ParseContext& ctx) {
    std::string missing;
    auto r = parse_rule_unchecked(text, ctx, &missing);
    if (r && !missing.empty()) return make_error(missing);
    return r;
}

}  // namespace vigie::rules
