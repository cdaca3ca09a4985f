// App-layer detection without the real parsers: a FakeTransaction answers buffers
// and numbers per side, so sticky buffers, multi-valued buffers, transforms, once
// per transaction, directions and protocol filtering are tested on their own.
#include <map>

#include "app/dns/dns_transaction.h"
#include "app/tls/tls_transaction.h"
#include "detect/app_buffers.h"
#include "detect/app_checks.h"
#include "detect/rule_set.h"
#include "detect_test_util.h"

namespace vigie::detect::testing {
namespace {

using app::AppProto;
using app::BufferId;

class FakeTransaction final : public app::Transaction {
public:
    explicit FakeTransaction(AppProto p) : proto_(p) {}
    AppProto proto() const override { return proto_; }
    bool buffer(BufferId id, uint32_t index, app::BufferView& out) const override {
        return buffer_dir(id, true, index, out);
    }
    bool buffer_dir(BufferId id, bool to_server, uint32_t index, app::BufferView& out) const override {
        auto it = bufs_.find({id, to_server});
        if (it == bufs_.end() || index >= it->second.size()) return false;
        out.data = reinterpret_cast<const uint8_t*>(it->second[index].data());
        out.len = uint32_t(it->second[index].size());
        return true;
    }
    bool number(app::NumberId id, uint64_t& out) const override {
        auto it = nums_.find(id);
        if (it == nums_.end()) return false;
        out = it->second;
        return true;
    }
    FakeTransaction& set(BufferId id, std::vector<std::string> values, bool to_server = true) {
        bufs_[{id, to_server}] = std::move(values);
        return *this;
    }
    FakeTransaction& num(app::NumberId id, uint64_t v) {
        nums_[id] = v;
        return *this;
    }

private:
    AppProto proto_;
    std::map<std::pair<BufferId, bool>, std::vector<std::string>> bufs_;
    std::map<app::NumberId, uint64_t> nums_;
};

// One packet feeding the given transactions of a flow of protocol `proto`.
struct AppRun {
    std::vector<app::Transaction*> txs;
    AppInput in(AppProto proto) { return AppInput{proto, std::span<app::Transaction* const>(txs.data(), txs.size())}; }
};

Flow http_flow() { return established_tcp_flow(); }

// The reassembled bytes a packet released (payload rules on established TCP read them).
struct Chunk {
    std::string bytes;
    StreamChunk c;
    explicit Chunk(std::string b) : bytes(std::move(b)) {
        c.data = reinterpret_cast<const uint8_t*>(bytes.data());
        c.len = uint32_t(bytes.size());
    }
};

TEST(App, StickyBufferMatchesTheTransaction) {
    Harness h({"alert http any any -> any any (http.uri; content:\"/admin\"; sid:1;)",
               "alert http any any -> any any (http.method; content:\"POST\"; sid:2;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/admin/login"}).set(BufferId::HttpMethod, {"GET"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("GET /admin/login HTTP/1.1\r\n");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), std::vector<uint32_t>{1});
    ASSERT_EQ(h.alerts.size(), 1u);
    EXPECT_EQ(h.alerts[0].tx, &tx);  // output attaches the transaction's record
    EXPECT_EQ(h.det->build_stats().app_rules, 2u);
}

TEST(App, RulesRunOnlyOnTheirProtocol) {
    Harness h({"alert http any any -> any any (http.uri; content:\"/x\"; sid:1;)",
               "alert dns any any -> any any (dns.query; content:\"evil\"; sid:2;)",
               "alert tcp any any -> any any (http.uri; content:\"/x\"; sid:3;)",       // implied http
               "alert http any any -> any any (content:\"hello\"; sid:4;)"});          // packet rule on http flows
    Flow f = http_flow();
    FakeTransaction http(AppProto::Http);
    http.set(BufferId::HttpUri, {"/x"});
    AppRun r{{&http}};
    auto p = TestPacket::tcp("hello");
    Chunk c("hello");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http), &c.c), (std::vector<uint32_t>{1, 3, 4}));
    // the same bytes on a flow identified as TLS: no http rule runs
    Flow g = http_flow();
    AppRun none;
    EXPECT_TRUE(h.run_app(p.p, &g, true, none.in(AppProto::Tls), &c.c).empty());
    EXPECT_TRUE(h.run(p.p, &g, true, &c.c).empty());  // protocol unknown: not yet http
}

TEST(App, MultiValuedBufferMatchesAnyValue) {
    Harness h({"alert dns any any -> any any (dns.query; content:\"evil.com\"; endswith; sid:1;)",
               "alert dns any any -> any any (dns.query; bsize:3; sid:2;)"});
    Flow f;
    f.ip_proto = 17;
    FakeTransaction tx(AppProto::Dns);
    tx.set(BufferId::DnsQuery, {"good.org", "www.evil.com"});
    AppRun r{{&tx}};
    auto p = TestPacket::udp("dns");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Dns)), std::vector<uint32_t>{1});
}

TEST(App, OncePerTransactionAndDirection) {
    Harness h({"alert http any any -> any any (http.header; content:\"X-Evil\"; sid:1;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpHeader, {"X-Evil: 1\r\n"}, true).set(BufferId::HttpHeader, {"X-Evil: 2\r\n"}, false);
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)).size(), 1u);
    EXPECT_TRUE(h.run_app(p.p, &f, true, r.in(AppProto::Http)).empty());  // the same tx again
    auto resp = TestPacket::make(6, "192.168.1.1", 80, "10.0.0.1", 40000, "y");
    EXPECT_EQ(h.run_app(resp.p, &f, false, r.in(AppProto::Http)).size(), 1u);  // the response side
    FakeTransaction tx2(AppProto::Http);
    tx2.set(BufferId::HttpHeader, {"X-Evil: 3\r\n"});
    AppRun r2{{&tx, &tx2}};
    EXPECT_EQ(h.run_app(p.p, &f, true, r2.in(AppProto::Http)).size(), 1u);  // only the new one
    EXPECT_EQ(h.alerts[0].tx, &tx2);
}

TEST(App, BufferSidesChooseThePacketDirection) {
    Harness h({"alert http any any -> any any (http.stat_code; content:\"404\"; sid:1;)",
               "alert http any any -> any any (http.uri; content:\"/a\"; sid:2;)",
               // request and response buffers together ("=>"): evaluated on the response,
               // the addresses naming the request's direction
               "alert http 10.0.0.1 any => any 80 (http.method; content:\"GET\"; http.stat_code; content:\"404\"; sid:3;)",
               "alert http any any -> any any (flow:to_server; http.stat_code; content:\"404\"; sid:4;)",
               "alert http any any -> any any (http.method; content:\"GET\"; http.stat_code; content:\"404\"; sid:5;)",
               "alert http 192.168.1.1 any => any any (http.method; content:\"GET\"; http.stat_code; content:\"404\"; sid:6;)"});
    EXPECT_EQ(h.rejected.size(), 2u);  // sid 4 and 5: conflicting directions
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/a"}).set(BufferId::HttpMethod, {"GET"});
    AppRun r{{&tx}};
    auto req = TestPacket::tcp("q");
    EXPECT_EQ(h.run_app(req.p, &f, true, r.in(AppProto::Http)), std::vector<uint32_t>{2});
    tx.set(BufferId::HttpStatCode, {"404"}, false);
    auto resp = TestPacket::make(6, "192.168.1.1", 80, "10.0.0.1", 40000, "r");
    EXPECT_EQ(h.run_app(resp.p, &f, false, r.in(AppProto::Http)), (std::vector<uint32_t>{1, 3}));
}

TEST(App, WaitsForABufferToBeReady) {
    Harness h({"alert http any any -> any any (http.uri; content:\"/a\"; http.user_agent; content:\"curl\"; sid:1;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/a"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_TRUE(h.run_app(p.p, &f, true, r.in(AppProto::Http)).empty());  // headers not parsed yet
    tx.set(BufferId::HttpUserAgent, {"curl/8"});
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), std::vector<uint32_t>{1});
}

TEST(App, PayloadAndTransactionTogether) {
    Harness h({"alert http any any -> any any (content:\"magic\"; http.uri; content:\"/x\"; sid:1;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/x"});
    AppRun r{{&tx}};
    auto plain = TestPacket::tcp("nothing");
    Chunk c1("nothing");
    EXPECT_TRUE(h.run_app(plain.p, &f, true, r.in(AppProto::Http), &c1.c).empty());
    auto magic = TestPacket::tcp("GET /x magic");
    Chunk c2("GET /x magic");
    EXPECT_EQ(h.run_app(magic.p, &f, true, r.in(AppProto::Http), &c2.c), std::vector<uint32_t>{1});
    EXPECT_TRUE(h.alerts[0].from_stream);
}

TEST(App, RulesWithoutFastPatternAndChecks) {
    Harness h({"alert http any any -> any any (http.uri; pcre:\"/^\\/[a-z]{3}$/\"; sid:1;)",
               "alert http any any -> any any (urilen:>10; sid:2;)",
               "alert http any any -> any any (urilen:4,raw; sid:3;)",
               "alert dns any any -> any any (dns.opcode:!0; sid:4;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/abc"}).num(app::NumberId::UriLen, 4).num(app::NumberId::UriLenRaw, 4);
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), (std::vector<uint32_t>{1, 3}));
    Flow d;
    d.ip_proto = 17;
    FakeTransaction q(AppProto::Dns);
    q.num(app::NumberId::DnsOpcode, 4);
    AppRun rd{{&q}};
    auto u = TestPacket::udp("x");
    EXPECT_EQ(h.run_app(u.p, &d, true, rd.in(AppProto::Dns)), std::vector<uint32_t>{4});
}

TEST(App, TransformedBuffers) {
    Harness h({"alert dns any any -> any any (dns.query; dotprefix; content:\".evil.com\"; endswith; sid:1;)",
               "alert http any any -> any any (http.uri; url_decode; to_lowercase; content:\"/admin\"; sid:2;)",
               "alert http any any -> any any (http.user_agent; to_md5; "
               "content:\"|a6 05 48 ec 95 25 d9 44 3b 8e 74 01 37 52 d3 ed|\"; sid:3;)",
               "alert http any any -> any any (http.uri; content:\"/ADMIN\"; sid:4;)"});
    Flow d;
    d.ip_proto = 17;
    FakeTransaction q(AppProto::Dns);
    q.set(BufferId::DnsQuery, {"evil.com"});
    FakeTransaction q2(AppProto::Dns);
    q2.set(BufferId::DnsQuery, {"notevil.com"});
    AppRun rd{{&q, &q2}};
    auto u = TestPacket::udp("x");
    EXPECT_EQ(h.run_app(u.p, &d, true, rd.in(AppProto::Dns)), std::vector<uint32_t>{1});
    EXPECT_EQ(h.alerts[0].tx, &q);
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/%41dmin"}).set(BufferId::HttpUserAgent, {"abc"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    // md5("abc") = 900150983cd24fb0d6963f7d28e17f72: sid 3 does not match it
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), std::vector<uint32_t>{2});
}

TEST(App, AppLayerProtocolKeyword) {
    Harness h({"alert tcp any any -> any any (app-layer-protocol:tls; sid:1;)",
               "alert tcp any any -> any any (app-layer-protocol:!http; content:\"x\"; sid:2;)",
               "alert tcp any any -> any any (app-layer-protocol:failed; content:\"x\"; sid:3;)",
               "alert tcp any any -> any any (app-layer-protocol:!tls,final; content:\"x\"; sid:4;)"});
    Flow f;  // UDP: payload rules read the packet
    f.ip_proto = 17;
    AppRun none;
    auto p = TestPacket::make(6, "10.0.0.1", 40000, "192.168.1.1", 443, "x");
    p.p.ip_proto = 6;
    auto run = [&](Flow& fl, bool ts, AppProto proto) {
        auto pk = ts ? p : TestPacket::make(6, "192.168.1.1", 443, "10.0.0.1", 40000, "x");
        return h.run_app(pk.p, &fl, ts, none.in(proto));
    };
    // not identified yet: only the negated, non-final condition holds
    EXPECT_EQ(run(f, true, AppProto::Unknown), std::vector<uint32_t>{2});
    // identified as TLS: the protocol-only rule matches once per direction
    EXPECT_EQ(run(f, true, AppProto::Tls), (std::vector<uint32_t>{1, 2}));
    EXPECT_EQ(run(f, true, AppProto::Tls), std::vector<uint32_t>{2});
    EXPECT_EQ(run(f, false, AppProto::Tls), (std::vector<uint32_t>{1, 2}));
    Flow g;
    g.ip_proto = 17;
    EXPECT_EQ(run(g, true, AppProto::Failed), (std::vector<uint32_t>{2, 3, 4}));
}

TEST(App, PassOnATransactionSuppressesLowerPrecedence) {
    Harness h({"alert http any any -> any any (http.host; content:\"example\"; sid:1;)",
               "alert tcp any any -> any any (content:\"GET\"; sid:2;)",
               "pass http any any -> any any (http.host; content:\"example.com\"; sid:3;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpHost, {"example.com"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("GET /");
    Chunk c("GET /");
    EXPECT_TRUE(h.run_app(p.p, &f, true, r.in(AppProto::Http), &c.c).empty());
    EXPECT_EQ(h.w->counters().flows_passed, 1u);  // a flow-scope pass: the flow is done
    Flow g = http_flow();
    FakeTransaction other(AppProto::Http);
    other.set(BufferId::HttpHost, {"example.org"});
    AppRun r2{{&other}};
    EXPECT_EQ(h.run_app(p.p, &g, true, r2.in(AppProto::Http), &c.c), (std::vector<uint32_t>{1, 2}));
}

TEST(App, FastPatternPrefersAppBuffers) {
    Harness h({"alert http any any -> any any (content:\"x\"; http.uri; content:\"/longer\"; http.method; "
               "content:\"GET\"; sid:1;)"});
    auto* rs = static_cast<const RuleSet*>(h.det.get());
    const AppGroup* g = rs->app_groups().group(AppProto::Http, true);
    ASSERT_NE(g, nullptr);
    ASSERT_EQ(g->dbs.size(), 1u);
    EXPECT_TRUE(g->always.empty());
    EXPECT_EQ(h.det->build_stats().app_kinds, 2u);
    EXPECT_EQ(rs->app_groups().group(AppProto::Http, false), nullptr);  // http.uri: request side only
}

TEST(App, AbsentAndExplicitSides) {
    Harness h({"alert http any any -> any any (http.uri; content:\"/\"; http.referer; absent; sid:1;)",
               "alert http any any -> any any (http.referer; absent: or_else; content:!\"example\"; sid:2;)",
               "alert http any any -> any any (http.user_agent; absent; sid:3;)",
               "alert http any any => any any (http.connection: to_server; content:\"keep\"; "
               "http.connection: to_client; content:\"close\"; sid:4;)",
               "alert http any any -> any any (http.referer; content:!\"example\"; sid:5;)"});
    EXPECT_TRUE(h.rejected.empty());
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/"}).set(BufferId::HttpUserAgent, {"curl"});
    tx.set(BufferId::HttpConnection, {"keep-alive"}, true).set(BufferId::HttpConnection, {"close"}, false);
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), (std::vector<uint32_t>{1, 2}));
    auto resp = TestPacket::make(6, "192.168.1.1", 80, "10.0.0.1", 40000, "y");
    EXPECT_EQ(h.run_app(resp.p, &f, false, r.in(AppProto::Http)), std::vector<uint32_t>{4});
}

TEST(App, AFinishedTransactionIsSeenFromBothSides) {
    // The request rule's condition only holds once the response was parsed (an event
    // in Suricata): the finished transaction gets the request side's look on the
    // response packet, as Suricata gives it on the next request-side packet.
    Harness h({"alert http any any -> any any (flow:to_server; http.uri; content:\"/a\"; "
               "http.header; content:\"late\"; sid:1;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/a"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_TRUE(h.run_app(p.p, &f, true, r.in(AppProto::Http)).empty());
    tx.set(BufferId::HttpHeader, {"late: 1\r\n"});
    tx.request_done = tx.response_done = true;
    auto resp = TestPacket::make(6, "192.168.1.1", 80, "10.0.0.1", 40000, "y");
    EXPECT_EQ(h.run_app(resp.p, &f, false, r.in(AppProto::Http)), std::vector<uint32_t>{1});
}

TEST(App, DerivedBuffers) {
    EXPECT_NE(app_buffer_info("dns.response.rrname"), nullptr);
    EXPECT_EQ(app_buffer_info("dns.response.rrname")->sides, kToClient);
    Harness h({"alert tls any any -> any any (tls.random_time; content:\"|01 02 03 04|\"; bsize:4; sid:1;)",
               "alert tls any any -> any any (tls.random_bytes; content:\"|05|\"; startswith; bsize:28; sid:2;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Tls);
    std::string rnd;
    for (int i = 1; i <= 32; ++i) rnd.push_back(char(i));
    tx.set(BufferId::TlsRandom, {rnd});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x", 40000, 443);
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Tls)), (std::vector<uint32_t>{1, 2}));
}

TEST(App, DnsResponsesAndEvents) {
    Harness h({"alert dns any any -> any any (dns.response.rrname; content:\"mx.example.org\"; sid:1;)",
               "alert dns any any -> any any (dns.queries.rrname; content:\"example.org\"; sid:2;)",
               "alert dns any any -> any any (dns.rcode:3; sid:3;)",
               "alert dns any any -> any any (app-layer-event:dns.invalid_opcode; sid:4;)",
               "alert dns any any -> any any (dns.query; content:\"example.org\"; sid:5;)",
               "alert dns any any -> any any (dns.rrtype:15,0; sid:6;)",
               "alert dns any any -> any any (dns.rrtype:1,all; sid:7;)",
               "alert dns any any -> any any (dns.rrtype:15,-1; sid:8;)"});
    EXPECT_TRUE(h.rejected.empty());
    app::dns::DnsMessage m;
    m.header.flags = 0x8183;  // response, NXDOMAIN
    m.queries.push_back(app::dns::DnsQuestion{{"example.org", 0}, 15, 1});
    app::dns::DnsRecord mx;
    mx.name.value = "example.org";
    mx.rrtype = 15;
    mx.data = app::dns::RdataName{{"mx.example.org", 0}, 10};
    m.answers.push_back(mx);
    app::DnsTransaction resp(m, false);
    resp.tx_id = 1;
    AppRun r{{&resp}};
    const app::AppEvent events[] = {{"dns.invalid_opcode", 1}, {"dns.z_flag_set", 7}};
    AppInput in = r.in(AppProto::Dns);
    in.events = events;
    Flow f;
    f.ip_proto = 17;
    auto p = TestPacket::make(17, "192.168.1.1", 53, "10.0.0.1", 40000, "x");
    EXPECT_EQ(h.run_app(p.p, &f, false, in), (std::vector<uint32_t>{1, 2, 3, 4, 6, 8}));  // dns.query: requests only
}

TEST(App, TlsCertificates) {
    Harness h({"alert tls any any -> any any (tls_cert_notafter:>2015; sid:1;)",
               "alert tls any any -> any any (tls_cert_notbefore:2014-01-01<>2015-01-01; sid:2;)",
               "alert tls any any -> any any (tls_cert_expired; sid:3;)",
               "alert tls any any -> any any (flow:to_server; tls.cert_subject; content:\"CN=client\"; sid:4;)",
               "alert tls any any -> any any (tls.cert_subject; content:\"CN=server\"; sid:5;)",
               "alert tls any any -> any any (tls.subject:\"CN=serv\"; tls.cert_chain_len:1; sid:6;)"});
    EXPECT_TRUE(h.rejected.empty()) << h.rejected.front().reason;
    app::TlsTransaction tx;
    app::TlsCert server;
    server.decoded = true;
    server.subject = "CN=server";
    server.not_before = *parse_cert_date("2014-06-01");
    server.not_after = *parse_cert_date("2016-06-01");
    tx.server_certs.push_back(server);
    app::TlsCert client = server;
    client.subject = "CN=client";
    tx.client_certs.push_back(client);
    AppRun r{{&tx}};
    Flow f = http_flow();
    auto req = TestPacket::tcp("x", 40000, 443);
    EXPECT_EQ(h.run_app(req.p, &f, true, r.in(AppProto::Tls)), std::vector<uint32_t>{4});
    auto resp = TestPacket::make(6, "192.168.1.1", 443, "10.0.0.1", 40000, "y");
    resp.p.ts.sec = *parse_cert_date("2020-01-01");
    EXPECT_EQ(h.run_app(resp.p, &f, false, r.in(AppProto::Tls)), (std::vector<uint32_t>{1, 2, 3, 5, 6}));
}

TEST(App, CertificateDates) {
    EXPECT_EQ(parse_cert_date("1970-01-01"), 0);
    EXPECT_EQ(parse_cert_date("2015"), 1420070400);
    EXPECT_EQ(parse_cert_date("2000-03-01T00:00:01"), 951868801);
    EXPECT_EQ(parse_cert_date("1969-12-31T23:59:59"), -1);
    EXPECT_FALSE(parse_cert_date("2015-13"));
    EXPECT_FALSE(parse_cert_date("soon"));
}

TEST(App, UricontentIsHttpUri) {
    Harness h({"alert tcp any any -> any any (uricontent:\"/x.gif\"; nocase; sid:1;)"});
    Flow f = http_flow();
    FakeTransaction tx(AppProto::Http);
    tx.set(BufferId::HttpUri, {"/X.GIF"});
    AppRun r{{&tx}};
    auto p = TestPacket::tcp("x");
    EXPECT_EQ(h.run_app(p.p, &f, true, r.in(AppProto::Http)), std::vector<uint32_t>{1});
}

// ---- transforms, one by one ----

struct XfRow {
    const char* transform;
    std::string in;
    std::string want;
};
void PrintTo(const XfRow& r, std::ostream* os) { *os << r.transform << " on \"" << r.in << "\""; }
class TransformTable : public ::testing::TestWithParam<XfRow> {};

TEST_P(TransformTable, Applies) {
    CompileContext ctx;
    auto t = parse_transform(GetParam().transform, ctx);
    ASSERT_TRUE(t.ok()) << t.error();
    PcreScratch pcre(ctx.max_pcre_pairs, 3500, 1500);
    std::vector<uint8_t> out;
    const std::string& in = GetParam().in;
    apply_transform(*t, reinterpret_cast<const uint8_t*>(in.data()), uint32_t(in.size()), out, &pcre);
    EXPECT_EQ(std::string(out.begin(), out.end()), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(Transforms, TransformTable, ::testing::Values(
    XfRow{"to_lowercase", "AbC1", "abc1"},
    XfRow{"to_uppercase", "AbC1", "ABC1"},
    XfRow{"strip_whitespace", " a b\t\r\nc ", "abc"},
    XfRow{"compress_whitespace", "a  b\t\t c", "a b\tc"},
    XfRow{"dotprefix", "example.com", ".example.com"},
    XfRow{"url_decode", "%41%2f+x%4", "A/ x%4"},
    XfRow{"xor:\"0102\"", std::string("\x60\x60\x62", 3), "abc"},
    XfRow{"pcrexform:\"id=([0-9]+)\"", "?id=42&x", "42"},
    XfRow{"pcrexform:\"nomatch(x)\"", "abc", "abc"},
    XfRow{"header_lowercase", "Host: ExAmple\r\nX-A: B\r\n", "host: ExAmple\r\nx-a: B\r\n"},
    XfRow{"strip_pseudo_headers", ":method: GET\r\nhost: a\r\n:path: /\r\n", "host: a\r\n"},
    XfRow{"from_base64", "aGVsbG8=", "hello"},
    XfRow{"to_md5", "abc", std::string("\x90\x01\x50\x98\x3c\xd2\x4f\xb0\xd6\x96\x3f\x7d\x28\xe1\x7f\x72", 16)},
    XfRow{"to_sha1", "", std::string("\xda\x39\xa3\xee\x5e\x6b\x4b\x0d\x32\x55\xbf\xef\x95\x60\x18\x90\xaf\xd8\x07\x09", 20)}
));

TEST(Transforms, UnknownOrBadArgumentsAreRefused) {
    CompileContext ctx;
    EXPECT_FALSE(parse_transform("to_rot13", ctx).ok());
    EXPECT_FALSE(parse_transform("xor:\"0g\"", ctx).ok());
    EXPECT_FALSE(parse_transform("pcrexform:\"(\"", ctx).ok());
}

TEST(Transforms, ChainsApplyInOrder) {
    CompileContext ctx;
    std::vector<Transform> chain = {*parse_transform("strip_whitespace", ctx), *parse_transform("to_uppercase", ctx),
                                    *parse_transform("dotprefix", ctx)};
    TransformScratch s;
    std::vector<uint8_t> out = {'>'};
    const std::string in = "a b c";
    apply_transforms(chain, reinterpret_cast<const uint8_t*>(in.data()), uint32_t(in.size()), out, s);
    EXPECT_EQ(std::string(out.begin(), out.end()), ">.ABC");  // appended to what `out` held
}

}  // namespace
}  // namespace vigie::detect::testing
