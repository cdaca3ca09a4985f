// Campaign views on both schemas: a store without the campaigns tables (version 1)
// gives empty views and a note, never an error; a store with them (the tables as
// agreed with the campaign stage, filled here by hand) gives the campaigns, their
// timeline and their alerts, filters included.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "web/api.h"
#include "web_test_util.h"

using namespace vigie;
using namespace vigie::web;
using namespace vigie::web::test;
using nlohmann::json;

namespace {

json get(store::Db& db, const std::string& path, const Params& p) {
    ApiResponse r = handle_api(db, path, p);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
}

}  // namespace

TEST(Campaigns, SchemaOneStoreGivesEmptyViewsWithANote) {
    VIGIE_NEED_GEO();
    const std::string path = make_store("v1");
    // A Vigie whose migrations already create the campaign tables: back to version 1.
    exec(path, "DROP TABLE IF EXISTS campaign_links; DROP TABLE IF EXISTS incidents; DROP TABLE IF EXISTS campaigns;");
    auto db = open_ro(path);
    ASSERT_TRUE(db);
    json c = get(*db, "/api/campaigns", {});
    EXPECT_FALSE(c["available"]);
    EXPECT_TRUE(c["campaigns"].empty());
    EXPECT_NE(c["note"].get<std::string>().find("no campaigns yet"), std::string::npos) << c["note"];
    json s = get(*db, "/api/summary", {});
    EXPECT_FALSE(s["campaigns_available"]);
    EXPECT_EQ(s["alerts"], 9);
    // A campaign filter on a store without campaigns matches nothing, without error.
    EXPECT_EQ(get(*db, "/api/alerts", {{"campaign", "1"}})["total"], 0);
    EXPECT_TRUE(get(*db, "/api/stats", {{"by", "source-country"}, {"campaign", "1"}})["rows"].empty());
}

TEST(Campaigns, SchemaTwoStoreListsCampaignsAndFiltersByThem) {
    VIGIE_NEED_GEO();
    const std::string path = make_campaign_store("v2");
    auto db = open_ro(path);
    ASSERT_TRUE(db);
    json c = get(*db, "/api/campaigns", {});
    EXPECT_TRUE(c["available"]);
    ASSERT_EQ(c["campaigns"].size(), 2u);
    EXPECT_EQ(c["campaigns"][0]["id"], 1);  // most alerts first
    EXPECT_EQ(c["campaigns"][0]["label"], "AS2200 / <b>MAL</b>");
    EXPECT_EQ(c["campaigns"][0]["alerts"], 3);
    EXPECT_EQ(c["campaigns"][0]["first_seen"], "2024-01-20T11:00:00Z");
    EXPECT_EQ(c["campaigns"][0]["last_seen"], "2024-02-15T12:00:00Z");
    EXPECT_EQ(c["campaigns"][1]["id"], 2);
    EXPECT_EQ(c["campaigns"][1]["alerts"], 2);

    // From February: campaign 1 keeps 2 alerts (Feb 2, Feb 15), campaign 2 one (Mar 1).
    json f = get(*db, "/api/campaigns", {{"since", "2024-02"}});
    ASSERT_EQ(f["campaigns"].size(), 2u);
    EXPECT_EQ(f["campaigns"][0]["alerts"], 2);
    EXPECT_EQ(f["campaigns"][1]["alerts"], 1);
    EXPECT_EQ(f["campaigns"][1]["first_match_us"], kC2Last);

    json a = get(*db, "/api/alerts", {{"campaign", "2"}});
    EXPECT_EQ(a["total"], 2);
    EXPECT_EQ(a["alerts"][0]["campaign_id"], 2);
    EXPECT_EQ(a["alerts"][0]["attacker_ip"], "8.8.8.8");
    json st = get(*db, "/api/stats", {{"by", "target-sector"}, {"campaign", "1"}});
    ASSERT_EQ(st["rows"].size(), 1u);
    EXPECT_EQ(st["rows"][0]["target_sector"], "aerospace");
    EXPECT_EQ(st["rows"][0]["alerts"], 3);
    json s = get(*db, "/api/summary", {});
    EXPECT_TRUE(s["campaigns_available"]);
    EXPECT_EQ(s["campaigns"], 2);
}
