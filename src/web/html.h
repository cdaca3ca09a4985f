// Making database text safe in a page. Signatures, user agents, organisation names
// are attacker- or user-controlled: everything from the store goes through one of
// these before it reaches HTML.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace vigie::web {

// Text for an element's content or a quoted attribute value: & < > " ' escaped.
std::string html_escape(std::string_view text);

// JSON to embed in <script type="application/json">: '<', '>' and '&' written as
// \u003c, \u003e, \u0026 so no "</script>" or "<!--" can end the element early;
// invalid UTF-8 replaced (U+FFFD) instead of throwing.
std::string script_json(const nlohmann::ordered_json& j);

// JSON for an HTTP response body (invalid UTF-8 replaced).
std::string body_json(const nlohmann::ordered_json& j);

}  // namespace vigie::web
