#include "rules/check_report.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

namespace vigie::rules {

std::string reason_category(const std::string& reason) {
    std::string r = reason;
    if (auto p = r.find(" ("); p != std::string::npos) r.erase(p);
    if (r.rfind("unknown keyword", 0) == 0 || r.rfind("unsupported keyword", 0) == 0 ||
        r.rfind("needs ", 0) == 0 || r.rfind("app-layer protocol", 0) == 0 || r.rfind("undefined variable", 0) == 0)
        return r;
    std::string out;
    for (size_t i = 0; i < r.size(); ++i) {
        char c = r[i];
        if (c == '\'') {  // quoted value
            size_t end = r.find('\'', i + 1);
            if (end == std::string::npos) end = r.size() - 1;
            out += "'…'";
            i = end;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i + 1 < r.size() && std::isdigit(static_cast<unsigned char>(r[i + 1]))) ++i;
            out += 'N';
        } else {
            out += c;
        }
    }
    return out;
}

std::string check_report(const LoadResult& result) {
    std::map<std::string, size_t> counts;
    for (const auto& r : result.rejected) ++counts[reason_category(r.reason)];
    std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.second > b.second; });

    std::string out;
    if (!sorted.empty()) {
        out += "rejections by reason:\n";
        for (auto& [cat, n] : sorted) out += "  " + std::to_string(n) + "  " + cat + "\n";
        out += "rejected rules:\n";
        for (const auto& r : result.rejected) out += r.to_string() + "\n";
    }
    out += "accepted " + std::to_string(result.rules.size()) + ", rejected " + std::to_string(result.rejected.size()) +
           "\n";
    return out;
}

}  // namespace vigie::rules
