// The attacker-side decision written as vigie.attacker_side / vigie.side_reason,
// and the vigie.source / vigie.target members, read back with nlohmann.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "output/alert_enrichment.h"

using namespace vigie;
using output::decide_attacker_side;

namespace {
rules::Rule rule_with_flow(bool to_server, bool to_client) {
    rules::Rule r;
    r.has_flow = true;
    r.flow.to_server = to_server;
    r.flow.to_client = to_client;
    return r;
}
}  // namespace

TEST(AttackerSide, DefaultIsThePacketSource) {
    rules::Rule r;
    auto s = decide_attacker_side(r, true, false);
    EXPECT_TRUE(s.attacker_is_src);
    EXPECT_STREQ(s.reason, "default: packet source");
    // flow:established alone names no direction
    r.has_flow = true;
    r.flow.established = true;
    EXPECT_STREQ(decide_attacker_side(r, true, true).reason, "default: packet source");
}

TEST(AttackerSide, TargetKeywordWinsOverFlowDirection) {
    rules::Rule r = rule_with_flow(false, true);
    r.target = rules::Rule::Target::Src;  // target:src_ip: the packet source is the victim
    auto s = decide_attacker_side(r, true, false);
    EXPECT_FALSE(s.attacker_is_src);
    EXPECT_STREQ(s.reason, "rule target: src_ip is the target");
    r.target = rules::Rule::Target::Dst;
    EXPECT_TRUE(decide_attacker_side(r, true, false).attacker_is_src);
}

TEST(AttackerSide, FlowDirectionNamesTheSenderOfTheInspectedSide) {
    const rules::Rule to_server = rule_with_flow(true, false);
    EXPECT_TRUE(decide_attacker_side(to_server, true, true).attacker_is_src);
    // raised on a reply packet (transaction completed by the response): the
    // client, who sent what the rule inspects, is the packet's destination
    auto s = decide_attacker_side(to_server, true, false);
    EXPECT_FALSE(s.attacker_is_src);
    EXPECT_STREQ(s.reason, "flow direction: the rule inspects to_server, alert on a to_client packet");
    // without a flow the direction means nothing
    EXPECT_STREQ(decide_attacker_side(to_server, false, false).reason, "default: packet source");
}

TEST(EnrichmentMembers, WrittenAsValidJsonUnderVigie) {
    output::AlertEnrichment e;
    e.side = {false, "rule target: src_ip is the target"};
    e.source.ip = "203.0.113.9";
    e.source.country = "FR";
    e.source.country_name = "France";
    e.source.asn = 64500;
    e.source.as_org = "Example \"AS\"";
    e.target.ip = "192.0.2.1";
    e.target.org = "Grid";
    e.target.sector = "energy";
    e.target.criticality = "high";
    e.target.asset_cidr = "192.0.2.0/24";
    output::JsonLine j;
    j.begin();
    j.open_object("vigie");
    output::write_enrichment_members(j, e);
    j.close_object();
    auto v = nlohmann::json::parse(j.end())["vigie"];
    EXPECT_EQ(v["attacker_side"], "dest");
    EXPECT_EQ(v["source"]["asn"], 64500);
    EXPECT_EQ(v["source"]["as_org"], "Example \"AS\"");
    EXPECT_FALSE(v["source"].contains("sector"));  // attacker in no asset
    EXPECT_EQ(v["target"]["asset_cidr"], "192.0.2.0/24");
    EXPECT_EQ(v["target"]["criticality"], "high");
}
