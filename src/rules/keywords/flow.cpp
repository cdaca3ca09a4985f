// Flow state keywords: flow, flowbits, flowint, stream_size.
#include <cctype>
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"
#include "rules/uint_cmp.h"

namespace vigie::rules::kwfn {
namespace {

bool valid_var_name(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';' || c == '"') return false;
    return true;
}

}  // namespace

Result<void> flow(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.rule.has_flow) return make_error("given twice");
    FlowOpts& f = b.rule.flow;
    for (auto item : split_args(arg)) {
        if (item == "to_server" || item == "from_client") f.to_server = true;
        else if (item == "to_client" || item == "from_server") f.to_client = true;
        else if (item == "established") f.established = true;
        else if (item == "not_established") f.not_established = true;
        else if (item == "stateless") f.stateless = true;
        else if (item == "only_stream") f.only_stream = true;
        else if (item == "no_stream") f.no_stream = true;
        else if (item == "only_frag") f.only_frag = true;
        else if (item == "no_frag") f.no_frag = true;
        else return make_error("unknown option '" + std::string(item) + "'");
    }
    if (f.to_server && f.to_client) return make_error("to_server and to_client are exclusive");
    if (int(f.established) + int(f.not_established) + int(f.stateless) > 1)
        return make_error("established, not_established and stateless are exclusive");
    if (f.only_stream && f.no_stream) return make_error("only_stream and no_stream are exclusive");
    if (f.only_frag && f.no_frag) return make_error("only_frag and no_frag are exclusive");
    b.rule.has_flow = true;
    return {};
}

// flowbits:<cmd>[,<name>[|name...|&name...]]
Result<void> flowbits(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    size_t comma = arg.find(',');
    std::string_view cmd = trim(arg.substr(0, comma));
    std::string_view names = comma == std::string_view::npos ? std::string_view() : trim(arg.substr(comma + 1));
    Flowbits fb{};
    if (cmd == "set") fb.cmd = Flowbits::Cmd::Set;
    else if (cmd == "isset") fb.cmd = Flowbits::Cmd::IsSet;
    else if (cmd == "isnotset") fb.cmd = Flowbits::Cmd::IsNotSet;
    else if (cmd == "unset") fb.cmd = Flowbits::Cmd::Unset;
    else if (cmd == "toggle") fb.cmd = Flowbits::Cmd::Toggle;
    else if (cmd == "noalert") fb.cmd = Flowbits::Cmd::NoAlert;
    else return make_error("unknown command '" + std::string(cmd) + "'");
    if (fb.cmd == Flowbits::Cmd::NoAlert) {
        if (!names.empty()) return make_error("noalert takes no name");
        b.rule.noalert = true;
        b.rule.flowbits.push_back(fb);
        return {};
    }
    if (names.empty()) return make_error(std::string(cmd) + " needs a name");
    bool has_or = names.find('|') != std::string_view::npos;
    bool has_and = names.find('&') != std::string_view::npos;
    if (has_or && has_and) return make_error("cannot mix '|' and '&'");
    if (has_or && fb.cmd != Flowbits::Cmd::IsSet && fb.cmd != Flowbits::Cmd::IsNotSet)
        return make_error("'|' only works with isset and isnotset");
    fb.any_of = has_or;
    char sep = has_or ? '|' : '&';
    size_t start = 0;
    while (start <= names.size()) {
        size_t end = names.find(sep, start);
        auto name = trim(names.substr(start, end == std::string_view::npos ? names.npos : end - start));
        if (!valid_var_name(name)) return make_error("invalid name '" + std::string(name) + "'");
        fb.names.emplace_back(name);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    b.rule.flowbits.push_back(std::move(fb));
    return {};
}

// flowint:<name>,<op>[,<value or flowint name>]
Result<void> flowint(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() < 2 || items.size() > 3) return make_error("expected <name>,<op>[,<value>]");
    Flowint fi{};
    if (!valid_var_name(items[0])) return make_error("invalid name");
    fi.name = std::string(items[0]);
    static constexpr std::pair<std::string_view, Flowint::Op> kOps[] = {
        {"=", Flowint::Op::Set},   {"+", Flowint::Op::Add},  {"-", Flowint::Op::Sub},  {"==", Flowint::Op::Eq},
        {"!=", Flowint::Op::Ne},   {"<", Flowint::Op::Lt},   {"<=", Flowint::Op::Le},  {">", Flowint::Op::Gt},
        {">=", Flowint::Op::Ge},   {"isset", Flowint::Op::IsSet}, {"notset", Flowint::Op::NotSet},
        {"isnotset", Flowint::Op::NotSet},
    };
    bool found = false;
    for (auto& [text, op] : kOps)
        if (text == items[1]) {
            fi.op = op;
            found = true;
        }
    if (!found) return make_error("unknown operator '" + std::string(items[1]) + "'");
    bool unary = fi.op == Flowint::Op::IsSet || fi.op == Flowint::Op::NotSet;
    if (unary != (items.size() == 2)) return make_error(unary ? "isset/notset take no value" : "missing value");
    if (!unary) {
        if (auto v = parse_u64(items[2])) {
            if (*v > UINT32_MAX) return make_error("value exceeds 32 bits");
            fi.value.value = int64_t(*v);
        } else if (valid_var_name(items[2])) {
            fi.value_var = std::string(items[2]);
        } else {
            return make_error("invalid value '" + std::string(items[2]) + "'");
        }
    }
    b.rule.flowints.push_back(std::move(fi));
    return {};
}

// stream_size:<server|client|both|either>,<op>,<n>
Result<void> stream_size(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    if (items.size() != 3) return make_error("expected <side>,<op>,<bytes>");
    StreamSize s;
    if (items[0] == "server") s.side = StreamSize::Side::Server;
    else if (items[0] == "client") s.side = StreamSize::Side::Client;
    else if (items[0] == "both") s.side = StreamSize::Side::Both;
    else if (items[0] == "either") s.side = StreamSize::Side::Either;
    else return make_error("side must be server, client, both or either");
    std::string_view op = items[1];
    if (op != "<" && op != ">" && op != "=" && op != "!=" && op != "<=" && op != ">=")
        return make_error("unknown operator '" + std::string(op) + "'");
    auto c = parse_uint_cmp(std::string(op == "=" ? "" : op) + std::string(items[2]), UINT32_MAX);
    if (!c) return make_error(c.error());
    s.cmp = *c;
    b.rule.stream_sizes.push_back(s);
    return {};
}

}  // namespace vigie::rules::kwfn
