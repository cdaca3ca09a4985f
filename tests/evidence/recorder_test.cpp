// The recorder: per-flow budget drops the oldest packets but keeps the flow's head
// and every alerting packet; the post-alert window (or the rule's tag) decides when
// the record is sealed; the global cap is counted and never drops an alerting packet;
// matched rules travel with the rules setting their flowbits; held alert lines come
// out with vigie.evidence naming the stored record.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "evidence/recorder.h"
#include "evidence/store_reader.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

constexpr uint64_t kSlot = 100 + 96;  // 100-byte frames plus the per-packet overhead charged

struct Harness {
    test::Keys keys = test::make_keys();
    std::string dir = test::temp_dir() + "/evidence";
    std::unique_ptr<EvidenceStore> store;
    MemoryBudget budget;
    RecorderConfig cfg;
    std::vector<rules::Rule> rules;
    std::vector<std::string> emitted;
    std::unique_ptr<EvidenceRecorder> rec;
    uint8_t frame[100] = {};
    Flow flow;

    explicit Harness(uint64_t memcap = 1ull << 30) : budget(memcap) {
        StoreConfig sc;
        sc.dir = dir;
        store = std::move(*EvidenceStore::open(sc, keys.sk, nullptr));
        cfg.flow_budget = 6 * kSlot;
        cfg.post_alert_packets = 3;
        cfg.head_packets = 2;
        cfg.sensor_id = "unit";
        rules.resize(3);
        rules[0].sid = 1;
        rules[0].text = "alert tcp any any -> any any (msg:\"plain\"; sid:1;)";
        rules[1].sid = 2;
        rules[1].text = "alert tcp any any -> any any (msg:\"sets x\"; flowbits:set,x; flowbits:noalert; sid:2;)";
        rules[1].flowbits.push_back({rules::Flowbits::Cmd::Set, {"x"}, false});
        rules[2].sid = 3;
        rules[2].text = "alert tcp any any -> any any (msg:\"tests x\"; flowbits:isset,x; tag:session,1,packets; sid:3;)";
        rules[2].flowbits.push_back({rules::Flowbits::Cmd::IsSet, {"x"}, false});
        rules[2].tag = rules::Tag{rules::Tag::Scope::Session, 1, rules::Tag::Metric::Packets, true};
        flow.flow_id = 77;
        flow.ip_proto = 6;
    }
    void start() {
        rec = std::make_unique<EvidenceRecorder>(cfg, *store, budget, rules,
                                                 [this](std::string_view l) { emitted.emplace_back(l); });
    }
    Packet packet(uint64_t cnt) {
        Packet p;
        p.pcap_cnt = cnt;
        p.ts = {1000 + int64_t(cnt), 0};
        frame[0] = uint8_t(cnt);
        p.data = frame;
        p.caplen = p.wirelen = sizeof frame;
        p.linktype = 1;
        return p;
    }
    void feed(uint64_t from, uint64_t to) {
        for (uint64_t c = from; c <= to; ++c) rec->on_packet(flow, packet(c));
    }
    void alert(uint64_t cnt, const rules::Rule& r) {
        detect::Alert a;
        a.rule = &r;
        rec->on_alert(&flow, packet(cnt), a, "{\"pcap_cnt\":" + std::to_string(cnt) + ",\"event_type\":\"alert\"}\n");
    }
    // The records in the store, decoded, with their packets' pcap_cnt.
    std::vector<std::pair<RecordContent, std::vector<uint64_t>>> records() {
        std::vector<std::pair<RecordContent, std::vector<uint64_t>>> out;
        for (const auto& rec : test::store_records(dir)) {
            auto rc = *decode_record(rec);
            std::vector<uint64_t> cnts;
            auto frames = read_pcapng(rc.pcapng);  // named: a range-for over *temporary would dangle
            for (const auto& f : *frames) cnts.push_back(f.pcap_cnt);
            out.emplace_back(std::move(rc), std::move(cnts));
        }
        return out;
    }
};

TEST(Recorder, BudgetKeepsHeadAndAlertAndSealsAfterThePostAlertWindow) {
    Harness h;
    h.start();
    h.feed(1, 8);
    h.alert(8, h.rules[0]);
    h.feed(9, 10);
    EXPECT_TRUE(h.emitted.empty()) << "the line waits for its record";
    h.feed(11, 11);  // the window's last packet: sealed at once
    ASSERT_EQ(h.emitted.size(), 1u);
    h.feed(12, 12);  // starts the flow's next ring, not this record
    auto recs = h.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].second, (std::vector<uint64_t>{1, 2, 8, 9, 10, 11}));
    auto meta = nlohmann::json::parse(recs[0].first.meta);
    EXPECT_EQ(meta["packets_dropped"], 5);
    EXPECT_EQ(meta["sealed"], "post_alert");
    EXPECT_EQ(meta["flow_id"], 77);
    EXPECT_EQ(recs[0].first.alerts, "{\"pcap_cnt\":8,\"event_type\":\"alert\"}\n");
    EXPECT_EQ(recs[0].first.rules, h.rules[0].text + "\n");
    auto line = nlohmann::json::parse(h.emitted[0]);
    EXPECT_EQ(line["vigie"]["evidence"]["log_index"], 0);
    EXPECT_EQ(line["vigie"]["evidence"]["record_sha256"], to_hex(sha256(test::store_records(h.dir)[0])));
    EXPECT_EQ(h.rec->counters().records, 1u);
    EXPECT_EQ(h.rec->counters().alerts_with_evidence, 1u);
}

TEST(Recorder, FlowEndSealsAndFlowsWithoutAlertsLeaveNothing) {
    Harness h;
    h.start();
    h.feed(1, 3);
    h.rec->on_flow_end(h.flow);
    h.flow.ext[Flow::kEvidence].reset();  // what the flow table does after the callback
    EXPECT_TRUE(h.records().empty());
    EXPECT_EQ(h.budget.used(), 0u) << "ring memory returned";
    h.feed(1, 2);
    h.alert(2, h.rules[0]);
    h.rec->on_flow_end(h.flow);
    ASSERT_EQ(h.emitted.size(), 1u);
    auto recs = h.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(recs[0].first.meta)["sealed"], "flow_end");
}

TEST(Recorder, TagCountSetsTheWindowAndFlowbitSettersTravelWithTheRule) {
    Harness h;
    h.start();
    h.feed(1, 1);
    h.alert(1, h.rules[2]);  // tag:session,1,packets
    h.feed(2, 2);
    ASSERT_EQ(h.emitted.size(), 1u);
    auto recs = h.records();
    EXPECT_EQ(recs[0].second, (std::vector<uint64_t>{1, 2}));
    EXPECT_EQ(recs[0].first.rules, h.rules[2].text + "\n" + h.rules[1].text + "\n");
}

TEST(Recorder, GlobalCapIsCountedAndNeverDropsTheAlertingPacket) {
    Harness h(3 * kSlot);
    h.start();
    h.feed(1, 5);
    EXPECT_GT(h.rec->counters().packets_dropped_memcap, 0u);
    EXPECT_GT(h.budget.cap_hits(), 0u);
    EXPECT_LE(h.budget.used(), 3 * kSlot);
    h.alert(6, h.rules[0]);  // packet 6 was never offered to on_packet: forced in
    h.rec->on_flow_end(h.flow);
    auto recs = h.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].second.back(), 6u);
}

TEST(Recorder, AlertWithoutFlowIsItsOwnRecord) {
    Harness h;
    h.start();
    detect::Alert a;
    a.rule = &h.rules[0];
    h.rec->on_alert(nullptr, h.packet(5), a, "{\"event_type\":\"alert\"}");
    ASSERT_EQ(h.emitted.size(), 1u);
    auto recs = h.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].second, std::vector<uint64_t>{5});
    EXPECT_EQ(h.budget.used(), 0u);
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// Alerts decided later (several workers: cross-flow thresholds): the record waits
// for the verdicts; a suppressed alert leaves it, an allowed one is written with
// its frame marked as alerting; a record left with no alert is not written.
TEST(Recorder, UndecidedAlertsWaitForTheirVerdicts) {
    Harness h;
    h.start();
    auto undecided = [&](uint64_t cnt, uint64_t token) {
        detect::Alert a;
        a.rule = &h.rules[0];
        h.rec->on_alert(&h.flow, h.packet(cnt), a, "{\"pcap_cnt\":" + std::to_string(cnt) + "}\n", token);
    };
    h.feed(1, 2);
    undecided(2, 11);
    h.feed(3, 3);
    undecided(3, 12);
    h.feed(4, 6);  // the window ends: sealed, but parked
    EXPECT_EQ(h.rec->parked(), 1u);
    EXPECT_TRUE(h.emitted.empty());
    h.rec->decide(12, false);
    h.rec->write_parked();
    EXPECT_EQ(h.rec->parked(), 1u) << "token 11 is still undecided";
    h.rec->decide(11, true);
    h.rec->write_parked();
    EXPECT_EQ(h.rec->parked(), 0u);
    ASSERT_EQ(h.emitted.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(h.emitted[0])["pcap_cnt"], 2);
    auto recs = h.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_EQ(recs[0].first.alerts, "{\"pcap_cnt\":2}\n");
    EXPECT_EQ(nlohmann::json::parse(recs[0].first.meta)["alerts"], 1);
    auto frames = *read_pcapng(recs[0].first.pcapng);
    for (const auto& f : frames) EXPECT_EQ(f.alert, f.pcap_cnt == 2) << "frame " << f.pcap_cnt;
    EXPECT_EQ(h.rec->counters().alerts_suppressed, 1u);

    // Every alert of the next record suppressed: nothing is written, memory returns.
    h.feed(7, 7);
    undecided(7, 13);
    h.rec->on_flow_end(h.flow);
    h.rec->decide(13, false);
    h.rec->write_parked();
    EXPECT_EQ(h.records().size(), 1u);
    EXPECT_EQ(h.rec->counters().records_discarded, 1u);
    h.flow.ext[Flow::kEvidence].reset();
    EXPECT_EQ(h.budget.used(), 0u);
}

}  // namespace
}  // namespace vigie::evidence
