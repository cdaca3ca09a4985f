// DnsParser: transactions per message, pairing, anomalies, TCP framing at every
// split, gaps, bounds, probes and the detection buffers.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "app/dns/dns_parser.h"
#include "app/parsers.h"
#include "dns_test_util.h"

namespace vigie::app {
namespace {

using dns::test::Bytes;
using dns::test::kQname;
using dns::test::Msg;

constexpr bool kToServer = true, kToClient = false;

Msg query(uint16_t id, const char* qname, uint16_t type = 1, uint16_t flags = 0x0100) {
    return Msg::header(id, flags, 1).question(qname, type);
}
Msg reply(uint16_t id, const char* qname, uint16_t type = 1, uint16_t flags = 0x8180) {
    return Msg::header(id, flags, 1, 1).question(qname, type).rr_ptr(kQname, 1, 60, {192, 0, 2, 7});
}

struct Harness {
    explicit Harness(bool tcp, AppConfig cfg = {}) : p(cfg, tcp) {}
    void feed(bool to_server, const Bytes& b, int64_t sec = 1) {
        p.feed(to_server, b.data(), uint32_t(b.size()), Timestamp{sec, 0});
    }
    std::vector<DnsTransaction*> txs() {
        std::vector<DnsTransaction*> v;
        for (size_t i = 0; i < p.tx_count(); ++i) v.push_back(static_cast<DnsTransaction*>(p.tx_at(i)));
        return v;
    }
    std::vector<std::string> event_names() {
        std::vector<std::string> v;
        for (const auto& e : p.events()) v.push_back(e.name);
        return v;
    }
    DnsParser p;
};

std::string query_name(const Transaction& tx, uint32_t i) {
    BufferView v;
    if (!tx.buffer(BufferId::DnsQuery, i, v)) return "<none>";
    return std::string(reinterpret_cast<const char*>(v.data), v.len);
}

TEST(DnsParser, UdpQueryAndResponseAreTwoTransactions) {
    Harness h(false);
    h.feed(kToServer, query(0x1234, "www.Example.COM").b, 5);
    h.feed(kToClient, reply(0x1234, "www.Example.COM").b, 6);
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), 2u);
    EXPECT_TRUE(txs[0]->is_request());
    EXPECT_FALSE(txs[1]->is_request());
    EXPECT_EQ(txs[0]->tx_id, 0u);
    EXPECT_EQ(txs[1]->tx_id, 1u);
    EXPECT_EQ(txs[0]->ts.sec, 5);
    EXPECT_EQ(txs[1]->ts.sec, 6);
    EXPECT_TRUE(txs[0]->request_done && txs[0]->response_done);
    EXPECT_EQ(txs[1]->request_tx_id, 0u);  // paired by id and question
    EXPECT_EQ(txs[1]->dns_id(), 0x1234);
    ASSERT_NE(txs[1]->response(), nullptr);
    EXPECT_EQ(txs[1]->response()->answers.size(), 1u);
    // dns.query: as sent (case kept), both directions
    EXPECT_EQ(query_name(*txs[0], 0), "www.Example.COM");
    EXPECT_EQ(query_name(*txs[1], 0), "www.Example.COM");
    EXPECT_EQ(query_name(*txs[0], 1), "<none>");
    BufferView v;
    EXPECT_FALSE(txs[0]->buffer(BufferId::TlsSni, 0, v));
    EXPECT_TRUE(h.p.events().empty());

    std::vector<std::unique_ptr<Transaction>> out;
    h.p.take_finished(out, false);
    EXPECT_EQ(out.size(), 2u);
    EXPECT_EQ(h.p.tx_count(), 0u);
}

TEST(DnsParser, BuffersWalkQuestionsAndOpcode) {
    Harness h(false);
    h.feed(kToServer, Msg::header(1, 4 << 11, 3).question("a.example", 1).question("b.example", 28).question("", 2).b);
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), 1u);
    EXPECT_EQ(query_name(*txs[0], 0), "a.example");
    EXPECT_EQ(query_name(*txs[0], 1), "b.example");
    EXPECT_EQ(query_name(*txs[0], 2), "");  // the root
    EXPECT_EQ(query_name(*txs[0], 3), "<none>");
    uint64_t op = 99;
    ASSERT_TRUE(txs[0]->number(NumberId::DnsOpcode, op));
    EXPECT_EQ(op, 4u);  // NOTIFY
    EXPECT_FALSE(txs[0]->number(NumberId::UriLen, op));
}

TEST(DnsParser, PairingNeedsIdAndQuestion) {
    Harness h(false);
    h.feed(kToServer, query(7, "a.example").b);       // tx 0
    h.feed(kToServer, query(7, "b.example").b);       // tx 1, same id
    h.feed(kToClient, reply(7, "b.example").b);       // tx 2 -> 1
    h.feed(kToClient, reply(8, "a.example").b);       // tx 3: other id
    h.feed(kToClient, reply(7, "a.example", 28).b);   // tx 4: other type
    h.feed(kToClient, reply(7, "a.example").b);       // tx 5 -> 0
    h.feed(kToClient, reply(7, "a.example").b);       // tx 6: already answered
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), 7u);
    EXPECT_EQ(txs[2]->request_tx_id, 1u);
    EXPECT_FALSE(txs[3]->request_tx_id);
    EXPECT_FALSE(txs[4]->request_tx_id);
    EXPECT_EQ(txs[5]->request_tx_id, 0u);
    EXPECT_FALSE(txs[6]->request_tx_id);
}

TEST(DnsParser, PendingRequestsAreBounded) {
    Harness h(false);
    const int n = int(kDnsPendingWindow) + 8;
    for (int i = 0; i < n; ++i) h.feed(kToServer, query(uint16_t(i), "x.example").b);
    for (int i = 0; i < n; ++i) h.feed(kToClient, reply(uint16_t(i), "x.example").b);
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), size_t(2 * n));
    for (int i = 0; i < n; ++i) EXPECT_EQ(bool(txs[n + i]->request_tx_id), i >= 8) << i;  // oldest forgotten
}

TEST(DnsParser, Anomalies) {
    struct Case {
        const char* what;
        bool to_server;
        Bytes msg;
        size_t txs_made;                   // after a first good request (tx 0)
        std::vector<std::string> events;   // in order
        uint64_t event_tx;                 // tx_id the events carry
    };
    Msg loop = Msg::header(1, 0x8180, 1, 1).question("a", 1);
    const uint8_t rd = uint8_t(loop.size() + 12);
    loop.rr_ptr(kQname, 5, 1, {0xc0, uint8_t(rd + 2), 1, 'x', 0xc0, uint8_t(rd + 4)});
    Msg cycle = Msg::header(1, 0x8180, 1, 1).question("a", 1);
    const uint8_t rc = uint8_t(cycle.size() + 12);
    cycle.rr_ptr(kQname, 5, 1, {0xc0, uint8_t(rc + 2), 0xc0, rc});
    Msg long_name = Msg::header(1, 0x0100, 1);
    for (int i = 0; i < 17; ++i) long_name.u8(63).raw(std::string(63, 'n'));
    long_name.u8(0).u16(1).u16(1);
    Msg bad_ns = Msg::header(1, 0x8180, 1, 0, 1).question("a", 1);
    bad_ns.u16(0xc000 | kQname).rr_fixed(2, 1, 9).raw({1});
    Msg bad_ar = Msg::header(1, 0x8180, 1, 0, 0, 1).question("a", 1);
    bad_ar.u8(0).rr_fixed(41, 0, 2).raw({0, 1});

    const std::vector<Case> cases = {
        {"response sent to the server", kToServer, reply(2, "a").b, 0, {"dns.not_a_request"}, 0},
        {"request sent to the client", kToClient, query(2, "a").b, 1, {"dns.not_a_response"}, 1},
        {"z flag", kToServer, query(2, "a", 1, 0x0140).b, 1, {"dns.z_flag_set"}, 1},
        {"opcode 9", kToServer, query(2, "a", 1, 9 << 11).b, 1, {"dns.invalid_opcode"}, 1},
        {"opcode 6 is valid", kToServer, query(2, "a", 1, 6 << 11).b, 1, {}, 0},
        {"question cut", kToServer, Msg::header(2, 0, 1).raw({3, 'a', 'b', 'c', 0, 0}).b, 0, {"dns.malformed_data"}, 0},
        {"not DNS: ignored on UDP", kToServer, Bytes{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.'}, 0, {}, 0},
        {"pointer loop", kToClient, loop.b, 1, {"dns.infinite_loop"}, 1},
        {"pointer cycle", kToClient, cycle.b, 1, {"dns.too_many_labels"}, 1},
        {"name over 1025 bytes", kToServer, long_name.b, 1, {"dns.name_too_long"}, 1},
        {"broken authority", kToClient, bad_ns.b, 1, {"dns.invalid_authorities"}, 1},
        {"broken additional", kToClient, bad_ar.b, 1, {"dns.invalid_additionals"}, 1},
        {"several at once", kToClient, query(2, "a", 1, 0x0040 | (10 << 11)).b, 1,
         {"dns.not_a_response", "dns.z_flag_set", "dns.invalid_opcode"}, 1},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        Harness h(false);
        h.feed(kToServer, query(1, "first").b);
        h.p.events().clear();
        h.feed(c.to_server, c.msg);
        EXPECT_EQ(h.p.tx_count(), 1 + c.txs_made);
        EXPECT_EQ(h.event_names(), c.events);
        for (const auto& e : h.p.events()) EXPECT_EQ(e.tx_id, c.event_tx);
    }
}

TEST(DnsParser, TcpEverySplitGivesTheSameTransactions) {
    // Two requests in one direction, back to back, plus a zero-length frame.
    Bytes stream = query(1, "one.example").tcp();
    const Bytes second = Msg::header(2, 0x0100, 2).question("two.example", 28).question("three.example", 16).tcp();
    stream.insert(stream.end(), {0, 0});
    stream.insert(stream.end(), second.begin(), second.end());
    auto check = [](Harness& h) {
        auto txs = h.txs();
        ASSERT_EQ(txs.size(), 2u);
        EXPECT_EQ(query_name(*txs[0], 0), "one.example");
        EXPECT_EQ(query_name(*txs[1], 1), "three.example");
        EXPECT_EQ(txs[1]->tx_id, 1u);
        EXPECT_TRUE(h.p.events().empty());
        EXPECT_EQ(h.p.buffered(kToServer), 0u);
    };
    for (size_t cut = 0; cut <= stream.size(); ++cut) {
        SCOPED_TRACE(cut);
        Harness h(true);
        h.feed(kToServer, Bytes(stream.begin(), stream.begin() + cut));
        h.feed(kToServer, Bytes(stream.begin() + cut, stream.end()));
        check(h);
    }
    Harness bytewise(true);
    for (uint8_t b : stream) bytewise.feed(kToServer, Bytes{b});
    check(bytewise);
}

TEST(DnsParser, TcpDirectionsAreIndependent) {
    Harness h(true);
    const Bytes q = query(5, "x.example").tcp(), r = reply(5, "x.example").tcp();
    h.feed(kToServer, Bytes(q.begin(), q.begin() + 7));
    h.feed(kToClient, Bytes(r.begin(), r.begin() + 3));
    h.feed(kToServer, Bytes(q.begin() + 7, q.end()));
    h.feed(kToClient, Bytes(r.begin() + 3, r.end()));
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), 2u);
    EXPECT_TRUE(txs[0]->is_request());
    EXPECT_EQ(txs[1]->request_tx_id, 0u);
}

TEST(DnsParser, TcpInvalidMessageStopsTheFlow) {
    Harness h(true);
    Bytes garbage = Msg::header(1, 0x0100, 0).tcp();  // a request asking nothing
    h.feed(kToServer, garbage);
    EXPECT_TRUE(h.p.stopped());
    h.feed(kToServer, query(2, "later").tcp());
    EXPECT_EQ(h.p.tx_count(), 0u);

    Harness m(true);
    m.feed(kToServer, query(1, "ok").tcp());
    m.feed(kToServer, Msg::header(2, 0, 1).raw({9, 'x'}).tcp());  // question cut
    EXPECT_TRUE(m.p.stopped());
    EXPECT_EQ(m.event_names(), std::vector<std::string>{"dns.malformed_data"});
    EXPECT_EQ(m.p.events()[0].tx_id, 0u);
}

TEST(DnsParser, TcpGapResynchronises) {
    Harness h(true);
    const Bytes a = query(1, "a.example").tcp(), b = query(2, "b.example").tcp(), c = query(3, "c.example").tcp();
    h.feed(kToServer, a);
    h.feed(kToServer, Bytes(b.begin(), b.begin() + 9));  // b is cut by a gap
    h.p.on_gap(kToServer, 10);
    EXPECT_EQ(h.p.buffered(kToServer), 0u);
    h.feed(kToServer, Bytes{'r', 'a', 'n', 'd', 'o', 'm', ' ', 'm', 'i', 'd', 'd', 'l', 'e', ' ', 'b', 'y', 't', 'e'});
    EXPECT_EQ(h.p.tx_count(), 1u);  // dropped: does not start a message
    EXPECT_FALSE(h.p.stopped());
    h.feed(kToServer, c);
    auto txs = h.txs();
    ASSERT_EQ(txs.size(), 2u);
    EXPECT_EQ(query_name(*txs[1], 0), "c.example");
}

TEST(DnsParser, BufferedBytesAreBoundedByOneMessage) {
    Harness h(true);
    Bytes big = Msg::header(1, 0x8180, 1, 1).question("q", 16).rr_ptr(kQname, 16, 1, Bytes(60000, 3)).tcp();
    for (size_t i = 0; i + 1000 < big.size(); i += 1000) {
        h.feed(kToClient, Bytes(big.begin() + i, big.begin() + i + 1000));
        EXPECT_LE(h.p.buffered(kToClient), size_t(65537));
    }
    EXPECT_EQ(h.p.tx_count(), 0u);
    h.feed(kToClient, Bytes(big.begin() + (big.size() / 1000) * 1000, big.end()));
    ASSERT_EQ(h.p.tx_count(), 1u);
    EXPECT_EQ(h.p.buffered(kToClient), 0u);
}

TEST(DnsParser, TransactionsPerFlowAreBounded) {
    AppConfig cfg;
    cfg.max_tx_per_flow = 2;
    Harness h(false, cfg);
    for (uint16_t i = 0; i < 5; ++i) h.feed(kToServer, query(i, "x").b);
    EXPECT_EQ(h.p.tx_count(), 2u);
    EXPECT_EQ(h.p.dropped(), 3u);
    EXPECT_EQ(h.event_names(), std::vector<std::string>{"dns.flooded"});  // once per burst
    std::vector<std::unique_ptr<Transaction>> out;
    h.p.take_finished(out, false);
    h.feed(kToServer, query(9, "x").b);
    ASSERT_EQ(h.p.tx_count(), 1u);
    EXPECT_EQ(h.p.tx_at(0)->tx_id, 2u);  // dropped messages take no tx_id
}

TEST(DnsProbe, Table) {
    struct Case {
        const char* what;
        Bytes data;
        bool tcp;
        Probe want;
    };
    const Bytes q = query(1, "www.example.com").b, r = reply(1, "www.example.com").b, qt = query(1, "www.example.com").tcp();
    const std::vector<Case> cases = {
        {"udp query", q, false, Probe::Yes},
        {"udp response", r, false, Probe::Yes},
        {"udp opcode 9 is still DNS", query(1, "a", 1, 9 << 11).b, false, Probe::Yes},
        {"udp cut query", Bytes(q.begin(), q.end() - 3), false, Probe::No},
        {"udp short", Bytes(q.begin(), q.begin() + 11), false, Probe::No},
        {"udp request without question", Msg::header(1, 0x0100, 0).b, false, Probe::No},
        {"udp text", Bytes{'H', 'E', 'L', 'O', ' ', 'm', 'a', 'i', 'l', '.', 'e', 'x', 'a', 'm'}, false, Probe::No},
        {"tcp 1 byte", Bytes(qt.begin(), qt.begin() + 1), true, Probe::NeedMore},
        {"tcp length and half a header", Bytes(qt.begin(), qt.begin() + 8), true, Probe::NeedMore},
        {"tcp header of a longer message", Bytes(qt.begin(), qt.begin() + 14), true, Probe::Yes},
        {"tcp whole message", qt, true, Probe::Yes},
        {"tcp zero length", Bytes{0, 0, 1, 2}, true, Probe::No},
        {"tcp implausible header", Msg::header(1, 0x0100, 0).tcp(), true, Probe::No},
        {"tcp http", Bytes{'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n'}, true, Probe::No},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        EXPECT_EQ(probe_dns(c.data.data(), uint32_t(c.data.size()), c.tcp), c.want);
    }
    EXPECT_FALSE(probe_dns_is_response(q.data(), uint32_t(q.size()), false));
    EXPECT_TRUE(probe_dns_is_response(r.data(), uint32_t(r.size()), false));
    const Bytes rt = reply(1, "a").tcp();
    EXPECT_TRUE(probe_dns_is_response(rt.data(), uint32_t(rt.size()), true));
}

TEST(DnsParser, FactoryMakesADnsParser) {
    auto p = make_dns_parser(AppConfig{}, true);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->proto(), AppProto::Dns);
    const Bytes q = query(1, "f").tcp();
    p->feed(true, q.data(), uint32_t(q.size()), Timestamp{});
    EXPECT_EQ(p->tx_count(), 1u);
    EXPECT_EQ(p->tx_at(0)->proto(), AppProto::Dns);
}

}  // namespace
}  // namespace vigie::app
