#include "flow/tcp_tracker.h"

#include <gtest/gtest.h>

#include <vector>

#include "flow/flow_table.h"
#include "flow_test_util.h"

namespace vigie {
namespace {

using namespace test;

struct Step {
    bool from_client;
    uint8_t flags;
    uint32_t seq, ack;
    const char* data;
    TcpState expect;
    bool established;
    const char* stream;  // new stream bytes expected from this packet ("" = none)
};

struct StateCase {
    const char* name;
    bool midstream, async_oneside;
    std::vector<Step> steps;
};

using S = TcpState;
const Step kSynStep{true, kSyn, 1000, 0, "", S::SynSent, false, ""};
const Step kSynAckStep{false, kSynAck, 5000, 1001, "", S::SynRecv, false, ""};
const Step kAckStep{true, kAck, 1001, 5001, "", S::Established, true, ""};

const StateCase kStateCases[] = {
    {"handshake", false, false, {kSynStep, kSynAckStep, kAckStep}},
    {"data_on_third_packet", false, false,
     {kSynStep, kSynAckStep, {true, kPshAck, 1001, 5001, "GET /", S::Established, true, "GET /"}}},
    {"data_before_handshake_completes_is_ignored", false, false,
     {kSynStep, {true, kPshAck, 1001, 0, "early", S::SynSent, false, ""}, kSynAckStep, kAckStep}},
    {"fin_close", false, false,
     {kSynStep, kSynAckStep, kAckStep,
      {true, kFinAck, 1001, 5001, "", S::FinWait, true, ""},
      {false, kAck, 5001, 1002, "", S::FinWait, true, ""},
      {false, kFinAck, 5001, 1002, "", S::Closing, true, ""},
      {true, kAck, 1002, 5002, "", S::Closed, false, ""}}},
    {"fin_with_data", false, false,
     {kSynStep, kSynAckStep, kAckStep,
      {true, kFinAck | kPsh, 1001, 5001, "bye", S::FinWait, true, "bye"},
      {false, kFinAck, 5001, 1005, "", S::Closing, true, ""},
      {true, kAck, 1005, 5002, "", S::Closed, false, ""}}},
    {"rst_after_handshake", false, false,
     {kSynStep, kSynAckStep, kAckStep, {false, kRst, 5001, 0, "", S::Closed, false, ""}}},
    {"rst_answers_syn", false, false,
     {kSynStep, {false, kRst | kAck, 0, 1001, "", S::Closed, false, ""}}},
    {"synack_with_wrong_ack_ignored", false, false,
     {kSynStep, {false, kSynAck, 5000, 777, "", S::SynSent, false, ""}, kSynAckStep}},
    {"midstream_off", false, false,
     {{true, kPshAck, 70000, 90000, "mid", S::None, false, ""},
      {false, kPshAck, 90000, 70003, "way", S::None, false, ""}}},
    {"midstream_on", true, false,
     {{true, kPshAck, 70000, 90000, "mid", S::Established, true, "mid"},
      {false, kPshAck, 90000, 70003, "way", S::Established, true, "way"}}},
    {"synack_first_midstream_off", false, false,
     {{false, kSynAck, 5000, 1001, "", S::None, false, ""},
      {true, kPshAck, 1001, 5001, "x", S::None, false, ""}}},
    {"synack_first_midstream_on", true, false,
     {{false, kSynAck, 5000, 1001, "", S::SynRecv, false, ""},
      {true, kPshAck, 1001, 5001, "x", S::Established, true, "x"}}},
    {"async_oneside_off", false, false,
     {kSynStep, {true, kPshAck, 1001, 5001, "data", S::SynSent, false, ""}}},
    // Split handshakes (Suricata's 4WHS): the server answers the SYN with its own SYN.
    {"split_handshake_4whs", false, false,
     {kSynStep, {false, kSyn, 5000, 0, "", S::SynSent, false, ""},
      {true, kSynAck, 1000, 5001, "", S::SynRecv, false, ""},
      {false, kAck, 5001, 1001, "", S::Established, true, ""},
      {true, kPshAck, 1001, 5001, "EVIL", S::Established, true, "EVIL"}}},
    {"split_handshake_5whs", false, false,
     {kSynStep, {false, kAck, 2000, 1001, "", S::SynSent, false, ""},
      {false, kSyn, 5000, 0, "", S::SynSent, false, ""},
      {true, kSynAck, 1000, 5001, "", S::SynRecv, false, ""},
      {false, kAck, 5001, 1001, "", S::Established, true, ""},
      {true, kPshAck, 1001, 5001, "EVIL", S::Established, true, "EVIL"}}},
    {"async_oneside_on", false, true,
     {kSynStep, {true, kPshAck, 1001, 5001, "data", S::Established, true, "data"},
      {true, kPshAck, 1005, 5001, "more", S::Established, true, "more"}}},
};

class TcpStates : public testing::TestWithParam<StateCase> {};

TEST_P(TcpStates, Transitions) {
    const StateCase& c = GetParam();
    FlowConfig cfg;
    cfg.stream.midstream = c.midstream;
    cfg.stream.async_oneside = c.async_oneside;
    FlowTable t(cfg);
    PacketBuilder pb;
    Endpoint cl{"10.0.0.1", 40000}, sv{"10.0.0.2", 80};
    for (size_t i = 0; i < c.steps.size(); ++i) {
        const Step& s = c.steps[i];
        SCOPED_TRACE("step " + std::to_string(i));
        FlowLookup r = t.process(s.from_client ? pb.tcp(cl, sv, s.flags, s.seq, s.ack, s.data)
                                               : pb.tcp(sv, cl, s.flags, s.seq, s.ack, s.data));
        ASSERT_NE(r.flow, nullptr);
        EXPECT_EQ(int(r.flow->tcp_state), int(s.expect));
        EXPECT_EQ(r.flow->established(), s.established);
        EXPECT_EQ(new_part(r.stream), s.stream);
        EXPECT_EQ(r.to_server, s.from_client);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, TcpStates, testing::ValuesIn(kStateCases),
                         [](const auto& info) { return std::string(info.param.name); });

// flow:established per packet follows Suricata: the state before the packet decides, so
// the handshake's third ACK is not established yet, while a FIN or RST of an
// established session still is.
TEST(TcpTracker, PacketEstablishedIsTheStateBeforeThePacket) {
    FlowTable t(FlowConfig{});
    PacketBuilder pb;
    Endpoint cl{"10.0.0.1", 40000}, sv{"10.0.0.2", 80};
    struct P {
        bool from_client;
        uint8_t flags;
        uint32_t seq, ack;
        bool pkt_established;
    };
    const P steps[] = {{true, kSyn, 1000, 0, false},      {false, kSynAck, 5000, 1001, false},
                       {true, kAck, 1001, 5001, false},   {true, kPshAck, 1001, 5001, true},
                       {true, kFinAck, 1002, 5001, true}, {false, kRst, 5001, 0, true},
                       {true, kAck, 1003, 5001, true}};
    for (size_t i = 0; i < std::size(steps); ++i) {
        const P& s = steps[i];
        SCOPED_TRACE("step " + std::to_string(i));
        FlowLookup r = t.process(s.from_client ? pb.tcp(cl, sv, s.flags, s.seq, s.ack, i == 3 ? "x" : "")
                                               : pb.tcp(sv, cl, s.flags, s.seq, s.ack, ""));
        ASSERT_NE(r.flow, nullptr);
        EXPECT_EQ(r.flow->pkt_established, s.pkt_established);
    }
}

TEST(TcpTracker, Counters) {
    FlowConfig cfg;
    cfg.stream.midstream = true;
    FlowTable t(cfg);
    TcpConv conv(t);
    conv.handshake();
    PacketBuilder pb;
    t.process(pb.tcp({"10.1.0.1", 1}, {"10.1.0.2", 2}, kAck, 5, 5, "x"));
    const StreamStats& st = t.stats().tcp;
    EXPECT_EQ(st.syn, 1u);
    EXPECT_EQ(st.synack, 1u);
    EXPECT_EQ(st.sessions, 2u);
    EXPECT_EQ(st.midstream_pickups, 1u);
}

}  // namespace
}  // namespace vigie
