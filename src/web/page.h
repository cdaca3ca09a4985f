// The one page both views share: header, the provenance notice, the filter form
// (dashboard), the four figures with their key lists, and where the alerts behind a
// figure go. The report inlines the style, Chart.js, the script and its data, so the
// file opens offline; the dashboard links them from the server (/assets/...), which
// lets it forbid inline scripts (Content-Security-Policy).
#pragma once
#include <string>

namespace vigie::web {

enum class PageMode { report, dashboard };

struct PageContent {
    PageMode mode = PageMode::report;
    std::string meta_html;      // the line under the title, already escaped
    std::string data_json;      // report: the views (script_json), embedded
    std::string evidence_html;  // report: the alert tables behind each figure, escaped
};

std::string render_page(const PageContent& c);

// The sentence the report and the dashboard state about source addresses.
extern const char* const kProvenanceNotice;

}  // namespace vigie::web
