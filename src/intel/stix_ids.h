// Deterministic STIX identifiers: UUIDv5 (RFC 4122, SHA-1) so the same
// observation exported twice gets the same id, and a partner's import of a
// re-export updates instead of duplicating. Cyber-observables use the namespace
// the STIX 2.1 specification fixes for them (section 2.9).
#pragma once
#include <string>
#include <string_view>

namespace vigie::intel {

// "<type>--<uuidv5(namespace, name)>" with Vigie's namespace (SDOs, SROs, bundles).
std::string stix_id(std::string_view type, std::string_view name);

// "<type>--<uuidv5(STIX SCO namespace, canonical JSON of the id properties)>";
// `canonical_json` is e.g. {"value":"192.0.2.1"} (keys sorted, no spaces).
std::string sco_id(std::string_view type, std::string_view canonical_json);

}  // namespace vigie::intel
