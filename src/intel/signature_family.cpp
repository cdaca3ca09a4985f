#include "intel/signature_family.h"

namespace vigie::intel {

namespace {

// A rule-set or class tag: capitals, digits, '_' or '-', starting with a capital.
bool is_tag(std::string_view w) {
    if (w.empty() || w[0] < 'A' || w[0] > 'Z') return false;
    for (char c : w)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

std::string_view next_word(std::string_view s, size_t& pos) {
    while (pos < s.size() && s[pos] == ' ') ++pos;
    const size_t start = pos;
    while (pos < s.size() && s[pos] != ' ') ++pos;
    return s.substr(start, pos - start);
}

}  // namespace

std::string signature_family(std::string_view signature, std::string_view category, int64_t sid) {
    size_t pos = 0;
    const std::string_view set = next_word(signature, pos);
    const std::string_view cls = next_word(signature, pos);
    // "ET SCAN" needs more words after it: a two-word signature is a name, not a prefix.
    const bool more = next_word(signature, pos).size() > 0;
    if (is_tag(set) && set.size() >= 2 && is_tag(cls) && more) return std::string(set) + " " + std::string(cls);
    if (!category.empty()) return std::string(category);
    return "sid " + std::to_string(sid);
}

}  // namespace vigie::intel
