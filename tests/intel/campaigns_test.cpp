// Campaign linking rules, each case built so that the expected grouping follows
// from the rule in docs/store.md by reading the rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

#include "intel/campaigns.h"
#include "intel_test_util.h"

using namespace vigie::intel;
using namespace vigie::intel::test;

namespace {

struct Linked {
    std::vector<Incident> incidents;
    CampaignSet set;
};

Linked link(const std::vector<AlertFacts>& rows) {
    Linked l;
    l.incidents = group_incidents(rows, kDefaultIncidentWindowUs);
    l.set = link_campaigns(l.incidents, rows);
    return l;
}

// The attacker addresses of each campaign, sorted.
std::vector<std::vector<std::string>> members(const Linked& l) {
    std::vector<std::vector<std::string>> out(l.set.campaigns.size());
    for (size_t i = 0; i < l.incidents.size(); ++i)
        if (int64_t c = l.set.campaign_of[i]) out[static_cast<size_t>(c - 1)].push_back(l.incidents[i].attacker_ip);
    for (auto& m : out) std::sort(m.begin(), m.end());
    return out;
}

AlertFacts with_asn(AlertFacts a, int64_t asn) {
    a.attacker_asn = asn;
    return a;
}
AlertFacts with_ja3(AlertFacts a, std::string ja3) {
    a.app_facts().ja3 = std::move(ja3);
    return a;
}

}  // namespace

TEST(LinkEvidence, ValuesAreNormalisedAndTrivialOnesDropped) {
    EXPECT_EQ(source_network("203.0.113.77"), "203.0.113.0/24");
    EXPECT_EQ(source_network("2001:db8:1:2::5"), "2001:db8:1::/48");
    EXPECT_FALSE(source_network("not-an-ip"));
    EXPECT_EQ(uri_pattern("/wp-content/plugins/x/readme.txt?ver=12&a=1"), "/wp-content/plugins/x/readme.txt?a=&ver=");
    EXPECT_EQ(uri_pattern("/item/12345/view2.php?id=9&id=10"), "/item/N/viewN.php?id=");
    EXPECT_EQ(uri_pattern("http://evil.example/a1b2c3d4e5f6a7b8c9d0/gate.php"), "/X/gate.php");
    EXPECT_FALSE(uri_pattern("/"));
    EXPECT_FALSE(uri_pattern("/favicon.ico"));
    EXPECT_EQ(uri_pattern("/?q=1"), "/?q=");
    EXPECT_FALSE(meaningful_user_agent("curl"));
    EXPECT_FALSE(meaningful_user_agent("Mozilla/5.0"));
    EXPECT_TRUE(meaningful_user_agent("python-requests/2.31.0"));
    EXPECT_TRUE(meaningful_user_agent("Mozilla/5.0 (compatible; Nmap Scripting Engine)"));
    EXPECT_EQ(normalize_domain("EVIL.Example."), "evil.example");
    EXPECT_FALSE(normalize_domain("10.0.0.1"));
    EXPECT_EQ(describe({{EvidenceKind::SourceNet, "2001:db8:1::/48"}, {EvidenceKind::Ja3, "e7d705a3"}}),
              "same /48 2001:db8:1::/48; same JA3 e7d705a3");
}

TEST(Campaigns, SameSlash24LinksAloneAndSaysSo) {
    auto l = link({alert(1, date_us(2023, 1, 1), "203.0.113.5", "192.0.2.1", "ET SCAN a"),
                   alert(2, date_us(2023, 6, 1), "203.0.113.99", "192.0.2.9", "ET SCAN a"),
                   alert(3, date_us(2023, 6, 2), "203.0.114.1", "192.0.2.9", "ET SCAN a")});
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    EXPECT_EQ(members(l)[0], (std::vector<std::string>{"203.0.113.5", "203.0.113.99"}));
    const Campaign& c = l.set.campaigns[0];
    ASSERT_EQ(c.links.size(), 2u);
    EXPECT_FALSE(c.links[0].linked_to);
    EXPECT_EQ(c.links[1].linked_to, 1);
    EXPECT_EQ(c.links[1].reason, "same /24 203.0.113.0/24");
    EXPECT_EQ(c.first_seen, date_us(2023, 1, 1));
    EXPECT_EQ(c.last_seen, date_us(2023, 6, 1));
    EXPECT_EQ(c.alerts, 2);
    EXPECT_EQ(c.label, "203.0.113.0/24 / ET SCAN") << "the evidence only repeats the source";
    EXPECT_EQ(l.set.campaign_of[2], 0) << "203.0.114.1 is another /24";
}

TEST(Campaigns, AsnOrJa3AloneNeverLinksButTogetherTheyDo) {
    const std::string ja3 = "e7d705a3286e19ea42f587b344ee6865";
    auto l = link({
        // AS64500 only: two networks of one provider, no campaign.
        with_asn(alert(1, date_us(2020, 1, 1), "198.51.100.1", "192.0.2.1", "ET SCAN a"), 64500),
        with_asn(alert(2, date_us(2020, 2, 1), "192.0.2.200", "192.0.2.1", "ET SCAN a"), 64500),
        // Same JA3 only (a common TLS library): no campaign.
        with_ja3(alert(3, date_us(2020, 3, 1), "100.1.1.1", "192.0.2.1", "ET SCAN a"), ja3),
        with_ja3(alert(4, date_us(2020, 4, 1), "100.2.2.2", "192.0.2.1", "ET SCAN a"), ja3),
        // Same JA3 and the same ASN: linked.
        with_asn(with_ja3(alert(5, date_us(2021, 1, 1), "100.3.3.3", "192.0.2.1", "ET SCAN a"), ja3), 64501),
        with_asn(with_ja3(alert(6, date_us(2022, 1, 1), "100.4.4.4", "192.0.2.1", "ET SCAN a"), ja3), 64501),
    });
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    EXPECT_EQ(members(l)[0], (std::vector<std::string>{"100.3.3.3", "100.4.4.4"}));
    EXPECT_EQ(l.set.campaigns[0].links[1].reason, "same JA3 " + ja3 + "; same ASN AS64501");
    EXPECT_EQ(l.set.campaigns[0].label, "AS64501 / ET SCAN / ja3 e7d705a3..");
}

TEST(Campaigns, FileHashLinksAloneAsnWithSignatureSetDoesNot) {
    auto file = [](AlertFacts a) {
        a.app_facts().file_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        return a;
    };
    auto l = link({
        file(alert(1, date_us(2019, 1, 1), "100.1.1.1", "192.0.2.1", "ET MALWARE dropper")),
        file(alert(2, date_us(2019, 9, 1), "100.9.9.9", "192.0.2.7", "ET MALWARE dropper")),
        // Both trip sids 10 and 11 from AS64999: the same signature set and ASN, two
        // context kinds without a fingerprint of the tool: not linked.
        with_asn(alert(3, date_us(2019, 1, 1), "101.1.1.1", "192.0.2.1", "ET SCAN a", 10), 64999),
        with_asn(alert(4, date_us(2019, 1, 1), "101.1.1.1", "192.0.2.1", "ET SCAN b", 11), 64999),
        with_asn(alert(5, date_us(2019, 5, 1), "102.1.1.1", "192.0.2.1", "ET SCAN a", 10), 64999),
        with_asn(alert(6, date_us(2019, 5, 1), "102.1.1.1", "192.0.2.1", "ET SCAN b", 11), 64999),
    });
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    EXPECT_EQ(members(l)[0], (std::vector<std::string>{"100.1.1.1", "100.9.9.9"}));
    EXPECT_EQ(l.set.campaigns[0].links[1].reason,
              "same file SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

// The same user agent and URL from 50 networks is a campaign; from 51 it is
// background (docs/store.md: kCommonEvidenceNetworks), and links nothing.
TEST(Campaigns, FingerprintFromTooManyNetworksIsBackground) {
    for (int networks : {50, 51}) {
        std::vector<AlertFacts> rows;
        for (int i = 0; i < networks; ++i) {
            AlertFacts a = alert(i + 1, date_us(2020, 1, 1) + i * 86400LL * 1000000,
                                 "100." + std::to_string(i) + ".0.1", "192.0.2.1", "ET WEB_SERVER shell");
            a.app_facts().http_user_agent = "python-requests/2.31.0";
            a.app_facts().http_url = "/shell.php?cmd=id";
            rows.push_back(a);
        }
        auto l = link(rows);
        ASSERT_EQ(l.set.campaigns.size(), networks == 50 ? 1u : 0u) << networks;
        if (networks == 50) {
            EXPECT_EQ(l.set.campaigns[0].links.size(), 50u);
        }
    }
}

// An attacker address that does not parse (a sensor's oddity) has no network, but
// its tooling still links it; nothing is read past the background counts.
TEST(Campaigns, UnparsableAttackerStillLinksByTool) {
    auto tool = [](AlertFacts a) {
        a.app_facts().http_user_agent = "Gh0stProbe/1.3 (x86_64)";
        a.app_facts().ja3 = "e7d705a3286e19ea42f587b344ee6865";
        return a;
    };
    auto l = link({tool(alert(1, date_us(2020, 1, 1), "", "192.0.2.1", "ET SCAN a")),
                   tool(alert(2, date_us(2021, 1, 1), "garbage", "192.0.2.1", "ET SCAN a"))});
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    EXPECT_EQ(l.set.campaigns[0].links[1].reason,
              "same JA3 e7d705a3286e19ea42f587b344ee6865; same user agent Gh0stProbe/1.3 (x86_64)");
}

// One actor over nine years: 2015 from network A with its own tool (user agent +
// URL), 2018 from network B with the same tool, 2024 again from network B with
// nothing else in common with 2015. The chain links all three; each link names
// what the two incidents it joins share.
TEST(Campaigns, LongRunningCampaignAcrossYearsByChain) {
    auto tool = [](AlertFacts a) {
        a.app_facts().http_user_agent = "Gh0stProbe/1.3 (x86_64)";
        a.app_facts().http_url = "/cgi-bin/luci/;stok=123/admin";
        a.app_facts().http_hostname = "192.0.2.10";  // an IP literal: not a domain
        return a;
    };
    std::vector<AlertFacts> rows = {
        tool(alert(1, date_us(2015, 3, 14), "45.1.1.10", "192.0.2.10", "ET EXPLOIT router")),
        tool(alert(2, date_us(2018, 7, 2), "91.2.2.20", "192.0.2.11", "ET EXPLOIT router")),
        alert(3, date_us(2024, 11, 30), "91.2.2.77", "192.0.2.12", "ET SCAN telnet"),
        // Noise: another actor with a different tool, not linked.
        alert(4, date_us(2018, 7, 3), "77.7.7.7", "192.0.2.11", "ET EXPLOIT router"),
    };
    auto l = link(rows);
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    EXPECT_EQ(members(l)[0], (std::vector<std::string>{"45.1.1.10", "91.2.2.20", "91.2.2.77"}));
    const Campaign& c = l.set.campaigns[0];
    EXPECT_EQ(c.first_seen, date_us(2015, 3, 14));
    EXPECT_EQ(c.last_seen, date_us(2024, 11, 30));
    ASSERT_EQ(c.links.size(), 3u);
    EXPECT_EQ(c.links[0].incident_id, 1);
    EXPECT_EQ(c.links[0].reason, "founder: earliest incident of the campaign");
    EXPECT_EQ(c.links[1].incident_id, 2);
    EXPECT_EQ(c.links[1].linked_to, 1);
    EXPECT_EQ(c.links[1].reason,
              "same user agent Gh0stProbe/1.3 (x86_64); same URI pattern /cgi-bin/luci/;stok=N/admin");
    EXPECT_EQ(c.links[2].incident_id, 4);  // 2024 (incident 3 is the 2018-07-03 noise)
    EXPECT_EQ(c.links[2].linked_to, 2);
    EXPECT_EQ(c.links[2].reason, "same /24 91.2.2.0/24");
}

// Every recorded link points inside its campaign, and following links always ends
// at the founder, even when the link graph is not a chain in id order: here
// incidents 1-3 share net A, 2-4 net B, 3-4 a file, so 2 is reached through 4.
TEST(Campaigns, LinksFormATreeRootedAtTheFounder) {
    auto file = [](AlertFacts a) {
        a.app_facts().file_sha256 = "abc123";
        return a;
    };
    auto l = link({alert(1, date_us(2020, 1, 1), "10.0.1.1", "192.0.2.1", "ET SCAN a"),
                   alert(2, date_us(2020, 2, 1), "10.0.2.1", "192.0.2.1", "ET SCAN a"),
                   file(alert(3, date_us(2020, 3, 1), "10.0.1.2", "192.0.2.1", "ET SCAN a")),
                   file(alert(4, date_us(2020, 4, 1), "10.0.2.2", "192.0.2.1", "ET SCAN a"))});
    ASSERT_EQ(l.set.campaigns.size(), 1u);
    const Campaign& c = l.set.campaigns[0];
    std::map<int64_t, std::pair<int64_t, std::string>> up;
    for (const auto& k : c.links) up[k.incident_id] = {k.linked_to.value_or(0), k.reason};
    EXPECT_EQ(up[3], std::make_pair(int64_t{1}, std::string("same /24 10.0.1.0/24")));
    EXPECT_EQ(up[4], std::make_pair(int64_t{3}, std::string("same file SHA-256 abc123")));
    EXPECT_EQ(up[2], std::make_pair(int64_t{4}, std::string("same /24 10.0.2.0/24")));
    for (const auto& k : c.links) {
        int64_t at = k.incident_id;
        for (size_t hops = 0; at != 1 && hops <= up.size(); ++hops) at = up[at].first;
        EXPECT_EQ(at, 1) << "incident " << k.incident_id << " does not lead to the founder";
    }
}

TEST(Campaigns, SameCampaignsIdsAndReasonsWhateverTheInputOrder) {
    std::vector<AlertFacts> rows;
    std::mt19937 rng(11);
    const char* agents[] = {"Gh0stProbe/1.3", "zgrab/0.x scanner", "python-requests/2.31.0"};
    for (int i = 0; i < 600; ++i) {
        AlertFacts a = alert(i + 1, date_us(2016 + static_cast<int>(rng() % 8), 1 + static_cast<int>(rng() % 12), 1),
                             std::to_string(20 + rng() % 30) + "." + std::to_string(rng() % 3) + ".0." +
                                 std::to_string(rng() % 200),
                             "192.0.2." + std::to_string(rng() % 4), rng() % 2 ? "ET SCAN a" : "ET EXPLOIT b",
                             static_cast<int64_t>(rng() % 4));
        if (rng() % 3 == 0) a.app_facts().http_user_agent = agents[rng() % 3];
        if (rng() % 3 == 0) a.attacker_asn = 64500 + static_cast<int64_t>(rng() % 3);
        if (rng() % 4 == 0) a.app_facts().ja3 = rng() % 2 ? "aaaa" : "bbbb";
        rows.push_back(a);
    }
    auto summarize = [](const Linked& l) {
        std::vector<std::string> out;
        for (const auto& c : l.set.campaigns) {
            out.push_back("campaign " + std::to_string(c.id) + " " + c.label + " " + std::to_string(c.alerts));
            for (const auto& k : c.links)
                out.push_back(std::to_string(k.incident_id) + "<-" + std::to_string(k.linked_to.value_or(0)) + " " +
                              k.reason);
        }
        return out;
    };
    const auto base = summarize(link(rows));
    EXPECT_GT(base.size(), 10u);
    for (int round = 0; round < 3; ++round) {
        std::shuffle(rows.begin(), rows.end(), rng);
        EXPECT_EQ(summarize(link(rows)), base) << "round " << round;
    }
}
