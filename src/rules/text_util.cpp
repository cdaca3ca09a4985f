#include "rules/text_util.h"

#include <cctype>
#include <charconv>

namespace vigie::rules {

std::string_view trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::vector<std::string_view> split_args(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    bool in_quote = false;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            ++i;  // the escaped character never splits nor toggles quoting
        } else if (c == '"') {
            in_quote = !in_quote;
        } else if (c == sep && !in_quote) {
            out.push_back(trim(s.substr(start, i - start)));
            start = i + 1;
        }
    }
    out.push_back(trim(s.substr(start)));
    return out;
}

std::optional<uint64_t> parse_u64(std::string_view s, bool base0) {
    s = trim(s);
    if (s.empty()) return std::nullopt;
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (base0 && s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<int64_t> parse_i64(std::string_view s) {
    s = trim(s);
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<std::string> unquote(std::string_view s, bool require_quotes, bool keep_unknown) {
    s = trim(s);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"' && !(s.size() >= 3 && s[s.size() - 2] == '\\' &&
                                                                   (s.size() < 4 || s[s.size() - 3] != '\\'))) {
        s = s.substr(1, s.size() - 2);
    } else if (require_quotes) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            if (i + 1 >= s.size()) return std::nullopt;
            char n = s[++i];
            if (n != '"' && n != ';' && n != '\\' && n != ':' && n != ',' && n != '|') {
                if (!keep_unknown) return std::nullopt;
                out.push_back('\\');
            }
            out.push_back(n);
        } else if (c == '"') {
            return std::nullopt;  // an unescaped quote inside the string
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace vigie::rules
