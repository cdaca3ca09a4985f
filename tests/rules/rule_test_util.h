// Helpers shared by the rules tests.
#pragma once
#include <string>

#include "rules/parser.h"

namespace vigie::rules::testing {

inline const Vars& vars() {
    static const Vars v = Vars::suricata_defaults();
    return v;
}
inline const Classifications& classes() {
    static const Classifications c = Classifications::builtin();
    return c;
}
inline Result<Rule> parse(const std::string& text) {
    ParseContext ctx{&vars(), &classes(), "test.rules", 1};
    return parse_rule(text, ctx);
}
// A tcp rule around the given options, with a sid appended.
inline std::string tcp_rule(const std::string& options) {
    return "alert tcp any any -> any any (" + options + " sid:1;)";
}
inline IpAddr ip(const char* s) { return *IpAddr::parse(s); }

}  // namespace vigie::rules::testing
