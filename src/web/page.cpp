#include "web/page.h"

#include "web/assets.h"

namespace vigie::web {

const char* const kProvenanceNotice =
    "Source addresses are as observed on the wire. They can be spoofed, and attacks are often relayed "
    "through proxies, VPNs and compromised hosts: a country or network here is where the packets said they "
    "came from, not proof of who sent them. Vigie counts what it saw, and shows the proof: every figure "
    "leads to its alerts and to the evidence records behind them (check a record with "
    "<code>vigie evidence verify</code>).";

namespace {

// Inline <script> content must not contain "</script"; Chart.js and app.js do not,
// and this keeps it that way if either changes.
std::string inline_script(std::string_view js) {
    std::string s(js);
    for (size_t p = 0; (p = s.find("</script", p)) != std::string::npos;) s.replace(p, 2, "<\\/");
    return "<script>" + s + "</script>\n";
}

void figure(std::string& out, const char* key, const char* title, const char* extra = "") {
    out += "<section class=\"figure\" id=\"fig-" + std::string(key) + "\">\n<h2>" + title + "</h2>\n" + extra +
           "<div class=\"chart\"><canvas id=\"chart-" + key + "\" role=\"img\" aria-label=\"" + title +
           "\"></canvas></div>\n<ul class=\"keys\" id=\"keys-" + key + "\"></ul>\n</section>\n";
}

const char* kFilterForm = R"(<form id="filters">
<label>since <input name="since" placeholder="2024-01"></label>
<label>until <input name="until" placeholder="2025"></label>
<label>source country <input name="country" placeholder="FR" size="8"></label>
<label>target sector <input name="sector" placeholder="energy" size="10"></label>
<label>signature <input name="signature" size="24"></label>
<label>campaign <input name="campaign" size="5"></label>
<button type="submit">Apply</button>
</form>
<p class="error" id="error"></p>
)";

}  // namespace

std::string render_page(const PageContent& c) {
    const bool report = c.mode == PageMode::report;
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    if (report) {
        // The report may load nothing from anywhere: it is one file, and a reader
        // opening it must not be tracked or fed remote code.
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
               "'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n";
        out += "<title>Vigie report</title>\n<style>\n" + std::string(style_css()) + "</style>\n";
    } else {
        out += "<title>Vigie dashboard</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n";
    }
    out += std::string("</head>\n<body data-mode=\"") + (report ? "report" : "dashboard") + "\" data-rendered=\"0\">\n";
    out += std::string("<header>\n<h1>Vigie: who attacks whom</h1>\n<p class=\"meta\">") + c.meta_html + "</p>\n</header>\n";
    out += std::string("<p class=\"notice\" id=\"provenance\">") + kProvenanceNotice + "</p>\n";
    if (!report) out += kFilterForm;
    out += "<section><h2>Summary</h2><dl id=\"summary\"></dl></section>\n";
    figure(out, "country", "Attacks by source country");
    figure(out, "sector", "Attacks by target sector, per month");
    figure(out, "campaigns", "Top campaigns on a timeline", "<p class=\"note\" id=\"campaigns-note\"></p>\n");
    figure(out, "signatures", "Top signatures");
    out += "<section id=\"alerts\">\n<h2>The alerts behind the figures</h2>\n";
    if (report) {
        out += c.evidence_html;
    } else {
        out += "<p class=\"note\">Click a bar or a key under a figure to list its alerts and evidence ids.</p>\n"
               "<p id=\"alerts-status\"></p><div id=\"alerts-list\"></div>\n";
    }
    out += "</section>\n<p class=\"hidden-status\" id=\"status\"></p>\n";
    if (report) {
        out += "<script type=\"application/json\" id=\"vigie-data\">" + c.data_json + "</script>\n";
        out += inline_script(chart_js());
        out += inline_script(app_js());
    } else {
        out += "<script src=\"/assets/chart.umd.js\"></script>\n<script src=\"/assets/app.js\"></script>\n";
    }
    out += "</body>\n</html>\n";
    return out;
}

}  // namespace vigie::web
