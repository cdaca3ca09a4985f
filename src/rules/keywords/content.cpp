// content and its modifiers. Modifiers apply to the last content of the rule, wherever it
// is (Suricata looks the previous content up across lists); combination checks that need
// every modifier of a content run once in finish_contents().
#include <cctype>
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"

namespace vigie::rules {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decode the pattern between the quotes: |hex| blocks and \" \; \\ \: escapes.
Result<std::string> decode_pattern(std::string_view s) {
    std::string out;
    bool in_hex = false;
    int pending = -1;  // first nibble of a hex byte
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (in_hex) {
            if (c == '|') {
                if (pending >= 0) return make_error("odd number of hex digits");
                in_hex = false;
            } else if (c == ' ' || c == '\t') {
                if (pending >= 0) return make_error("space inside a hex byte");
            } else {
                int v = hex_value(c);
                if (v < 0) return make_error(std::string("invalid hex character '") + c + "'");
                if (pending < 0) {
                    pending = v;
                } else {
                    out.push_back(char(pending << 4 | v));
                    pending = -1;
                }
            }
        } else if (c == '|') {
            in_hex = true;
        } else if (c == '\\') {
            if (i + 1 >= s.size()) return make_error("trailing backslash");
            char n = s[++i];
            if (n != '"' && n != ';' && n != '\\' && n != ':' && n != ',' && n != '|')
                return make_error(std::string("invalid escape '\\") + n + "'");
            out.push_back(n);
        } else if (c == '"' || c == ';') {
            return make_error(std::string("unescaped '") + c + "'");
        } else {
            out.push_back(c);
        }
    }
    if (in_hex) return make_error("unterminated hex block");
    return out;
}

Result<Content*> last_content(RuleBuilder& b) {
    Content* c = b.content_at(b.last_content);
    if (c == nullptr) return make_error("needs a preceding content");
    return c;
}

// depth/offset/distance/within share the "number or byte_extract variable" argument.
Result<void> set_limit(RuleBuilder& b, std::string_view arg, std::optional<IntOrVar> Content::*field,
                       int64_t min) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if (((**c).*field).has_value()) return make_error("given twice for one content");
    auto v = b.int_or_var(arg, min, 65535, "value");
    if (!v) return make_error(v.error());
    (**c).*field = *v;
    return {};
}

std::string short_pattern(const Content& c) {
    std::string s;
    for (char ch : c.bytes.substr(0, 24)) s.push_back(std::isprint(static_cast<unsigned char>(ch)) ? ch : '.');
    return "content '" + s + (c.bytes.size() > 24 ? "...'" : "'");
}

}  // namespace

namespace kwfn {

Result<void> content(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    Content c;
    arg = trim(arg);
    if (!arg.empty() && arg[0] == '!') {
        c.negated = true;
        arg = trim(arg.substr(1));
    }
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    auto bytes = decode_pattern(arg);
    if (!bytes) return make_error(bytes.error());
    if (bytes->empty()) return make_error("empty pattern");
    c.bytes = std::move(*bytes);
    b.add_match(std::move(c));
    return {};
}

Result<void> nocase(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if ((*c)->nocase) return make_error("given twice for one content");
    (*c)->nocase = true;
    return {};
}

Result<void> rawbytes(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if (b.rule.buffers[b.last_content.buffer].buffer != "payload")
        return make_error("only applies to payload content");
    (*c)->rawbytes = true;
    return {};
}

Result<void> depth(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    return set_limit(b, arg, &Content::depth, 1);
}
Result<void> offset(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    return set_limit(b, arg, &Content::offset, 0);
}
Result<void> distance(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if ((*c)->distance) return make_error("given twice for one content");
    auto v = b.int_or_var(arg, -65535, 65535, "value");
    if (!v) return make_error(v.error());
    (*c)->distance = *v;
    return {};
}
Result<void> within(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    return set_limit(b, arg, &Content::within, 1);
}

Result<void> startswith(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if ((*c)->startswith) return make_error("given twice for one content");
    (*c)->startswith = true;
    return {};
}

Result<void> endswith(RuleBuilder& b, const KeywordSpec&, std::string_view) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if ((*c)->endswith) return make_error("given twice for one content");
    (*c)->endswith = true;
    return {};
}

Result<void> fast_pattern(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto c = last_content(b);
    if (!c) return make_error(c.error());
    if ((*c)->fast_pattern) return make_error("given twice for one content");
    arg = trim(arg);
    if (arg == "only") {
        (*c)->fast_pattern_only = true;
    } else if (!arg.empty()) {
        auto parts = split_args(arg);
        auto off = parts.size() == 2 ? parse_u64(parts[0]) : std::nullopt;
        auto len = parts.size() == 2 ? parse_u64(parts[1]) : std::nullopt;
        if (!off || !len || *off > 65535 || *len == 0 || *len > 65535)
            return make_error("expected 'only' or <offset>,<length>");
        (*c)->fast_pattern_chop = std::make_pair(uint16_t(*off), uint16_t(*len));
    }
    (*c)->fast_pattern = true;
    return {};
}

}  // namespace kwfn

Result<void> finish_contents(RuleBuilder& b) {
    int fast_patterns = 0;
    for (auto& buf : b.rule.buffers) {
        for (auto& m : buf.matches) {
            auto* c = std::get_if<Content>(&m);
            if (c == nullptr) continue;
            auto fail = [&](const std::string& why) { return make_error(short_pattern(*c) + ": " + why); };
            int64_t len = int64_t(c->bytes.size());
            bool absolute = c->depth || c->offset;
            if (c->relative() && absolute) return fail("depth/offset cannot be mixed with distance/within");
            if (c->startswith && (absolute || c->relative()))
                return fail("startswith cannot be combined with depth/offset/distance/within");
            if (c->depth && !c->depth->is_var() && c->depth->value < len)
                return fail("depth " + std::to_string(c->depth->value) + " is less than the content length " +
                            std::to_string(len));
            if (c->within && !c->within->is_var() && c->within->value < len)
                return fail("within " + std::to_string(c->within->value) + " is less than the content length " +
                            std::to_string(len));
            if (c->fast_pattern) ++fast_patterns;
            if (c->fast_pattern_only && (c->negated || absolute || c->relative()))
                return fail("fast_pattern:only cannot be used on a negated or positioned content");
            if (c->fast_pattern_chop && c->fast_pattern_chop->first + c->fast_pattern_chop->second > len)
                return fail("fast_pattern offset+length exceeds the content length");
        }
    }
    if (fast_patterns > 1) return make_error("fast_pattern: used on more than one content");
    return {};
}

}  // namespace vigie::rules
