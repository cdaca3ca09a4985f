// ET Open through the whole compiler: acceptance (parser and detection refusals
// together), build time and the size of what was built. Skipped without the ruleset.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>

#include "detect/detector.h"
#include "rules/check_report.h"
#include "rules/parser.h"

namespace vigie::detect {
namespace {

namespace fs = std::filesystem;

TEST(EtOpenDetect, CompilesAtLeast97Percent) {
    const fs::path dir = fs::path(VIGIE_SHARED_DIR) / "data/rules/et-open";
    std::vector<std::string> files;
    if (fs::is_directory(dir))
        for (auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".rules") files.push_back(e.path().string());
    if (files.empty()) GTEST_SKIP() << "ET Open not found under " << dir;
    std::sort(files.begin(), files.end());

    const auto t0 = std::chrono::steady_clock::now();
    auto loaded = rules::load_rule_files(files, rules::Vars::suricata_defaults(), rules::Classifications::builtin());
    ASSERT_TRUE(loaded.ok()) << loaded.error();
    const size_t total = loaded->rules.size() + loaded->rejected.size();
    const size_t parse_rejected = loaded->rejected.size();
    const auto t1 = std::chrono::steady_clock::now();
    std::vector<CompileRejection> refused;
    auto det = Detector::build(std::move(loaded->rules), DetectConfig{}, &refused);
    ASSERT_TRUE(det.ok()) << det.error();
    const auto t2 = std::chrono::steady_clock::now();

    const BuildStats s = (*det)->build_stats();
    std::map<std::string, size_t> reasons;
    for (const auto& r : loaded->rejected) ++reasons[rules::reason_category(r.reason)];
    for (const auto& r : refused) ++reasons[rules::reason_category(r.reason)];
    std::vector<std::pair<size_t, std::string>> top;
    for (auto& [why, n] : reasons) top.emplace_back(n, why);
    std::sort(top.rbegin(), top.rend());
    const double ratio = double(s.rules) / double(total);
    std::cout << "[ ET Open compiled ] " << s.rules << " / " << total << " = " << ratio * 100 << "% ("
              << parse_rejected << " refused by the parser, " << refused.size() << " by detection)\n";
    for (size_t i = 0; i < top.size() && i < 12; ++i) std::cout << "  " << top[i].first << "  " << top[i].second << "\n";
    std::cout << "  parse " << std::chrono::duration<double>(t1 - t0).count() << " s, build " << s.seconds
              << " s; app rules " << s.app_rules << ", buffer kinds " << s.app_kinds << ", databases "
              << s.hs_databases << ", patterns " << s.fast_patterns << ", without prefilter "
              << s.rules_without_prefilter << "; total " << std::chrono::duration<double>(t2 - t0).count() << " s\n";
    EXPECT_GE(ratio, 0.97);
    // Time is reported above, not asserted: speed belongs in benchmarks (make bench).
}

}  // namespace
}  // namespace vigie::detect
