// Rule compilation: turn one parsed rule into a CompiledRule, or say why the engine
// cannot evaluate it. Shared resources (interned variable names, compiled regexes)
// live in the CompileContext, owned by the rule set.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "detect/compiled_rule.h"
#include "detect/pcre_program.h"

namespace vigie::detect {

struct CompileContext {
    std::unordered_map<std::string, uint32_t> flowbits, flowints;
    std::map<std::pair<std::string, uint32_t>, std::unique_ptr<PcreProgram>> pcres;  // (pattern, options)
    uint32_t max_pcre_pairs = 1;
    uint32_t max_vars = 0;
    // App-layer (buffer, transforms) pairs, interned: CompiledList::kind indexes here.
    std::vector<AppKind> kinds;
    std::map<std::string, uint16_t> kind_index;
    // filemd5 / filesha1 / filesha256 lists by path, loaded once.
    std::map<std::string, std::shared_ptr<const HashList>> hash_lists;

    // A compiled regex shared by every rule using the same pattern and options.
    Result<const PcreProgram*> regex(const std::string& pattern, uint32_t options);
    // The kind of (buffer, transforms); an error names a transform it cannot apply.
    Result<uint16_t> intern_kind(const AppBufferInfo& buffer, const std::vector<std::string>& transforms);
};

// Empty on success, otherwise the reason ("buffer http.uri not available", ...).
// `out->id` and `out->rank` ordering are set later, once all rules are known.
std::string compile_rule(const rules::Rule& r, CompileContext& ctx, CompiledRule* out);

// Rules whose content keywords are anchored to absolute positions (depth, offset,
// startswith): Suricata's "packet-stream" type. Exposed for tests.
bool is_anchored(const rules::BufferMatches& b);

}  // namespace vigie::detect
