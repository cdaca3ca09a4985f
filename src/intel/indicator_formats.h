// Readers for the indicator formats partners share: STIX 2.1 bundles, MISP event
// JSON and plain lists. Each reads every object it can and reports each one it
// cannot (ImportResult::issues) instead of failing the whole input.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "intel/indicator.h"

namespace vigie::intel {

// A bundle ({"type":"bundle","objects":[...]}); objects other than indicators are
// counted as skipped.
ImportResult parse_stix_bundle(const nlohmann::json& bundle);

// {"Event":{...}}, {"response":[{"Event":...}]}, [{"Event":...}] or a bare event.
// Attributes with to_ids false (or deleted) are skipped; to_ids absent counts as true.
ImportResult parse_misp(const nlohmann::json& doc);

// One indicator per line: "TYPE VALUE" (TYPE a kind name, or a MISP type such as
// ip-dst), or only "VALUE" when `type` is given. '#' starts a comment. `source`
// prefixes line numbers in issues.
ImportResult parse_plain_list(std::string_view text, std::optional<ObservableKind> type, const std::string& source);

// Reads a file and picks the format from its content: JSON with a bundle is STIX,
// JSON with an Event is MISP, anything else a plain list. Errors: unreadable file,
// JSON that does not parse or is neither format.
Result<ImportResult> read_indicator_file(const std::string& path, std::optional<ObservableKind> plain_type);

// Kind from a plain-list or MISP type name ("ip", "ip-dst", "hostname", "sha256", ...).
std::optional<ObservableKind> kind_from_type_name(std::string_view name);

}  // namespace vigie::intel
