// The JSON API on the fixture store: every figure's numbers against the counts
// worked out by hand in fixtures/README.md, filters applied across views, and the
// errors a bad request gets.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "web/api.h"
#include "web_test_util.h"

using namespace vigie;
using namespace vigie::web;
using namespace vigie::web::test;
using nlohmann::json;

namespace {

const std::string kMal = "<script>alert(\"x\")</script><img src=x onerror=alert(1)> & 'q'";

class Api : public ::testing::Test {
protected:
    void SetUp() override {
        VIGIE_NEED_GEO();
        path_ = make_store("api");
        db_ = open_ro(path_);
        ASSERT_TRUE(db_);
    }
    json get(const std::string& path, const Params& p, int want_status = 200) {
        ApiResponse r = handle_api(*db_, path, p);
        EXPECT_EQ(r.status, want_status) << r.body;
        return json::parse(r.body);
    }
    // key column -> alerts, from /api/stats rows
    std::map<std::string, int64_t> stats(const std::string& by, Params p = {}) {
        p.emplace("by", by);
        json j = get("/api/stats", p);
        std::map<std::string, int64_t> out;
        std::string key = by;
        for (auto& c : key)
            if (c == '-') c = '_';
        for (const auto& r : j["rows"]) out[r[key].get<std::string>()] = r["alerts"].get<int64_t>();
        return out;
    }
    std::string path_;
    std::unique_ptr<store::Db> db_;
};

}  // namespace

TEST_F(Api, CountsBySourceCountryAndSector) {
    EXPECT_EQ(stats("source-country"),
              (std::map<std::string, int64_t>{{"FR", 4}, {"US", 2}, {"CN", 1}, {"DE", 1}, {"private", 1}}));
    EXPECT_EQ(stats("target-sector"),
              (std::map<std::string, int64_t>{{"aerospace", 4}, {"energy", 3}, {"government", 1}, {"unknown", 1}}));
    auto sig = stats("signature");
    EXPECT_EQ(sig[kMal], 3);
    EXPECT_EQ(sig["ET SCAN probe"], 3);
    EXPECT_EQ(sig["SSH brute force"], 2);
    EXPECT_EQ(sig["GOV probe"], 1);
    // Rows come biggest first: the chart's order.
    json j = get("/api/stats", {{"by", "source-country"}});
    EXPECT_EQ(j["rows"][0]["source_country"], "FR");
    EXPECT_EQ(j["rows"][0]["country_name"], "France");
}

TEST_F(Api, SummaryCountsEverything) {
    json s = get("/api/summary", {});
    EXPECT_EQ(s["alerts"], 9);
    EXPECT_EQ(s["first_seen"], "2024-01-10T10:00:00Z");
    EXPECT_EQ(s["last_seen"], "2024-05-10T00:00:00Z");
    EXPECT_EQ(s["countries"], 5);
    EXPECT_EQ(s["signatures"], 4);
    EXPECT_EQ(s["with_evidence"], 4);
    EXPECT_EQ(s["captures"], 1);
}

TEST_F(Api, MonthlySeriesBySectorHasNoGaps) {
    json j = get("/api/series", {{"by", "target-sector"}});
    EXPECT_EQ(j["months"], json({"2024-01", "2024-02", "2024-03", "2024-04", "2024-05"}));
    std::map<std::string, json> lines;
    for (const auto& l : j["series"]) lines[l["key"].get<std::string>()] = l["counts"];
    EXPECT_EQ(lines["aerospace"], json({1, 3, 0, 0, 0}));
    EXPECT_EQ(lines["energy"], json({1, 0, 2, 0, 0}));
    EXPECT_EQ(lines["government"], json({0, 0, 0, 0, 1}));
    EXPECT_EQ(lines["unknown"], json({0, 0, 0, 0, 1}));
    EXPECT_EQ(j["series"][0]["key"], "aerospace");  // biggest first
}

TEST_F(Api, SeriesFoldsBeyondTop) {
    json j = get("/api/series", {{"by", "source-country"}, {"top", "2"}});
    ASSERT_EQ(j["series"].size(), 3u);
    EXPECT_EQ(j["series"][0]["key"], "FR");
    EXPECT_EQ(j["series"][1]["key"], "US");
    EXPECT_EQ(j["series"][2]["key"], "(other)");
    EXPECT_EQ(j["series"][2]["total"], 3);  // CN, DE, private
    EXPECT_EQ(j["folded_keys"], 3);
}

TEST_F(Api, TimeFilterAppliesToEveryView) {
    Params range{{"since", "2024-02"}, {"until", "2024-05"}};
    EXPECT_EQ(stats("source-country", range),
              (std::map<std::string, int64_t>{{"FR", 2}, {"US", 1}, {"DE", 1}, {"private", 1}}));
    EXPECT_EQ(get("/api/summary", range)["alerts"], 5);
    json s = get("/api/series", {{"by", "target-sector"}, {"since", "2024-02"}, {"until", "2024-05"}});
    EXPECT_EQ(s["months"], json({"2024-02", "2024-03"}));
    EXPECT_EQ(get("/api/alerts", range)["total"], 5);
}

TEST_F(Api, AlertsBehindAFigureCarryEvidenceIds) {
    json j = get("/api/alerts", {{"country", "FR"}, {"sector", "aerospace"}});
    EXPECT_EQ(j["total"], 3);
    ASSERT_EQ(j["alerts"].size(), 3u);
    EXPECT_EQ(j["alerts"][0]["timestamp"], "2024-01-20T11:00:00Z");  // oldest first
    EXPECT_EQ(j["alerts"][0]["evidence_id"], "e1.1");
    EXPECT_TRUE(j["alerts"][1]["evidence_id"].is_null());
    EXPECT_EQ(j["alerts"][2]["evidence_id"], "e1.2");
    EXPECT_EQ(j["alerts"][2]["evidence_record_sha256"], std::string(63, '0') + "4");
    EXPECT_EQ(j["alerts"][0]["attacker_ip"], "193.51.224.1");
    EXPECT_EQ(j["alerts"][0]["attacker_asn"], 2200);
    EXPECT_EQ(j["alerts"][0]["target_org"], "Orbital Lab");
    EXPECT_EQ(j["alerts"][0]["signature"], kMal);
    EXPECT_EQ(j["alerts"][0]["capture_sha256"].get<std::string>().size(), 64u);
}

TEST_F(Api, SignatureFilterAndPaging) {
    json j = get("/api/alerts", {{"signature", "ET SCAN probe"}, {"limit", "2"}, {"offset", "1"}});
    EXPECT_EQ(j["total"], 3);
    ASSERT_EQ(j["alerts"].size(), 2u);
    EXPECT_EQ(j["alerts"][0]["timestamp"], "2024-03-01T00:00:00Z");
    EXPECT_EQ(j["alerts"][1]["attacker_country"], "DE");
    EXPECT_EQ(stats("target-sector", {{"signature", "ET SCAN probe"}}),
              (std::map<std::string, int64_t>{{"energy", 3}}));
}

TEST_F(Api, EmptyParametersMeanUnset) {
    // The dashboard's form sends every field.
    EXPECT_EQ(get("/api/summary", {{"country", ""}, {"since", ""}, {"campaign", ""}})["alerts"], 9);
}

TEST_F(Api, BadRequestsAreRefusedWithTheReason) {
    EXPECT_EQ(get("/api/stats", {}, 400)["error"], "by: required (e.g. by=source-country)");
    EXPECT_NE(get("/api/stats", {{"by", "colour"}}, 400)["error"].get<std::string>().find("colour"), std::string::npos);
    EXPECT_NE(get("/api/series", {{"by", "month"}}, 400)["error"].get<std::string>().find("month"), std::string::npos);
    EXPECT_EQ(get("/api/alerts", {{"limit", "0"}}, 400)["error"], "limit: expects 1-10000");
    EXPECT_EQ(get("/api/alerts", {{"limit", "12x"}}, 400)["error"], "limit: expects 1-10000");
    EXPECT_EQ(get("/api/alerts", {{"since", "last tuesday"}}, 400)["error"], "since: cannot read time 'last tuesday'");
    EXPECT_EQ(get("/api/alerts", {{"campaign", "seven"}}, 400)["error"], "campaign: expects a campaign id, got 'seven'");
    EXPECT_EQ(get("/api/alerts", {{"colour", "red"}}, 400)["error"], "unknown parameter 'colour'");
    EXPECT_EQ(get("/api/nothing", {}, 404)["error"], "no such endpoint: /api/nothing");
}

TEST_F(Api, FilterValuesNeverReachSqlText) {
    // A quote in a filter value is data, matched literally.
    EXPECT_EQ(get("/api/alerts", {{"country", "FR' OR '1'='1"}})["total"], 0);
    EXPECT_EQ(get("/api/alerts", {{"signature", kMal}})["total"], 3);
}
