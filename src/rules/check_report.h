// The text of `vigie rules check`: rejection counts by reason category, every rejection
// as "file:line: sid N: reason", and "accepted N, rejected N" as the last line.
#pragma once
#include <string>

#include "rules/parser.h"

namespace vigie::rules {

// Groups reasons: drops the "(...)" explanation, replaces quoted values and numbers, so
// that "needs app-layer buffer http.uri (HTTP parser not available yet)" and
// "content 'abc': depth 2 is less than ..." each form one group. Unknown/unsupported
// keyword names and needed buffers stay in the category: they are what a reader acts on.
std::string reason_category(const std::string& reason);

std::string check_report(const LoadResult& result);

}  // namespace vigie::rules
