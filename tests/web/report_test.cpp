// The HTML report: one file that needs no network, with database text escaped
// (the fixture's signature 1002 is an injection attempt), the provenance notice,
// and each figure's keys linked to a table of their alerts and evidence ids.
#include <gtest/gtest.h>

#include <regex>

#include "web/html.h"
#include "web/report.h"
#include "web_test_util.h"

using namespace vigie;
using namespace vigie::web;
using namespace vigie::web::test;

namespace {

const std::string kMal = "<script>alert(\"x\")</script><img src=x onerror=alert(1)> & 'q'";

size_t count(const std::string& hay, const std::string& needle) {
    size_t n = 0;
    for (size_t p = 0; (p = hay.find(needle, p)) != std::string::npos; p += needle.size()) ++n;
    return n;
}

class Report : public ::testing::Test {
protected:
    void SetUp() override {
        VIGIE_NEED_GEO();
        db_ = open_ro(make_store("report"));
        ASSERT_TRUE(db_);
        ReportOptions o;
        o.store_name = "<i>store</i>.db";
        o.generated_at = "2026-01-01T00:00:00Z";
        auto html = build_report(*db_, o);
        ASSERT_TRUE(html) << html.error();
        html_ = *html;
    }
    std::unique_ptr<store::Db> db_;
    std::string html_;
};

}  // namespace

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
    EXPECT_EQ(html_escape(kMal),
              "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;");
    EXPECT_EQ(html_escape("plain ASCII / é"), "plain ASCII / é");
}

TEST(ScriptJson, CannotCloseTheScriptElement) {
    const std::string s = script_json(nlohmann::ordered_json{{"sig", kMal + "<!-- </SCRIPT>"}});
    EXPECT_EQ(s.find('<'), std::string::npos) << s;
    EXPECT_EQ(s.find('>'), std::string::npos) << s;
    // Still the same JSON for the page's parser.
    EXPECT_EQ(nlohmann::json::parse(s)["sig"], kMal + "<!-- </SCRIPT>");
    // Invalid UTF-8 from a capture is replaced rather than throwing.
    EXPECT_NO_THROW(script_json(nlohmann::ordered_json{{"ua", std::string("a\xff\xfe")}}));
}

TEST_F(Report, MaliciousSignatureIsEscapedEverywhere) {
    EXPECT_EQ(html_.find(kMal), std::string::npos);
    EXPECT_EQ(html_.find("<img src=x"), std::string::npos);
    EXPECT_EQ(html_.find("alert(\"x\")</script>"), std::string::npos);
    // Shown escaped in its evidence table (title and 3 rows), and as \u003c in the data.
    EXPECT_GE(count(html_, html_escape(kMal)), 4u);
    EXPECT_NE(html_.find("\\u003cscript\\u003ealert(\\\"x\\\")\\u003c/script\\u003e"), std::string::npos);
    EXPECT_NE(html_.find("&lt;i&gt;store&lt;/i&gt;.db"), std::string::npos);
    // Exactly the page's own scripts: data, Chart.js, app.js.
    EXPECT_EQ(count(html_, "<script"), 3u);
    EXPECT_EQ(count(html_, "</script>"), 3u);
}

TEST_F(Report, IsSelfContained) {
    // No element loads anything: no src= or href= to another origin, no stylesheet link.
    std::regex remote(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
    EXPECT_FALSE(std::regex_search(html_, remote));
    EXPECT_EQ(html_.find("<link"), std::string::npos);
    EXPECT_EQ(html_.find("<script src"), std::string::npos);
    EXPECT_NE(html_.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
    EXPECT_NE(html_.find("Chart.js v4.4.1"), std::string::npos);  // the library itself is inlined
}

TEST_F(Report, StatesThatSourcesAreAsObserved) {
    EXPECT_NE(html_.find("Source addresses are as observed"), std::string::npos);
    EXPECT_NE(html_.find("spoofed"), std::string::npos);
    EXPECT_NE(html_.find("shows the proof"), std::string::npos);
}

TEST_F(Report, EachFigureKeyHasAnAnchoredEvidenceTable) {
    // Countries by alerts: FR first -> ev-country-0, 4 alerts, with its evidence ids.
    const auto fr = html_.find("<section class=\"evidence\" id=\"ev-country-0\">");
    ASSERT_NE(fr, std::string::npos);
    const std::string section = html_.substr(fr, html_.find("</section>", fr) - fr);
    EXPECT_NE(section.find("Source country FR (France): 4 alerts"), std::string::npos) << section;
    EXPECT_EQ(count(section, "<tr>"), 5u);  // header + 4 alerts
    EXPECT_NE(section.find("<td>e1.1</td>"), std::string::npos);
    EXPECT_NE(section.find("<td>e1.2</td>"), std::string::npos);
    // The data tells the script where each bar leads.
    EXPECT_NE(html_.find("\"anchors\":{\"country\":{\"FR\":\"ev-country-0\""), std::string::npos);
    EXPECT_NE(html_.find("id=\"ev-sector-0\""), std::string::npos);
    EXPECT_NE(html_.find("id=\"ev-signature-0\""), std::string::npos);
    // No campaign in this store (not grouped; or schema 1, no tables): said plainly.
    EXPECT_TRUE(html_.find("No campaign has alerts") != std::string::npos ||
                html_.find("no campaigns yet") != std::string::npos);
}

TEST_F(Report, FilterAndPerItemLimitApply) {
    ReportOptions o;
    o.filter.since_us = 1706745600000000;  // 2024-02-01
    o.alerts_per_item = 1;
    auto html = build_report(*db_, o);
    ASSERT_TRUE(html) << html.error();
    EXPECT_NE(html->find("Source country FR (France): 3 alerts"), std::string::npos);
    EXPECT_NE(html->find("The first 1 of 3 are listed"), std::string::npos);
    EXPECT_EQ(html->find("<td>e1.0</td>"), std::string::npos);  // January, filtered out
}

TEST(ReportCampaigns, CampaignsGetATimelineAndEvidenceTables) {
    VIGIE_NEED_GEO();
    auto db = open_ro(make_campaign_store("report-v2"));
    ASSERT_TRUE(db);
    auto html = build_report(*db, ReportOptions{});
    ASSERT_TRUE(html) << html.error();
    // Campaign 1 has the most alerts: first section, label escaped.
    const auto at = html->find("<section class=\"evidence\" id=\"ev-campaign-0\">");
    ASSERT_NE(at, std::string::npos);
    const std::string section = html->substr(at, html->find("</section>", at) - at);
    EXPECT_NE(section.find("Campaign #1 AS2200 / &lt;b&gt;MAL&lt;/b&gt;: 3 alerts"), std::string::npos) << section;
    EXPECT_NE(html->find("id=\"ev-campaign-1\""), std::string::npos);
    EXPECT_EQ(html->find("<b>MAL</b>"), std::string::npos);
    EXPECT_NE(html->find("\"campaign\":{\"1\":\"ev-campaign-0\",\"2\":\"ev-campaign-1\"}"), std::string::npos);
    EXPECT_EQ(html->find("no campaigns yet"), std::string::npos);
}
