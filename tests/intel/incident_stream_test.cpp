// IncidentStream (the regroup's streaming path, no alert rows kept) gives the same
// incidents, ids, per-alert assignment and campaigns as group_incidents() and
// link_campaigns() over all rows in memory, on generated alerts with ties in time,
// pauses around the window, several families and organisations.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "intel/campaigns.h"
#include "intel/incident_stream.h"
#include "intel_test_util.h"

using namespace vigie::intel;
using namespace vigie::intel::test;

namespace {

std::vector<AlertFacts> generated(uint32_t seed, int n) {
    std::mt19937 rng(seed);
    const char* sigs[] = {"ET SCAN a", "ET SCAN b", "ET EXPLOIT c", "plain words"};
    const char* agents[] = {"Gh0stProbe/1.3", "zgrab/0.x scanner"};
    std::vector<AlertFacts> rows;
    int64_t t = date_us(2020, 1, 1);
    for (int i = 0; i < n; ++i) {
        t += static_cast<int64_t>(rng() % 4) * 20 * kMinute;  // 0 (a tie), 20, 40 or 60 (= the window) minutes
        const bool org = rng() % 3 == 0;
        const int sig = static_cast<int>(rng() % 4);  // one sid and category per signature, as in rule sets
        AlertFacts a = alert(i + 1, t, "45.0." + std::to_string(rng() % 3) + "." + std::to_string(rng() % 4),
                             "10.0.0." + std::to_string(rng() % 5), sigs[sig], 1 + sig,
                             org ? "Org " + std::to_string(rng() % 2) : "unknown");
        a.category = sig % 2 ? "Misc" : "";
        if (rng() % 3 == 0) a.attacker_asn = 64500 + static_cast<int64_t>(rng() % 2);
        if (rng() % 4 == 0) a.app_facts().http_user_agent = agents[rng() % 2];
        if (rng() % 5 == 0) a.app_facts().http_url = "/x" + std::to_string(rng() % 3) + ".php?id=" + std::to_string(i);
        rows.push_back(a);
    }
    return rows;
}

// The order the store streams alerts in: attacker, target asset, time, row id.
std::vector<AlertFacts> stream_order(std::vector<AlertFacts> rows) {
    std::sort(rows.begin(), rows.end(), [](const AlertFacts& x, const AlertFacts& y) {
        return std::make_tuple(x.attacker_ip, target_asset_key(x.target_org, x.target_ip), x.ts, x.alert_id) <
               std::make_tuple(y.attacker_ip, target_asset_key(y.target_org, y.target_ip), y.ts, y.alert_id);
    });
    return rows;
}

}  // namespace

TEST(IncidentStream, SameIncidentsAndCampaignsAsInMemoryGrouping) {
    for (uint32_t seed : {1u, 2u, 3u}) {
        const auto rows = generated(seed, 3000);
        auto ref = group_incidents(rows, kDefaultIncidentWindowUs);
        const auto ref_cs = link_campaigns(ref, rows);

        const auto ordered = stream_order(rows);
        IncidentStream stream(kDefaultIncidentWindowUs);
        std::vector<uint32_t> index;
        for (const auto& a : ordered) index.push_back(stream.add(a));
        auto out = stream.finish();

        ASSERT_EQ(out.incidents.size(), ref.size()) << "seed " << seed;
        EXPECT_GT(ref.size(), 100u);
        for (size_t i = 0; i < ref.size(); ++i) {
            const Incident& r = ref[i];
            const Incident& s = out.incidents[i];
            EXPECT_EQ(std::tie(s.id, s.attacker_ip, s.target_org, s.target_sector, s.target_ip, s.family, s.first_seen,
                               s.last_seen, s.count),
                      std::tie(r.id, r.attacker_ip, r.target_org, r.target_sector, r.target_ip, r.family, r.first_seen,
                               r.last_seen, r.count))
                << "seed " << seed << " incident " << i;
            EXPECT_EQ(out.evidence[i], incident_evidence(r, rows)) << "seed " << seed << " incident " << i;
        }
        // Every alert lands in the incident the in-memory grouping put it in.
        std::vector<int64_t> ref_of(rows.size() + 1);
        for (const auto& n : ref)
            for (uint32_t a : n.alerts) ref_of[static_cast<size_t>(rows[a].alert_id)] = n.id;
        for (size_t k = 0; k < ordered.size(); ++k)
            ASSERT_EQ(out.id_of[index[k]], ref_of[static_cast<size_t>(ordered[k].alert_id)]) << "alert " << k;
        // A second pass through the cursor alone gives the same running indices.
        IncidentCursor cursor(kDefaultIncidentWindowUs);
        for (size_t k = 0; k < ordered.size(); ++k) ASSERT_EQ(cursor.add(ordered[k]).index, index[k]);

        const auto cs = link_campaigns(out.incidents, std::move(out.evidence));
        EXPECT_GT(ref_cs.campaigns.size(), 0u);
        ASSERT_EQ(cs.campaigns.size(), ref_cs.campaigns.size());
        EXPECT_EQ(cs.campaign_of, ref_cs.campaign_of);
        for (size_t c = 0; c < cs.campaigns.size(); ++c) {
            EXPECT_EQ(cs.campaigns[c].label, ref_cs.campaigns[c].label);
            EXPECT_EQ(cs.campaigns[c].alerts, ref_cs.campaigns[c].alerts);
            ASSERT_EQ(cs.campaigns[c].links.size(), ref_cs.campaigns[c].links.size());
            for (size_t l = 0; l < cs.campaigns[c].links.size(); ++l)
                EXPECT_EQ(cs.campaigns[c].links[l].reason, ref_cs.campaigns[c].links[l].reason);
        }
    }
}
