#include "cli/rules_check.h"

#include <cstdio>

#include "detect/detector.h"
#include "rules/check_report.h"
#include "rules/parser.h"

namespace vigie::cli {

int rules_check_command(const std::vector<std::string>& files, const RunConfig& cfg, bool show_groups, bool quiet) {
    rules::Classifications classes = rules::Classifications::builtin();
    if (!cfg.classification_file.empty()) {
        auto c = rules::Classifications::load(cfg.classification_file);
        if (!c) {
            std::fprintf(stderr, "vigie: error: %s\n", c.error().c_str());
            return 1;
        }
        classes = std::move(*c);
    }
    auto loaded = rules::load_rule_files(files, cfg.vars, classes);
    if (!loaded) {
        std::fprintf(stderr, "vigie: error: %s\n", loaded.error().c_str());
        return 1;
    }
    // The detection compiler has the last word: a rule the parser accepts may still
    // need something the engine cannot evaluate yet. Its refusals join the report.
    rules::LoadResult result;
    result.rejected = std::move(loaded->rejected);
    std::vector<detect::CompileRejection> refused;
    detect::DetectConfig dcfg;
    auto det = detect::Detector::build(std::move(loaded->rules), dcfg, &refused);
    if (!det) {
        std::fprintf(stderr, "vigie: error: %s\n", det.error().c_str());
        return 1;
    }
    for (auto& cr : refused) result.rejected.push_back({cr.rule.file, cr.rule.line, cr.rule.sid, cr.reason});
    result.rules = (*det)->rules();
    std::string report = rules::check_report(result);
    if (quiet) {
        // Keep the summary (counts by reason and the last line), drop per-rule lines.
        std::string kept;
        size_t pos = 0;
        while (pos < report.size()) {
            size_t nl = report.find('\n', pos);
            std::string line = report.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
            pos = nl == std::string::npos ? report.size() : nl + 1;
            bool per_rule = line.find(": sid ") != std::string::npos;
            if (!per_rule) kept += line + "\n";
        }
        report = kept;
    }
    std::fputs(report.c_str(), stdout);
    if (show_groups) {
        const auto bs = (*det)->build_stats();
        std::printf("groups %u, hyperscan databases %u, fast patterns %u, rules without prefilter %u, build %.2f s\n",
                    bs.groups, bs.hs_databases, bs.fast_patterns, bs.rules_without_prefilter, bs.seconds);
    }
    return 0;
}

}  // namespace vigie::cli
