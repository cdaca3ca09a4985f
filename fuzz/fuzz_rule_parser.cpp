// libFuzzer target: rule text -> parse_rule, and the same bytes as a rules file
// (continuations, comments, duplicate handling). Must never crash or leak.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rules/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const vigie::rules::Vars vars = vigie::rules::Vars::suricata_defaults();
    static const vigie::rules::Classifications classes = vigie::rules::Classifications::builtin();
    std::string_view text(reinterpret_cast<const char*>(data), size);
    vigie::rules::ParseContext ctx{&vars, &classes, "fuzz", 1};
    auto r = vigie::rules::parse_rule(text, ctx);
    if (r.ok() && r->sid == 0) __builtin_trap();  // invariant: an accepted rule has a sid
    auto loaded = vigie::rules::load_rules_text(text, "fuzz", vars, classes);
    (void)loaded;
    return 0;
}
