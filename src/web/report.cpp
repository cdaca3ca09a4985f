#include "web/report.h"

#include <ctime>
#include <tuple>
#include <vector>

#include "web/api_json.h"
#include "web/html.h"
#include "web/page.h"

namespace vigie::web {

namespace {

std::string now_utc() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string cell(const Json& v) {
    if (v.is_null()) return "<td>-</td>";
    return "<td>" + html_escape(v.is_string() ? v.get<std::string>() : v.dump()) + "</td>";
}

// One evidence table: the alerts matching the figure's filter plus one key.
Result<std::string> evidence_section(store::Db& db, const ReportOptions& o, const std::string& anchor,
                                     const std::string& title, const store::AlertFilter& f) {
    ViewQuery q;
    q.filter = f;
    q.limit = o.alerts_per_item;
    auto v = alerts_view(db, q);
    if (!v) return make_error(v.error());
    const Json& j = *v;
    const int64_t total = j["total"].get<int64_t>();
    std::string out = "<section class=\"evidence\" id=\"" + anchor + "\">\n<h3>" + html_escape(title) + ": " +
                      std::to_string(total) + " alerts</h3>\n";
    if (total > static_cast<int64_t>(j["alerts"].size()))
        out += "<p class=\"note\">The first " + std::to_string(j["alerts"].size()) + " of " + std::to_string(total) +
               " are listed; <code>vigie serve</code> lists them all (/api/alerts).</p>\n";
    out += "<table>\n<tr><th>time</th><th>attacker</th><th>country</th><th>AS</th><th>target</th><th>organisation"
           "</th><th>sector</th><th>signature</th><th>gid:sid</th><th>evidence id</th><th>record SHA-256</th>"
           "<th>capture SHA-256</th></tr>\n";
    for (const auto& a : j["alerts"]) {
        out += "<tr>" + cell(a["timestamp"]) + cell(a["attacker_ip"]) + cell(a["attacker_country"]) +
               cell(a["attacker_asn"]) + cell(a["target_ip"]) + cell(a["target_org"]) + cell(a["target_sector"]) +
               cell(a["signature"]) + "<td>" + a["gid"].dump() + ":" + a["sid"].dump() + "</td>" +
               cell(a["evidence_id"]) + cell(a["evidence_record_sha256"]) + cell(a["capture_sha256"]) + "</tr>\n";
    }
    out += "</table>\n</section>\n";
    return out;
}

// One figure's tables: for each key, its anchor goes into `anchors` (the script
// links bars to it) and its table into `html`.
struct FigureKey {
    std::string key, title;
    store::AlertFilter filter;
};

Result<void> figure_evidence(store::Db& db, const ReportOptions& o, const std::string& fig, const std::string& heading,
                             const std::vector<FigureKey>& keys, Json& anchors, std::string& html) {
    html += "<h2 class=\"evidence-figure\">" + heading + "</h2>\n";
    if (keys.empty()) html += "<p class=\"note\">Nothing to list.</p>\n";
    anchors[fig] = Json::object();
    for (size_t i = 0; i < keys.size(); ++i) {
        const std::string anchor = "ev-" + fig + "-" + std::to_string(i);  // never database text
        anchors[fig][keys[i].key] = anchor;
        auto s = evidence_section(db, o, anchor, keys[i].title, keys[i].filter);
        if (!s) return make_error(s.error());
        html += *s;
    }
    return {};
}

}  // namespace

Result<std::string> build_report(store::Db& db, const ReportOptions& o) {
    ViewQuery q;
    q.filter = o.filter;
    Json data;
    auto summary = summary_view(db, q);
    if (!summary) return make_error(summary.error());
    data["summary"] = *summary;

    q.by = "source-country";
    q.limit = o.countries;
    auto country = stats_view(db, q);
    if (!country) return make_error(country.error());
    data["country"] = *country;

    q.by = "target-sector";
    q.top = 12;
    auto sector = series_view(db, q);
    if (!sector) return make_error(sector.error());
    data["sector"] = *sector;

    q.limit = o.campaigns;
    auto campaigns = campaigns_view(db, q);
    if (!campaigns) return make_error(campaigns.error());
    data["campaigns"] = *campaigns;

    q.by = "signature";
    q.limit = o.signatures;
    auto signatures = stats_view(db, q);
    if (!signatures) return make_error(signatures.error());
    data["signatures"] = *signatures;

    std::vector<FigureKey> ck, sk, cmk, sigk;
    for (const auto& r : (*country)["rows"]) {
        FigureKey k{r["source_country"].get<std::string>(), "Source country " + r["source_country"].get<std::string>(), o.filter};
        if (!r["country_name"].get<std::string>().empty()) k.title += " (" + r["country_name"].get<std::string>() + ")";
        k.filter.country = k.key;
        ck.push_back(std::move(k));
    }
    for (const auto& l : (*sector)["series"]) {
        if (l["key"] == "(other)") continue;
        FigureKey k{l["key"].get<std::string>(), "Target sector " + l["key"].get<std::string>(), o.filter};
        k.filter.sector = k.key;
        sk.push_back(std::move(k));
    }
    for (const auto& c : (*campaigns)["campaigns"]) {
        const std::string id = std::to_string(c["id"].get<int64_t>());
        FigureKey k{id, "Campaign #" + id + " " + c["label"].get<std::string>(), o.filter};
        k.filter.campaign_id = c["id"].get<int64_t>();
        cmk.push_back(std::move(k));
    }
    for (const auto& r : (*signatures)["rows"]) {
        FigureKey k{r["signature"].get<std::string>(), "Signature " + r["signature"].get<std::string>() + " [" + r["gid"].dump() + ":" +
                                        r["sid"].dump() + "]",
                    o.filter};
        k.filter.signature = k.key;
        sigk.push_back(std::move(k));
    }
    Json anchors = Json::object();
    std::string evidence;
    for (auto [fig, heading, keys] : {std::tuple{"country", "By source country", &ck},
                                      std::tuple{"sector", "By target sector", &sk},
                                      std::tuple{"campaign", "By campaign", &cmk},
                                      std::tuple{"signature", "By signature", &sigk}}) {
        if (auto r = figure_evidence(db, o, fig, heading, *keys, anchors, evidence); !r) return make_error(r.error());
    }
    data["anchors"] = anchors;

    PageContent page;
    page.mode = PageMode::report;
    Json f = filter_json(o.filter);
    page.meta_html = "Store " + html_escape(o.store_name) + " &middot; generated " +
                     html_escape(o.generated_at.empty() ? now_utc() : o.generated_at) + " &middot; filter " +
                     html_escape(f.empty() ? "none" : body_json(f));
    page.data_json = script_json(data);
    page.evidence_html = evidence;
    return render_page(page);
}

}  // namespace vigie::web
