// STIX 2.1 patterning: a parser for the whole pattern grammar (observation
// expressions with AND/OR/FOLLOWEDBY and qualifiers; comparison expressions with
// every operator and literal type), and the reduction of a pattern to what Vigie
// can detect: a list of alternative Observables.
//
// Detectable: one observation, or observations joined by OR, without qualifiers;
// inside, any AND/OR of equality tests (or IN sets) on ipv4-addr:value,
// ipv6-addr:value (CIDR allowed; ISSUBSET too), domain-name:value, url:value,
// file:hashes.MD5/SHA-1/SHA-256, x509-certificate:hashes.'SHA-1', plus
// network-traffic:src_port/dst_port as a constraint on one of those. Anything else
// parses but is reported, per branch, as unsupported: a branch we cannot check is
// never widened into one that matches more.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "intel/indicator.h"

namespace vigie::intel {

struct PatternReduction {
    std::string syntax_error;               // non-empty: the pattern is not valid STIX patterning
    std::vector<Observable> observables;    // alternatives, any one is a match
    std::vector<std::string> unsupported;   // each branch left out, with the reason
};

PatternReduction reduce_stix_pattern(std::string_view pattern);

}  // namespace vigie::intel
