// EVE `dns` objects checked field by field against what Suricata 8/9 writes for
// the same messages (its 8.0 DNS logging upgrade notes and suricata-verify
// expectations: dns-udp-eve-dig, bug-856, dns-udp-null, dns-udp-eve-log-srv...).
// app_tests does not link the output stage: the writer's source is compiled in
// here. It only uses JsonLine's inline members, so json_line.cpp is not needed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/dns/dns_parser.h"
#include "dns_test_util.h"
#include "output/eve_dns.cpp"  // NOLINT(bugprone-suspicious-include)

namespace vigie::output {
namespace {

using app::DnsTransaction;
using app::dns::test::Bytes;
using app::dns::test::kQname;
using app::dns::test::Msg;
using nlohmann::json;

// Runs one message through the parser; tx_id is how many came before.
std::unique_ptr<DnsTransaction> tx_of(const Msg& m, bool to_server, int before = 0) {
    app::DnsParser p(app::AppConfig{}, false);
    for (int i = 0; i < before; ++i) {
        const Bytes q = Msg::header(0xffff, 0x0100, 1).question("filler", 1).b;
        p.feed(true, q.data(), uint32_t(q.size()), {});
    }
    p.feed(to_server, m.b.data(), uint32_t(m.size()), {});
    std::vector<std::unique_ptr<app::Transaction>> out;
    p.take_finished(out, false);
    if (out.empty()) return nullptr;
    return std::unique_ptr<DnsTransaction>(static_cast<DnsTransaction*>(out.back().release()));
}

// The "dns" object written for `record`, or null when nothing was written.
json dns_json(const DnsTransaction& tx, const DnsLogConfig& cfg = {}, uint32_t record = 0) {
    JsonLine j;
    j.begin();
    if (!write_dns_object(j, tx, tx.is_request(), cfg, record)) return nullptr;
    return json::parse(j.end())["dns"];
}

Bytes ip4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return {a, b, c, d}; }

// ---- The two examples of Suricata's "DNS EVE Logging Changes for 8.0".

TEST(EveDns, V3RequestAsSuricataDocuments) {
    auto tx = tx_of(Msg::header(0, 0x0100, 1).question("www.suricata.io", 1), true);
    ASSERT_TRUE(tx);
    EXPECT_EQ(dns_json(*tx), json::parse(R"({
        "version": 3, "type": "request", "tx_id": 0, "id": 0, "flags": "100", "rd": true,
        "opcode": 0, "rcode": "NOERROR",
        "queries": [{"rrname": "www.suricata.io", "rrtype": "A"}]})"));
}

TEST(EveDns, V3ResponseAsSuricataDocuments) {
    // www.suricata.io CNAME suricata.io (ttl 3597); suricata.io A 35.212.0.44 (ttl 597)
    Msg m = Msg::header(0, 0x8180, 1, 2).question("www.suricata.io", 1);
    m.rr_ptr(kQname, 5, 3597, Msg{}.name_ptr("", kQname + 4).b);  // -> "suricata.io"
    m.rr_ptr(kQname + 4, 1, 597, ip4(35, 212, 0, 44));
    auto tx = tx_of(m, false, 1);
    ASSERT_TRUE(tx);
    EXPECT_EQ(dns_json(*tx), json::parse(R"({
        "version": 3, "type": "response", "tx_id": 1, "id": 0, "flags": "8180",
        "qr": true, "rd": true, "ra": true, "opcode": 0, "rcode": "NOERROR",
        "queries": [{"rrname": "www.suricata.io", "rrtype": "A"}],
        "answers": [
          {"rrname": "www.suricata.io", "rrtype": "CNAME", "ttl": 3597, "rdata": "suricata.io"},
          {"rrname": "suricata.io", "rrtype": "A", "ttl": 597, "rdata": "35.212.0.44"}],
        "grouped": {"CNAME": ["suricata.io"], "A": ["35.212.0.44"]}})"));
}

TEST(EveDns, HeaderFlagsAndCodes) {
    struct Case {
        uint16_t flags;
        const char* hex;
        std::vector<const char*> set;  // boolean keys present
        uint64_t opcode;
        const char* rcode;
    };
    const std::vector<Case> cases = {
        {0x8180, "8180", {"qr", "rd", "ra"}, 0, "NOERROR"},
        {0xc800, "c800", {"qr"}, 9, "NOERROR"},                         // dns-invalid-opcode
        {0x8583, "8583", {"qr", "aa", "rd", "ra"}, 0, "NXDOMAIN"},
        {0x8782, "8782", {"qr", "aa", "tc", "rd", "ra"}, 0, "SERVFAIL"},
        {0x8185, "8185", {"qr", "rd", "ra"}, 0, "REFUSED"},
        {0x81c0, "81c0", {"qr", "rd", "ra", "z"}, 0, "NOERROR"},
        {0x818b, "818b", {"qr", "rd", "ra"}, 0, "11"},                   // unnamed rcode
        {0x2100, "2100", {"rd"}, 4, "NOERROR"},                          // request, NOTIFY
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.hex);
        const bool request = !(c.flags & 0x8000);
        auto tx = tx_of(Msg::header(42, c.flags, 1).question("x.example", 1), request);
        ASSERT_TRUE(tx);
        json d = dns_json(*tx);
        EXPECT_EQ(d["flags"], c.hex);
        EXPECT_EQ(d["opcode"], c.opcode);
        EXPECT_EQ(d["rcode"], c.rcode);
        EXPECT_EQ(d["id"], 42);
        for (const char* k : {"qr", "aa", "tc", "rd", "ra", "z"}) {
            const bool want = std::find_if(c.set.begin(), c.set.end(), [&](const char* s) { return std::string(s) == k; }) != c.set.end();
            EXPECT_EQ(d.contains(k), want) << k;
            if (want) EXPECT_EQ(d[k], true) << k;
        }
    }
}

TEST(EveDns, RdataOfEachType) {
    struct Case {
        const char* what;
        uint16_t type;
        Bytes rdata;
        json answers;  // the "answers" array expected
        json grouped;  // the "grouped" object expected
    };
    const Bytes host = app::dns::test::name_bytes("host.example");
    const std::vector<Case> cases = {
        {"AAAA is printed in full", 28,
         {0x2a, 0x00, 0x14, 0x50, 0x40, 0x07, 0x08, 0x05, 0, 0, 0, 0, 0, 0, 0x20, 0x0e},
         json::parse(R"([{"rrname":"q.example","rrtype":"AAAA","ttl":300,"rdata":"2a00:1450:4007:0805:0000:0000:0000:200e"}])"),
         json::parse(R"({"AAAA":["2a00:1450:4007:0805:0000:0000:0000:200e"]})")},
        {"A of a wrong size prints empty", 1, {1, 2},
         json::parse(R"([{"rrname":"q.example","rrtype":"A","ttl":300,"rdata":""}])"), json::parse(R"({"A":[""]})")},
        {"MX shows the exchange", 15, [&] { Bytes b{0, 5}; b.insert(b.end(), host.begin(), host.end()); return b; }(),
         json::parse(R"([{"rrname":"q.example","rrtype":"MX","ttl":300,"rdata":"host.example"}])"),
         json::parse(R"({"MX":["host.example"]})")},
        {"NS", 2, host, json::parse(R"([{"rrname":"q.example","rrtype":"NS","ttl":300,"rdata":"host.example"}])"),
         json::parse(R"({"NS":["host.example"]})")},
        {"PTR", 12, host, json::parse(R"([{"rrname":"q.example","rrtype":"PTR","ttl":300,"rdata":"host.example"}])"),
         json::parse(R"({"PTR":["host.example"]})")},
        {"TXT: one answer per string", 16, {3, 'v', '=', '1', 2, 'h', 'i'},
         json::parse(R"([{"rrname":"q.example","rrtype":"TXT","ttl":300,"rdata":"v=1"},
                         {"rrname":"q.example","rrtype":"TXT","ttl":300,"rdata":"hi"}])"),
         json::parse(R"({"TXT":["v=1","hi"]})")},
        {"NULL as Suricata's text (dns-udp-null)", 10, {'V', 'A', 'C', 'K', 'D', 3, 0xc5, 0xe9, 1},
         json::parse(R"([{"rrname":"q.example","rrtype":"NULL","ttl":300,"rdata":"VACKD\u0003\\xc5\\xe9\u0001"}])"),
         json::parse(R"({"NULL":["VACKD\u0003\\xc5\\xe9\u0001"]})")},
        {"SRV (dns-udp-eve-log-srv)", 33, [&] { Bytes b{0, 20, 0, 1, 0x13, 0xc4}; b.insert(b.end(), host.begin(), host.end()); return b; }(),
         json::parse(R"([{"rrname":"q.example","rrtype":"SRV","ttl":300,
                          "srv":{"priority":20,"weight":1,"port":5060,"name":"host.example"}}])"),
         json::parse(R"({"SRV":[{"priority":20,"weight":1,"port":5060,"name":"host.example"}]})")},
        {"SOA", 6, Msg{}.name("n0g.akamai.net").name("hostmaster.akamai.com").u32(1372967523).u32(1000).u32(1000).u32(1000).u32(1800).b,
         json::parse(R"([{"rrname":"q.example","rrtype":"SOA","ttl":300,"soa":{"mname":"n0g.akamai.net",
            "rname":"hostmaster.akamai.com","serial":1372967523,"refresh":1000,"retry":1000,"expire":1000,"minimum":1800}}])"),
         json::parse(R"({"SOA":[{"mname":"n0g.akamai.net","rname":"hostmaster.akamai.com","serial":1372967523,
            "refresh":1000,"retry":1000,"expire":1000,"minimum":1800}]})")},
        {"SSHFP", 44, {1, 2, 0xab, 0x0c},
         json::parse(R"([{"rrname":"q.example","rrtype":"SSHFP","ttl":300,"sshfp":{"fingerprint":"ab:0c","algo":1,"type":2}}])"),
         json::parse(R"({"SSHFP":[{"fingerprint":"ab:0c","algo":1,"type":2}]})")},
        {"HTTPS: named, no rdata", 65, {0, 1, 0},
         json::parse(R"([{"rrname":"q.example","rrtype":"HTTPS","ttl":300}])"), json::object()},
        {"unnamed type by number", 999, {7},
         json::parse(R"([{"rrname":"q.example","rrtype":"999","ttl":300}])"), json::object()},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto tx = tx_of(Msg::header(7, 0x8180, 1, 1).question("q.example", c.type).rr_ptr(kQname, c.type, 300, c.rdata), false);
        ASSERT_TRUE(tx);
        json d = dns_json(*tx);
        EXPECT_EQ(d["answers"], c.answers);
        EXPECT_EQ(d["grouped"], c.grouped);
    }
}

TEST(EveDns, AuthoritiesAndAdditionals) {
    // NXDOMAIN with an SOA authority; additionals: a bare OPT (skipped), an
    // OPT carrying a cookie, and an A glue record.
    Msg m = Msg::header(5, 0x8183, 1, 0, 1, 3).question("dne.oisf.net", 1);
    m.rr("oisf.net", 6, 900, Msg{}.name("ns-110.awsdns-13.com").name("awsdns-hostmaster.amazon.com").u32(1).u32(7200).u32(900).u32(1209600).u32(86400).b);
    m.name("").rr_fixed(41, 0, 0);
    m.name("").rr_fixed(41, 0x8000, 6).raw({0, 10, 0, 2, 0xbe, 0xef});
    m.rr("a0.nic.io", 1, 60, ip4(65, 22, 160, 17));
    auto tx = tx_of(m, false);
    ASSERT_TRUE(tx);
    json d = dns_json(*tx);
    EXPECT_EQ(d["rcode"], "NXDOMAIN");
    EXPECT_FALSE(d.contains("answers"));
    EXPECT_FALSE(d.contains("grouped"));
    ASSERT_EQ(d["authorities"].size(), 1u);
    EXPECT_EQ(d["authorities"][0]["rrname"], "oisf.net");
    EXPECT_EQ(d["authorities"][0]["rrtype"], "SOA");
    EXPECT_EQ(d["authorities"][0]["ttl"], 900);
    EXPECT_EQ(d["authorities"][0]["soa"]["mname"], "ns-110.awsdns-13.com");
    EXPECT_EQ(d["authorities"][0]["soa"]["minimum"], 86400);
    EXPECT_EQ(d["additionals"], json::parse(R"([
        {"rrname":"","rrtype":"OPT","ttl":32768,"opt":[{"code":10,"data":"beef"}]},
        {"rrname":"a0.nic.io","rrtype":"A","ttl":60,"rdata":"65.22.160.17"}])"));
}

TEST(EveDns, RequestsCarryTheirOtherSections) {
    // dns-answer-name: a request with an answer section logs it too.
    auto tx = tx_of(Msg::header(1, 0x0100, 1, 1).question("oisf.net", 1).rr_ptr(kQname, 1, 5, ip4(1, 2, 3, 4)), true);
    ASSERT_TRUE(tx);
    json d = dns_json(*tx);
    EXPECT_EQ(d["type"], "request");
    EXPECT_EQ(d["answers"][0]["rrname"], "oisf.net");
}

TEST(EveDns, NamesAsSuricataPrintsThem) {
    struct Case {
        const char* what;
        Bytes qname;   // wire form
        json rrname;
        bool truncated;
    };
    Bytes long_name;
    for (int i = 0; i < 17; ++i) {
        long_name.push_back(63);
        long_name.insert(long_name.end(), 63, uint8_t('a'));
    }
    long_name.push_back(0);
    std::string cut;
    while (cut.size() < 1025) cut += (cut.empty() ? "" : ".") + std::string(63, 'a');
    cut.resize(1025);
    const std::vector<Case> cases = {
        {"case kept", {3, 'W', 'w', 'W', 2, 'C', 'o', 0}, "WwW.Co", false},
        {"valid UTF-8 kept", {4, 0xc3, 0xa9, 't', 'e', 0}, "\xc3\xa9te", false},
        {"invalid UTF-8 as \\x", {3, 'a', 0xff, 'b', 0}, "a\\xffb", false},
        {"quotes and controls escaped by JSON", {3, '"', '\\', 1, 0}, "\"\\\x01", false},
        {"root", {0}, "", false},
        {"over 1025 bytes", long_name, cut, true},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        Msg m = Msg::header(1, 0x0100, 1);
        m.b.insert(m.b.end(), c.qname.begin(), c.qname.end());
        m.u16(1).u16(1);
        auto tx = tx_of(m, true);
        ASSERT_TRUE(tx);
        json q = dns_json(*tx)["queries"][0];
        EXPECT_EQ(q["rrname"], c.rrname);
        EXPECT_EQ(q.contains("rrname_truncated"), c.truncated);
    }
}

TEST(EveDns, ConfigFiltersRecords) {
    auto a = tx_of(Msg::header(1, 0x0100, 1).question("x", 1), true);
    auto aaaa = tx_of(Msg::header(1, 0x0100, 1).question("x", 28), true);
    auto both = tx_of(Msg::header(1, 0x0100, 2).question("x", 1).question("x", 28), true);
    auto resp = tx_of(Msg::header(1, 0x8180, 1, 1).question("x", 28).rr_ptr(kQname, 28, 1, Bytes(16, 1)), false);
    auto noq = tx_of(Msg::header(1, 0x8181, 0), false);
    ASSERT_TRUE(a && aaaa && both && resp && noq);

    DnsLogConfig only_aaaa;
    only_aaaa.types = {*dns_log_type_from_name("aaaa")};
    EXPECT_EQ(dns_record_count(*a, only_aaaa), 0u);
    EXPECT_EQ(dns_record_count(*aaaa, only_aaaa), 1u);
    EXPECT_EQ(dns_json(*a, only_aaaa), nullptr);
    // Only the questions of a logged type are listed.
    EXPECT_EQ(dns_json(*both, only_aaaa)["queries"], json::parse(R"([{"rrname":"x","rrtype":"AAAA"}])"));

    DnsLogConfig no_requests;
    no_requests.requests = false;
    EXPECT_EQ(dns_record_count(*a, no_requests), 0u);
    EXPECT_EQ(dns_record_count(*resp, no_requests), 1u);

    DnsLogConfig detailed_only;
    detailed_only.grouped = false;
    EXPECT_FALSE(dns_json(*resp, detailed_only).contains("grouped"));
    DnsLogConfig grouped_only;
    grouped_only.detailed = false;
    EXPECT_FALSE(dns_json(*resp, grouped_only).contains("answers"));
    EXPECT_TRUE(dns_json(*resp, grouped_only).contains("grouped"));

    // Suricata decides on the questions: a message without any is not logged.
    EXPECT_EQ(dns_record_count(*noq, {}), 0u);

    EXPECT_EQ(dns_log_type_from_name("Mx"), 15);
    EXPECT_EQ(dns_log_type_from_name("https"), 65);
    EXPECT_FALSE(dns_log_type_from_name("bogus"));
}

TEST(EveDns, Version2Records) {
    DnsLogConfig v2;
    v2.version = 2;
    auto req = tx_of(Msg::header(9, 0x0140, 2).question("a.example", 1).question("b.example", 28), true, 3);
    ASSERT_TRUE(req);
    ASSERT_EQ(dns_record_count(*req, v2), 2u);  // one "query" record per question
    EXPECT_EQ(dns_json(*req, v2, 1), json::parse(R"({"version":2,"type":"query","id":9,"rrname":"b.example",
        "rrtype":"AAAA","tx_id":3,"z":true,"opcode":0})"));
    EXPECT_EQ(dns_json(*req, v2, 2), nullptr);

    auto resp = tx_of(Msg::header(9, 0x8180, 1, 1).question("a.example", 1).rr_ptr(kQname, 1, 9, ip4(9, 9, 9, 9)), false);
    ASSERT_TRUE(resp);
    EXPECT_EQ(dns_json(*resp, v2), json::parse(R"({"version":2,"type":"answer","id":9,"flags":"8180","qr":true,
        "rd":true,"ra":true,"opcode":0,"rrname":"a.example","rrtype":"A","rcode":"NOERROR",
        "answers":[{"rrname":"a.example","rrtype":"A","ttl":9,"rdata":"9.9.9.9"}],"grouped":{"A":["9.9.9.9"]}})"));
}

TEST(EveDns, AlertObjectAndDirectionCheck) {
    auto resp = tx_of(Msg::header(1, 0x8180, 1, 1).question("a", 1).rr_ptr(kQname, 1, 1, ip4(1, 1, 1, 1)), false, 1);
    ASSERT_TRUE(resp);
    JsonLine j;
    j.begin();
    j.raw("event_type", "\"alert\"");
    write_dns_alert_object(j, *resp);
    json a = json::parse(j.end());
    EXPECT_EQ(a["event_type"], "alert");
    EXPECT_EQ(a["dns"]["version"], 3);
    EXPECT_EQ(a["dns"]["type"], "response");
    EXPECT_EQ(a["dns"]["tx_id"], 1);
    EXPECT_EQ(a["dns"]["answers"][0]["rdata"], "1.1.1.1");
    EXPECT_FALSE(a["dns"].contains("grouped"));

    j.begin();
    EXPECT_FALSE(write_dns_object(j, *resp, /*query_side=*/true));
    EXPECT_EQ(j.end(), "{}\n");
}

}  // namespace
}  // namespace vigie::output
