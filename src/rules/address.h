// Address and port expressions of the rule header, resolved to sets.
// Grammar: any | leaf | $VAR | !expr | [expr, expr, ...] (nested). Inside a list the
// non-negated items are united, then the negated ones removed; a list holding only
// negations starts from "any" (Suricata semantics).
#pragma once
#include <string_view>

#include "common/result.h"
#include "rules/parser.h"
#include "rules/rule.h"

namespace vigie::rules {

Result<AddressSet> resolve_addresses(std::string_view expr, const Vars& vars);
Result<PortSet> resolve_ports(std::string_view expr, const Vars& vars);

}  // namespace vigie::rules
