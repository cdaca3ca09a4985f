// App-layer keywords: sticky buffers, legacy HTTP content modifiers, transforms and the
// non-buffer app-layer checks. They are parsed fully, then the rule is rejected at the end
// of parse_rule if anything it needs is unavailable (buffer_registry.cpp).
#include <optional>
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"
#include "rules/uint_cmp.h"

namespace vigie::rules::kwfn {

namespace {

// "to_server" / "to_client" (Suricata 8 sides of sticky buffers and file keywords).
std::optional<uint8_t> side_word(std::string_view w) {
    w = trim(w);
    if (w == "to_server") return uint8_t(1);
    if (w == "to_client") return uint8_t(2);
    return std::nullopt;
}

}  // namespace

Result<void> sticky_buffer(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg) {
    uint8_t side = 0;
    if (!trim(arg).empty()) {
        auto s = side_word(arg);
        if (!s) return make_error("expected to_server or to_client, got '" + std::string(trim(arg)) + "'");
        side = *s;
    }
    b.select_buffer(spec.name, side);
    b.need(spec.name, FeatureKind::Buffer);
    return {};
}

// uricontent:"x"; — Snort's form of content:"x"; http_uri;, whatever the sticky buffer.
Result<void> uricontent(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg) {
    const std::string buffer = b.current_buffer;
    const std::vector<std::string> transforms = b.current_transforms;
    const uint8_t side = b.current_side;
    b.current_buffer = "payload";
    b.current_transforms.clear();
    b.current_side = 0;
    auto r = content(b, spec, arg);
    if (r) r = b.move_last_content("http.uri");
    b.current_buffer = buffer;
    b.current_transforms = transforms;
    b.current_side = side;
    if (!r) return r;
    b.need("http.uri", FeatureKind::Buffer);
    return {};
}

// absent; / absent: or_else; — on the current sticky buffer.
Result<void> absent(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    if (b.current_buffer == "payload") return make_error("needs a sticky buffer before it");
    arg = trim(arg);
    BufferMatches& l = b.current_list();
    if (arg.empty()) {
        if (!l.matches.empty()) return make_error("cannot follow keywords on the same buffer (use or_else)");
        l.absent = BufferMatches::Absent::Only;
    } else if (arg == "or_else") {
        l.absent = BufferMatches::Absent::OrElse;
    } else {
        return make_error("expected no argument or or_else");
    }
    return {};
}

Result<void> pkt_data(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    b.select_buffer("payload");
    return {};
}

// content:"x"; http_uri; — moves the content into the named buffer, as Suricata does.
Result<void> legacy_modifier(RuleBuilder& b, const KeywordSpec& spec, std::string_view) {
    if (b.current_buffer != "payload")
        return make_error("cannot be used after sticky buffer " + b.current_buffer);
    if (auto r = b.move_last_content(spec.target); !r) return r;
    b.need(spec.target, FeatureKind::Buffer);
    return {};
}

Result<void> transform(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg) {
    if (b.current_buffer == "payload") return make_error("needs a sticky buffer before it");
    std::string text(spec.name);
    if (!arg.empty()) {
        auto s = unquote(arg, true);
        if (!s || s->empty()) return make_error("expected a quoted argument");
        if (spec.name == "xor") {
            if (s->size() % 2 != 0 || s->find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                return make_error("key must be an even number of hex digits");
        }
        text += ":" + std::string(trim(arg));
    }
    // Suricata applies a transform to the whole buffer instance, even when it is written
    // after some of the buffer's matches: extend the list already holding them.
    for (auto& list : b.rule.buffers)
        if (list.buffer == b.current_buffer && list.transforms == b.current_transforms) list.transforms.push_back(text);
    b.current_transforms.push_back(std::move(text));
    b.need(spec.name, FeatureKind::Transform);
    return {};
}

Result<void> app_check(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg) {
    AppLayerCheck c;
    c.name = std::string(spec.name);
    c.arg = std::string(trim(arg));
    // Suricata 8 file keywords may name the side first: "filesize: to_client, <100".
    if (auto comma = c.arg.find(','); comma != std::string::npos) {
        if (auto side = side_word(std::string_view(c.arg).substr(0, comma))) {
            c.side = *side;
            c.arg = std::string(trim(std::string_view(c.arg).substr(comma + 1)));
        }
    }
    std::string_view value = c.arg;
    if (!value.empty() && value[0] == '!') {
        c.negated = true;
        value = trim(value.substr(1));
    }
    // numeric keywords use the shared comparison grammar
    uint64_t max = 0;
    if (spec.name == "urilen") {
        max = 65535;
        auto items = split_args(c.arg);
        if (items.size() == 2 && items[1] != "raw" && items[1] != "norm")
            return make_error("expected <n>[,raw|norm]");
        value = items[0];
        c.negated = false;
    } else if (spec.name == "dns.rrtype") {
        // <n>[,<index>]: index 0.. from the first record, -1.. from the last, all, any (default)
        max = 65535;
        auto items = split_args(c.arg);
        if (items.size() > 2) return make_error("expected <n>[,<index>|all|any]");
        if (items.size() == 2 && items[1] != "all" && items[1] != "any" && !parse_i64(items[1]))
            return make_error("expected an index, all or any, got '" + std::string(items[1]) + "'");
        value = items[0];
    } else if (spec.name == "filesize") {
        max = UINT64_MAX;
    } else if (spec.name == "tls.cert_chain_len") {
        max = UINT32_MAX;
    } else if (spec.name == "dns.opcode" || spec.name == "dns.rcode" || spec.name == "krb5_msg_type") {
        max = 255;
    }
    if (max != 0) {
        const bool first_item = spec.name == "urilen" || spec.name == "dns.rrtype";
        auto cmp = parse_uint_cmp(first_item ? value : std::string_view(c.arg), max);
        if (!cmp) return make_error(cmp.error());
        c.cmp = *cmp;
    }
    if (spec.name == "filestore") b.rule.filestore = true;
    b.rule.app_checks.push_back(std::move(c));
    b.need(spec.name, FeatureKind::Keyword);
    return {};
}

Result<void> app_layer_protocol(RuleBuilder& b, const KeywordSpec& spec, std::string_view arg) {
    std::string_view name = trim(arg);
    if (name.empty() || name == "!") return make_error("needs a protocol name");
    b.rule.app_layer_protocols.emplace_back(name);
    b.need(spec.name, FeatureKind::Keyword);
    return {};
}

Result<void> unsupported(RuleBuilder&, const KeywordSpec&, std::string_view) {
    return make_error("not supported");  // the parser reports kUnsupported rows before calling this
}

}  // namespace vigie::rules::kwfn
