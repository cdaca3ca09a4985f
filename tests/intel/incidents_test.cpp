#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "intel/incidents.h"
#include "intel/signature_family.h"
#include "intel_test_util.h"

using namespace vigie::intel;
using namespace vigie::intel::test;

TEST(SignatureFamily, RuleSetPrefixElseCategoryElseSid) {
    EXPECT_EQ(signature_family("ET SCAN Nmap Scripting Engine User-Agent Detected", "Web Application Attack", 1),
              "ET SCAN");
    EXPECT_EQ(signature_family("ETPRO TROJAN Win32/Foo CnC", "", 1), "ETPRO TROJAN");
    EXPECT_EQ(signature_family("GPL ICMP_INFO PING *NIX", "Misc activity", 1), "GPL ICMP_INFO");
    EXPECT_EQ(signature_family("VIGIE DEMO FTP login refused", "Unsuccessful User Privilege Gain", 1), "VIGIE DEMO");
    // Not the rule-set convention: the classtype's category.
    EXPECT_EQ(signature_family("Possible port scan", "Attempted Information Leak", 1), "Attempted Information Leak");
    EXPECT_EQ(signature_family("ET SCAN", "Attempted Information Leak", 1), "Attempted Information Leak");
    EXPECT_EQ(signature_family("et scan lower case", "", 7), "sid 7");
    EXPECT_EQ(signature_family("", "", 2019), "sid 2019");
}

TEST(Incidents, WindowSplitsOnPausesFamilyAndTarget) {
    const std::string scan = "ET SCAN Nmap", exploit = "ET EXPLOIT Struts";
    std::vector<AlertFacts> rows = {
        // Attacker .7 on Space Lab (two of its hosts), ET SCAN: 0, 30, 80 min (pauses of 30 and 50
        // min: one incident), then 200 min (pause 120 min: a second incident).
        alert(1, 0, "198.51.100.7", "10.20.0.1", scan, 1, "Space Lab"),
        alert(2, 30 * kMinute, "198.51.100.7", "10.20.0.2", scan, 1, "Space Lab"),
        alert(3, 80 * kMinute, "198.51.100.7", "10.20.0.1", scan, 2, "Space Lab"),
        alert(4, 200 * kMinute, "198.51.100.7", "10.20.0.1", scan, 1, "Space Lab"),
        // Same attacker and target, another family, inside the first incident's span: its own incident.
        alert(5, 10 * kMinute, "198.51.100.7", "10.20.0.1", exploit, 3, "Space Lab"),
        // Targets in no asset: one incident per target address.
        alert(6, 5 * kMinute, "198.51.100.7", "192.0.2.1", scan, 1),
        alert(7, 6 * kMinute, "198.51.100.7", "192.0.2.2", scan, 1),
    };
    auto inc = group_incidents(rows, kDefaultIncidentWindowUs);
    ASSERT_EQ(inc.size(), 5u);
    // Chronological ids: 0 (alerts 1-3), 5 min (6), 6 min (7), 10 min (5), 200 min (4).
    EXPECT_EQ(inc[0].id, 1);
    EXPECT_EQ(inc[0].alerts, (std::vector<uint32_t>{0, 1, 2}));
    EXPECT_EQ(inc[0].first_seen, 0);
    EXPECT_EQ(inc[0].last_seen, 80 * kMinute);
    EXPECT_EQ(inc[0].family, "ET SCAN");
    EXPECT_EQ(inc[0].target_org, "Space Lab");
    EXPECT_EQ(inc[0].target_sector, "aerospace");
    EXPECT_FALSE(inc[0].target_ip) << "two hosts of the organisation";
    EXPECT_EQ(inc[1].alerts, (std::vector<uint32_t>{5}));
    EXPECT_EQ(inc[1].target_ip, "192.0.2.1");
    EXPECT_EQ(inc[1].target_org, "unknown");
    EXPECT_EQ(inc[2].alerts, (std::vector<uint32_t>{6}));
    EXPECT_EQ(inc[3].alerts, (std::vector<uint32_t>{4}));
    EXPECT_EQ(inc[3].family, "ET EXPLOIT");
    EXPECT_EQ(inc[3].target_ip, "10.20.0.1");
    EXPECT_EQ(inc[4].id, 5);
    EXPECT_EQ(inc[4].alerts, (std::vector<uint32_t>{3}));

    // A 40-minute window also cuts the 50-minute pause: alerts 1-2 and 3 part.
    auto narrow = group_incidents(rows, 40 * kMinute);
    ASSERT_EQ(narrow.size(), 6u);
    EXPECT_EQ(narrow[0].alerts, (std::vector<uint32_t>{0, 1}));
    // A pause exactly as long as the window still belongs to the incident.
    auto exact = group_incidents(rows, 50 * kMinute);
    EXPECT_EQ(exact[0].alerts, (std::vector<uint32_t>{0, 1, 2}));
}

TEST(Incidents, SameResultWhateverTheInputOrder) {
    std::vector<AlertFacts> rows;
    std::mt19937 rng(7);
    for (int i = 0; i < 400; ++i) {
        const int attacker = static_cast<int>(rng() % 5), target = static_cast<int>(rng() % 3);
        rows.push_back(alert(i + 1, static_cast<int64_t>(rng() % 2000) * kMinute,
                             "203.0.113." + std::to_string(attacker), "192.0.2." + std::to_string(target),
                             rng() % 2 ? "ET SCAN x" : "ET POLICY y"));
    }
    auto summarize = [](const std::vector<AlertFacts>& in) {
        std::vector<std::tuple<int64_t, std::string, int64_t, int64_t, std::vector<int64_t>>> out;
        for (const auto& n : group_incidents(in, kDefaultIncidentWindowUs)) {
            std::vector<int64_t> ids;
            for (uint32_t a : n.alerts) ids.push_back(in[a].alert_id);
            std::sort(ids.begin(), ids.end());
            out.emplace_back(n.id, n.attacker_ip + ">" + n.target_ip.value_or("") + ":" + n.family, n.first_seen,
                             n.last_seen, ids);
        }
        return out;
    };
    const auto base = summarize(rows);
    EXPECT_GT(base.size(), 20u);
    for (int round = 0; round < 3; ++round) {
        std::shuffle(rows.begin(), rows.end(), rng);
        EXPECT_EQ(summarize(rows), base) << "round " << round;
    }
}

TEST(Incidents, WindowParsing) {
    EXPECT_EQ(parse_window("1h"), 3600LL * 1000000);
    EXPECT_EQ(parse_window("90m"), 5400LL * 1000000);
    EXPECT_EQ(parse_window("2d"), 172800LL * 1000000);
    EXPECT_EQ(parse_window("45s"), 45LL * 1000000);
    EXPECT_EQ(parse_window("600"), 600LL * 1000000);
    for (const char* bad : {"", "0", "-5m", "1w", "h", "1.5h", "99999999999999999d"}) EXPECT_FALSE(parse_window(bad)) << bad;
}
