#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "intel/export_model.h"
#include "intel/export_policy.h"
#include "intel/stix_ids.h"
#include "intel/stix_pattern.h"

using namespace vigie::intel;

TEST(ExportPolicy, DefaultLetsNothingOut) {
    ExportPolicy p;
    EXPECT_FALSE(p.address_may_leave("192.168.1.5"));
    EXPECT_FALSE(p.asset_name_may_leave("Demo Lab"));
}

TEST(ExportPolicy, ListedRangesAndNames) {
    auto p = ExportPolicy::parse("share_addresses: [192.168.1.64/28, '2001:db8::/32']\nshare_asset_names: [Demo Lab]\n", "p.yaml");
    ASSERT_TRUE(p) << p.error();
    EXPECT_TRUE(p->address_may_leave("192.168.1.79"));
    EXPECT_FALSE(p->address_may_leave("192.168.1.80"));
    EXPECT_TRUE(p->address_may_leave("2001:db8:1::1"));
    EXPECT_FALSE(p->address_may_leave("not an ip"));
    EXPECT_TRUE(p->asset_name_may_leave("Demo Lab"));
    EXPECT_FALSE(p->asset_name_may_leave("demo lab"));
}

TEST(ExportPolicy, ErrorsWithLine) {
    auto p = ExportPolicy::parse("share_addresses: [10.0.0.0/8]\nshare_everything: true\n", "p.yaml");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("p.yaml:2: unknown key 'share_everything'"), std::string::npos) << p.error();
    p = ExportPolicy::parse("share_addresses: [10.0.0.0/40]\n", "p.yaml");
    ASSERT_FALSE(p);
    EXPECT_NE(p.error().find("p.yaml:1: bad prefix length"), std::string::npos) << p.error();
    EXPECT_FALSE(ExportPolicy::parse("share_addresses: [\n", "p.yaml"));
    EXPECT_FALSE(ExportPolicy::parse("share_addresses: 10.0.0.1\n", "p.yaml"));
}

TEST(StixIds, DeterministicUuidV5) {
    // Expected value computed independently: Python's
    // uuid.uuid5(UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), '{"value":"198.51.100.3"}').
    EXPECT_EQ(sco_id("ipv4-addr", R"({"value":"198.51.100.3"})"), "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
    const std::string id = stix_id("sighting", "x");
    EXPECT_EQ(id, stix_id("sighting", "x"));
    EXPECT_NE(id, stix_id("sighting", "y"));
    EXPECT_EQ(id[10 + 14], '5');  // version nibble: "sighting--" is 10 characters
}

TEST(StixExport, PatternsReparse) {
    for (const auto& [kind, value] : std::vector<std::pair<std::string, std::string>>{
             {"ip", "192.0.2.0/24"}, {"ip", "2001:db8::1"}, {"domain", "evil.example"}, {"url", "http://x.example/it's"},
             {"md5", std::string(32, 'a')}, {"sha1", std::string(40, 'b')}, {"sha256", std::string(64, 'c')},
             {"x509-sha1", std::string(40, 'd')}}) {
        const std::string p = stix_pattern_for(kind, value);
        auto r = reduce_stix_pattern(p);
        ASSERT_EQ(r.observables.size(), 1u) << p;
        EXPECT_EQ(r.observables[0].value, value) << p;
        EXPECT_STREQ(kind_name(r.observables[0].kind), kind.c_str());
    }
    EXPECT_EQ(stix_pattern_for("ja3", std::string(32, 'a')), "");
}

TEST(ExportPolicy, ScrubsInternalAddressesAndNetworksOnly) {
    ExportPolicy none;
    EXPECT_EQ(none.scrub("same /24 192.168.56.0/24; same ASN 64501"), "same /24 [internal]; same ASN 64501");
    EXPECT_EQ(none.scrub("45.1.1.0/24 / ET SCAN / ua Gh0stProbe/1.3"), "45.1.1.0/24 / ET SCAN / ua Gh0stProbe/1.3");
    EXPECT_EQ(none.scrub("fd00:1::/48 (10.0.0.7)"), "[internal] ([internal])");
    auto p = ExportPolicy::parse("share_addresses: [192.168.1.64/28, 10.0.0.0/8]\n", "p.yaml");
    ASSERT_TRUE(p) << p.error();
    // A network leaves only when all of it is shared: the /24 around a shared /28 does not.
    EXPECT_EQ(p->scrub("192.168.1.0/24 192.168.1.70 10.9.0.0/16"), "[internal] 192.168.1.70 10.9.0.0/16");
    EXPECT_TRUE(p->network_may_leave("192.168.1.64/29"));
    EXPECT_FALSE(p->network_may_leave("192.168.1.64/27"));
}

namespace {

ExportInput campaign_input() {
    ExportInput in;
    in.org = "Test CERT";
    in.now_us = 1700000000000000;
    ObservedCampaign c;
    c.id = 1;
    c.label = "192.168.56.0/24 / VIGIE DEMO";
    c.first_seen = 1600000000000000;
    c.last_seen = 1600000100000000;
    c.alerts = 5;
    c.incidents = 3;
    c.link_reasons = {"same /24 192.168.56.0/24", "same /24 192.168.56.0/24; same user agent Gh0stProbe/1.3"};
    in.campaigns = {c};
    ObservedIncident pub{.id = 1, .campaign_id = 1, .attacker_ip = "198.51.100.7", .target = {"192.168.1.70", "aerospace", "Demo Flight Software"},
                         .family = "VIGIE DEMO", .alerts = 3, .first_seen = c.first_seen, .last_seen = c.first_seen + 1,
                         .signatures = {{"1:1000001", "VIGIE DEMO probe"}}, .evidence = {{"ev-1", std::string(64, 'a')}}};
    ObservedIncident priv = pub;
    priv.id = 2;
    priv.attacker_ip = "192.168.56.9";
    priv.attacker_internal = true;
    priv.alerts = 1;
    priv.evidence = {{"ev-2", std::string(64, 'b')}};
    ObservedIncident alone = pub;
    alone.id = 3;
    alone.campaign_id = 0;
    in.incidents = {pub, priv, alone};
    return in;
}

}  // namespace

TEST(StixExport, CampaignSightedWithItsIncidentsAndTargets) {
    const auto in = campaign_input();
    const auto bundle = nlohmann::json::parse(export_stix(in, ExportPolicy{}));
    std::map<std::string, std::vector<nlohmann::json>> by_type;
    for (const auto& o : bundle["objects"]) by_type[o["type"]].push_back(o);
    ASSERT_EQ(by_type["campaign"].size(), 1u);
    const auto& c = by_type["campaign"][0];
    EXPECT_EQ(c["name"], "[internal] / VIGIE DEMO");
    EXPECT_EQ(c["first_seen"], format_rfc3339(1600000000000000));
    const std::string desc = c["description"];
    EXPECT_NE(desc.find("5 alerts in 3 incidents (1 as observed-data"), std::string::npos) << desc;
    EXPECT_NE(desc.find("2 links: same /24 [internal] (2); same user agent Gh0stProbe/1.3 (1)"), std::string::npos) << desc;
    EXPECT_EQ(desc.find("192.168."), std::string::npos) << desc;
    // Incident 2's source is private: no observed-data for it; 1 and 3 (outside the campaign) have one.
    ASSERT_EQ(by_type["observed-data"].size(), 2u);
    ASSERT_EQ(by_type["sighting"].size(), 1u);
    const auto& sg = by_type["sighting"][0];
    EXPECT_EQ(sg["sighting_of_ref"], c["id"]);
    EXPECT_EQ(sg["count"], 5);
    ASSERT_EQ(sg["observed_data_refs"].size(), 1u);
    EXPECT_EQ(sg["external_references"].size(), 2u);  // evidence of incidents 1 and 2
    ASSERT_EQ(by_type["relationship"].size(), 1u);
    EXPECT_EQ(by_type["relationship"][0]["relationship_type"], "targets");
    EXPECT_EQ(by_type["relationship"][0]["source_ref"], c["id"]);
    bool sector_target = false;
    for (const auto& i : by_type["identity"])
        if (i["id"] == by_type["relationship"][0]["target_ref"]) sector_target = i["sectors"][0] == "aerospace";
    EXPECT_TRUE(sector_target);
    const std::string text = bundle.dump();
    EXPECT_EQ(text.find("192.168."), std::string::npos);
    EXPECT_EQ(text.find("Demo Flight Software"), std::string::npos);
}

TEST(StixExport, CampaignIdsStableAcrossExports) {
    auto in = campaign_input();
    const auto a = nlohmann::json::parse(export_stix(in, ExportPolicy{}));
    in.now_us += 3600000000;
    const auto b = nlohmann::json::parse(export_stix(in, ExportPolicy{}));
    ASSERT_EQ(a["objects"].size(), b["objects"].size());
    for (size_t i = 0; i < a["objects"].size(); ++i) EXPECT_EQ(a["objects"][i]["id"], b["objects"][i]["id"]);
    in.org = "Other CERT";
    const auto c = nlohmann::json::parse(export_stix(in, ExportPolicy{}));
    for (const auto& o : c["objects"])
        if (o["type"] == "campaign") EXPECT_NE(o["id"], a["objects"][0]["id"]);
}

TEST(MispExport, CampaignObjectWithSharedSources) {
    const auto ev = nlohmann::json::parse(export_misp(campaign_input(), ExportPolicy{}))["Event"];
    const nlohmann::json* campaign = nullptr;
    for (const auto& o : ev["Object"])
        if (o["name"] == "vigie-campaign") campaign = &o;
    ASSERT_NE(campaign, nullptr);
    std::vector<std::string> sources;
    for (const auto& a : (*campaign)["Attribute"]) {
        EXPECT_EQ(a["to_ids"], false);
        if (a["object_relation"] == "source") sources.push_back(a["value"]);
    }
    EXPECT_EQ(sources, std::vector<std::string>{"198.51.100.7"});  // the private source stays in
    int loose = 0;
    for (const auto& a : ev["Attribute"]) loose += a["value"] == "198.51.100.7";
    EXPECT_EQ(loose, 1);  // incident 3, in no campaign
}
