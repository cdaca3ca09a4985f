// isdataat and bsize: position and size checks on the current buffer.
#include <string>

#include "rules/keywords/keywords.h"
#include "rules/text_util.h"
#include "rules/uint_cmp.h"

namespace vigie::rules::kwfn {

// isdataat:[!]<n|var>[,relative][,rawbytes]
Result<void> isdataat(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto items = split_args(arg);
    IsDataAt d;
    std::string_view n = items[0];
    if (!n.empty() && n[0] == '!') {
        d.negated = true;
        n = trim(n.substr(1));
    }
    auto v = b.int_or_var(n, 0, 65535, "offset");
    if (!v) return make_error(v.error());
    d.offset = *v;
    for (size_t i = 1; i < items.size(); ++i) {
        if (items[i] == "relative") d.relative = true;
        else if (items[i] == "rawbytes") d.rawbytes = true;
        else return make_error("unknown option '" + std::string(items[i]) + "'");
    }
    b.add_match(d);
    return {};
}

Result<void> bsize(RuleBuilder& b, const KeywordSpec&, std::string_view arg) {
    auto c = parse_uint_cmp(arg, UINT64_MAX);
    if (!c) return make_error(c.error());
    b.add_match(Bsize{*c});
    return {};
}

}  // namespace vigie::rules::kwfn
