// The link reasons of a campaign, summarised for partners (STIX campaign
// description, MISP campaign object): each distinct reason item once with the
// number of links that gave it, so a campaign of 200 links reads in one line.
#include <algorithm>
#include <map>

#include "intel/export_model.h"

namespace vigie::intel {

namespace {

constexpr size_t kMaxItems = 8;  // the rest is counted, not listed

}  // namespace

std::string summarize_link_reasons(const ObservedCampaign& c, const ExportPolicy& policy) {
    // A reason is "item; item; ..." (link_evidence.cpp describe()); items are
    // scrubbed first so two internal /24s count as one "[internal]" item.
    std::map<std::string, int64_t> items;
    for (const auto& reason : c.link_reasons) {
        size_t start = 0;
        while (start < reason.size()) {
            size_t end = reason.find("; ", start);
            if (end == std::string::npos) end = reason.size();
            if (end > start) ++items[policy.scrub(reason.substr(start, end - start))];
            start = end + 2;
        }
    }
    std::vector<std::pair<std::string, int64_t>> sorted(items.begin(), items.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string out = std::to_string(c.link_reasons.size()) + " links";
    for (size_t i = 0; i < sorted.size() && i < kMaxItems; ++i)
        out += (i ? "; " : ": ") + sorted[i].first + " (" + std::to_string(sorted[i].second) + ")";
    if (sorted.size() > kMaxItems) out += "; " + std::to_string(sorted.size() - kMaxItems) + " other reasons";
    return out;
}

}  // namespace vigie::intel
