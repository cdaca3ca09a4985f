// Helpers for detect tests: rules from text (through the parser), packets built by
// hand, and a harness that runs one Detector with one worker.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "detect/detect_worker.h"
#include "detect/detector.h"
#include "rules/parser.h"

namespace vigie::detect::testing {

inline rules::Rule parse(const std::string& text) {
    static const rules::Vars vars = rules::Vars::suricata_defaults();
    static const rules::Classifications classes = rules::Classifications::builtin();
    rules::ParseContext ctx{&vars, &classes, "test", 1};
    auto r = rules::parse_rule(text, ctx);
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error());
    if (!r.ok()) return rules::Rule{};
    return std::move(*r);
}

// A packet with its own payload storage (tests only; the engine never owns bytes).
struct TestPacket {
    Packet p;
    std::string payload;

    static TestPacket make(uint8_t proto, const char* src, uint16_t sp, const char* dst, uint16_t dp,
                           std::string payload = {}) {
        TestPacket t;
        t.payload = std::move(payload);
        t.p.ip_version = 4;
        t.p.src = *IpAddr::parse(src);
        t.p.dst = *IpAddr::parse(dst);
        t.p.ip_proto = proto;
        t.p.decoded_l4 = true;
        t.p.sp = sp;
        t.p.dp = dp;
        t.p.ttl = 64;
        t.p.tcp_flags = proto == 6 ? tcpflag::ACK | tcpflag::PSH : 0;
        t.sync();
        return t;
    }
    static TestPacket tcp(std::string payload, uint16_t sp = 40000, uint16_t dp = 80) {
        return make(6, "10.0.0.1", sp, "192.168.1.1", dp, std::move(payload));
    }
    static TestPacket udp(std::string payload, uint16_t sp = 40000, uint16_t dp = 53) {
        return make(17, "10.0.0.1", sp, "192.168.1.1", dp, std::move(payload));
    }
    void sync() {
        p.payload = reinterpret_cast<const uint8_t*>(payload.data());
        p.payload_len = uint32_t(payload.size());
    }
    TestPacket(const TestPacket& o) : p(o.p), payload(o.payload) { sync(); }
    TestPacket() = default;
};

struct Harness {
    std::unique_ptr<Detector> det;
    std::unique_ptr<DetectWorker> w;
    std::vector<CompileRejection> rejected;
    AlertList alerts;

    explicit Harness(const std::vector<std::string>& texts, DetectConfig cfg = {}) {
        std::vector<rules::Rule> rs;
        for (const auto& t : texts) rs.push_back(parse(t));
        auto d = Detector::build(std::move(rs), cfg, &rejected);
        EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error());
        if (d.ok()) {
            det = std::move(*d);
            w = det->make_worker();
        }
    }
    // sids that alerted, in emission order
    std::vector<uint32_t> run(const Packet& p, Flow* flow = nullptr, bool to_server = true,
                              const StreamChunk* stream = nullptr) {
        alerts.clear();
        std::vector<uint32_t> sids;
        if (!det) return sids;
        det->inspect(*w, p, flow, to_server, stream, alerts);
        for (const auto& a : alerts) sids.push_back(a.rule->sid);
        return sids;
    }
    bool fires(const Packet& p, Flow* flow = nullptr, bool to_server = true, const StreamChunk* stream = nullptr) {
        return !run(p, flow, to_server, stream).empty();
    }
    // With the application layer's view of the packet (see app_test.cpp).
    std::vector<uint32_t> run_app(const Packet& p, Flow* flow, bool to_server, const AppInput& app,
                                  const StreamChunk* stream = nullptr) {
        alerts.clear();
        std::vector<uint32_t> sids;
        if (!det) return sids;
        det->inspect(*w, p, flow, to_server, stream, &app, alerts);
        for (const auto& a : alerts) sids.push_back(a.rule->sid);
        return sids;
    }
};

// A TCP flow in the established state (to_server = client -> server).
inline Flow established_tcp_flow(uint64_t id = 7) {
    Flow f;
    f.flow_id = id;
    f.ip_proto = 6;
    f.tcp_state = TcpState::Established;
    f.seen_toserver = f.seen_toclient = true;
    f.pkt_established = true;
    return f;
}

}  // namespace vigie::detect::testing
