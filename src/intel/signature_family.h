// The "signature family" that incidents group by: alerts of one attacker on one
// target are one incident only when their rules belong to the same family.
//
// Rule (docs/store.md): rule sets name their signatures "<SET> <CLASS> ..." in
// capitals (ET SCAN, ET WEB_SERVER, ETPRO TROJAN, GPL ICMP, SURICATA STREAM), so
// when the first two words are both capital tokens the family is those two words.
// Otherwise it is the rule's classtype category ("Attempted Administrator Privilege
// Gain"), and without one "sid N".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace vigie::intel {

std::string signature_family(std::string_view signature, std::string_view category, int64_t sid);

}  // namespace vigie::intel
