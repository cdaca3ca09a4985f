// Malformed TLS: each row is bytes for one direction and the event Suricata would
// raise; the parser must flag it and never crash or over-read (run under ASan).
#include "tls_test_util.h"

namespace vigie::app::testing {
namespace {

struct Row {
    const char* name;
    bool to_server;
    Bytes wire;
    const char* event;  // nullptr: no event expected
};

void PrintTo(const Row& r, std::ostream* os) { *os << r.name; }

Bytes hello() { return handshake(1, client_hello_body(0x0303, {0x1301}, {ext_sni("a.example")})); }
Bytes truncated_hello() {
    Bytes h = client_hello_body(0x0303, {0x1301}, {ext_sni("a.example")});
    h.resize(40);  // cut inside the cipher list
    return handshake(1, h);
}
Bytes bad_sni() {
    Ext e = ext_sni("a.example");
    e.data[0] = 0x7f;  // list length larger than the extension
    return handshake(1, client_hello_body(0x0303, {0x1301}, {e}));
}
Bytes two_snis() { return handshake(1, client_hello_body(0x0303, {0x1301}, {ext_sni("a"), ext_sni("b")})); }

const Row kRows[] = {
    {"record type 0x42", true, cat({record(0x16, hello()), Bytes{0x42, 3, 3, 0, 1, 0}}), "tls.invalid_record_type"},
    {"record version 2.9", true, Bytes{0x16, 2, 9, 0, 4, 1, 0, 0, 0}, "tls.invalid_record_version"},
    {"record version 3.9", false, Bytes{0x16, 3, 9, 0, 4, 2, 0, 0, 0}, "tls.invalid_record_version"},
    {"unknown handshake type", true, record(0x16, handshake(0x63, Bytes(3, 0))), "tls.invalid_handshake_message"},
    {"ServerHello sent to the server", true, record(0x16, handshake(2, server_hello_body(0x0303, 1, {}))),
     "tls.invalid_handshake_message"},
    {"ClientHello sent to the client", false, record(0x16, hello()), "tls.invalid_handshake_message"},
    {"truncated ClientHello", true, record(0x16, truncated_hello()), "tls.handshake_invalid_length"},
    {"SNI list overruns", true, record(0x16, bad_sni()), "tls.invalid_sni_length"},
    {"two SNI extensions", true, record(0x16, two_snis()), "tls.multiple_sni_extensions"},
    {"empty ServerHello", false, record(0x16, handshake(2, {})), "tls.handshake_invalid_length"},
    {"oversized handshake message skipped", false,
     cat({record(0x16, Bytes{11, 0x7f, 0xff, 0xff}), record(0x16, Bytes(100, 0))}), "tls.handshake_invalid_length"},
    {"heartbeat is skipped quietly", true, cat({record(0x16, hello()), record(0x18, Bytes{1, 0x40, 0})}), nullptr},
    {"warning alert is skipped quietly", false, record(0x15, Bytes{1, 0}), nullptr},
};

class Malformed : public ::testing::TestWithParam<Row> {};

TEST_P(Malformed, RaisesEventWithoutCrash) {
    const Row& row = GetParam();
    for (uint32_t chunk : {0u, 1u}) {
        TlsRun r;
        r.chunk = chunk;
        r.feed(row.to_server, row.wire);
        if (row.event) EXPECT_TRUE(r.has_event(row.event)) << "chunk " << chunk;
        else EXPECT_TRUE(r.events.empty()) << r.events.front();
    }
}

INSTANTIATE_TEST_SUITE_P(Tls, Malformed, ::testing::ValuesIn(kRows));

TEST(TlsMalformed, RecordOverConfiguredLimit) {
    AppConfig cfg;
    cfg.tls_max_record = 1000;
    TlsRun r;
    r.parser = make_tls_parser(cfg);
    r.feed(true, record(0x16, Bytes(1001, 0)));
    EXPECT_TRUE(r.has_event("tls.invalid_ssl_record"));
    EXPECT_TRUE(r.tx()->request_done);  // the direction is given up
}

TEST(TlsMalformed, FatalAlertEndsTheHandshake) {
    TlsRun r;
    r.feed(true, record(0x16, hello()));
    r.feed(false, record(0x15, Bytes{2, 40}));  // fatal handshake_failure
    EXPECT_TRUE(r.tx()->request_done && r.tx()->response_done);
}

TEST(TlsMalformed, GapStopsTheDirection) {
    TlsRun r;
    r.feed(true, Bytes{0x16, 3, 1, 0, 50, 1});
    r.parser->on_gap(true, 10);
    r.feed(true, Bytes(100, 0xff));
    EXPECT_TRUE(r.events.empty());
    EXPECT_TRUE(r.tx()->request_done);
}

TEST(TlsMalformed, FlowEndCompletesAHalfHandshake) {
    TlsRun r;
    r.feed(true, record(0x16, hello()));
    std::vector<std::unique_ptr<Transaction>> out;
    r.parser->take_finished(out, false);
    EXPECT_TRUE(out.empty());
    r.parser->take_finished(out, true);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(static_cast<TlsTransaction&>(*out[0]).sni, "a.example");
}

// Deterministic pseudo-random bytes after a valid start: no crash, bounded state.
TEST(TlsMalformed, RandomBytesAfterHello) {
    uint32_t s = 12345;
    for (int round = 0; round < 200; ++round) {
        Bytes junk(1 + (round * 37) % 700);
        for (auto& b : junk) {
            s = s * 1103515245 + 12345;
            b = uint8_t(s >> 16);
        }
        TlsRun r;
        r.chunk = 1 + round % 5;
        r.feed(round % 2 == 0, cat({record(0x16, Bytes{1, 0, 1}), junk}));
        r.feed(true, junk);
        r.feed(false, junk);
    }
}

struct ProbeRow {
    Bytes data;
    bool to_server;
    Probe want;
};

TEST(TlsProbe, Table) {
    const ProbeRow rows[] = {
        {{0x16, 3, 1, 0, 0x40, 1}, true, Probe::Yes},
        {{0x16, 3, 3, 0, 0x40, 2}, false, Probe::Yes},
        {{0x16, 3, 3, 0, 0x40, 2}, true, Probe::No},  // a ServerHello does not start a client stream
        {{0x16, 3, 1, 0, 0x40, 1}, false, Probe::No},
        {{0x16, 3, 1}, true, Probe::NeedMore},
        {{0x16, 2, 1}, true, Probe::No},
        {{0x16, 3, 7}, true, Probe::No},
        {{0x17, 3, 3, 0, 1, 0}, true, Probe::No},
        {{'G', 'E', 'T', ' '}, true, Probe::No},
        {{}, true, Probe::NeedMore},
        {{0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15}, true, Probe::Yes},  // SSLv2 CLIENT-HELLO, TLS 1.0
        {{0x80, 0x2e, 0x01, 0x03, 0x01}, true, Probe::NeedMore},
        {{0x80, 0x2e, 0x04, 0x00, 0x01, 0x00, 0x02}, false, Probe::Yes},  // SSLv2 SERVER-HELLO
        {{0x80, 0x2e, 0x09, 0x03, 0x01, 0x00, 0x15}, true, Probe::No},
    };
    for (const auto& row : rows)
        EXPECT_EQ(probe_tls(row.data.data(), uint32_t(row.data.size()), row.to_server), row.want)
            << ::testing::PrintToString(row.data);
}

}  // namespace
}  // namespace vigie::app::testing
