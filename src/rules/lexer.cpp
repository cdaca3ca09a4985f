#include "rules/lexer.h"

#include <cctype>
#include <string>

#include "rules/text_util.h"

namespace vigie::rules {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

Result<std::vector<std::string_view>> split_header(std::string_view h) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < h.size()) {
        while (i < h.size() && is_space(h[i])) ++i;
        if (i >= h.size()) break;
        size_t start = i;
        int depth = 0;
        // spaces inside [..] belong to the list ("[1.2.3.4, 5.6.7.8]")
        while (i < h.size() && (depth > 0 || !is_space(h[i]))) {
            if (h[i] == '[') ++depth;
            else if (h[i] == ']' && --depth < 0) return make_error("unbalanced ']' in header");
            ++i;
        }
        if (depth != 0) return make_error("unbalanced '[' in header");
        out.push_back(h.substr(start, i - start));
    }
    return out;
}

bool valid_name(std::string_view n) {
    if (n.empty()) return false;
    for (char c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
    return true;
}

}  // namespace

Result<RawRule> split_rule(std::string_view text) {
    text = trim(text);
    size_t open = text.find('(');
    if (open == std::string_view::npos) return make_error("missing '(' before the options");
    if (text.back() != ')') return make_error("rule must end with ')'");
    RawRule raw;
    auto header = split_header(text.substr(0, open));
    if (!header) return make_error(header.error());
    raw.header = std::move(*header);

    // Like Suricata, only an unescaped ';' ends an option: quotes are not tracked, since
    // regexes such as /["']x/ hold unbalanced quotes.
    std::string_view body = text.substr(open + 1, text.size() - open - 2);
    size_t start = 0;
    for (size_t i = 0; i <= body.size(); ++i) {
        if (i < body.size()) {
            char c = body[i];
            if (c == '\\') {
                if (i + 1 < body.size()) ++i;  // the escaped character never ends an option
                continue;
            }
            if (c != ';') continue;
        }
        std::string_view opt = trim(body.substr(start, i - start));
        start = i + 1;
        if (opt.empty()) {
            if (i < body.size()) return make_error("empty option (';;')");
            continue;  // text after the last ';'
        }
        RawOption o;
        size_t colon = opt.find(':');
        o.name = trim(opt.substr(0, colon));
        if (colon != std::string_view::npos) {
            o.value = trim(opt.substr(colon + 1));
            o.has_value = true;
        }
        if (!valid_name(o.name)) return make_error("invalid option '" + std::string(opt.substr(0, 40)) + "'");
        raw.options.push_back(o);
    }
    return raw;
}

}  // namespace vigie::rules
