// Rule parser API: text in, typed Rule out, or a one-line reason.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "rules/rule.h"

namespace vigie::rules {

// Address and port variables ($HOME_NET, $HTTP_PORTS, ...). Values are rule syntax
// ("[192.168.0.0/16,10.0.0.0/8]", "!$HOME_NET", "80", "any").
struct Vars {
    std::map<std::string, std::string> address;  // name without '$'
    std::map<std::string, std::string> port;
    static Vars suricata_defaults();             // the values of Suricata's default suricata.yaml
};

// classification.config: classtype -> (description, priority).
struct Classification {
    std::string description;
    int priority = 3;
};
struct Classifications {
    std::map<std::string, Classification> by_name;
    static Classifications builtin();            // the bundled data/classification.config
    static Result<Classifications> load(const std::string& path);
};

struct ParseContext {
    const Vars* vars = nullptr;
    const Classifications* classes = nullptr;
    std::string file;                            // for messages
    uint32_t line = 0;
};

// Parse one rule (already joined if it spanned continuation lines).
// The error message is the reason only; callers add "file:line: sid N: ".
Result<Rule> parse_rule(std::string_view text, const ParseContext& ctx);

struct Rejection {
    std::string file;
    uint32_t line = 0;
    uint32_t sid = 0;             // 0 when it could not be read
    std::string reason;
    std::string to_string() const;  // "file:line: sid N: reason"
};

struct LoadResult {
    std::vector<Rule> rules;
    std::vector<Rejection> rejected;
};

// Load rule files in order. Comments and blank lines are skipped; a line ending in '\'
// continues on the next. A bad rule is recorded in `rejected` and loading goes on.
// Fails (Result error) only when a file cannot be opened or read.
Result<LoadResult> load_rule_files(const std::vector<std::string>& paths, const Vars& vars,
                                   const Classifications& classes);

// Same, for rules held in memory (tests, the evidence replay).
LoadResult load_rules_text(std::string_view text, const std::string& name, const Vars& vars,
                           const Classifications& classes);

}  // namespace vigie::rules
