// The building blocks of the formats: pcapng sections, records, the canonical tar,
// checkpoints, and the vigie.evidence member added to EVE lines.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "evidence/alert_line.h"
#include "evidence/checkpoint.h"
#include "evidence/pcapng.h"
#include "evidence/record.h"
#include "evidence/tar.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

TEST(Pcapng, RoundTripsFramesLinkTypesAndPcapCnt) {
    std::vector<EvidenceFrame> fs(3);
    fs[0] = {7, {1700000000, 123456789}, 64, 1, false, std::string(61, 'x')};
    fs[1] = {9, {1700000001, 5}, 1500, 101, true, std::string(40, 'y')};   // raw IP: a second interface
    fs[2] = {12, {1700000002, 999999999}, 3, 1, false, std::string(3, 'z')};
    std::vector<const EvidenceFrame*> ptrs = {&fs[0], &fs[1], &fs[2]};
    std::string two_sections;
    write_pcapng(two_sections, ptrs);
    write_pcapng(two_sections, {&fs[2]});
    auto back = read_pcapng(two_sections);
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->size(), 4u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ((*back)[i].pcap_cnt, fs[i].pcap_cnt);
        EXPECT_EQ((*back)[i].ts, fs[i].ts);
        EXPECT_EQ((*back)[i].wirelen, fs[i].wirelen);
        EXPECT_EQ((*back)[i].linktype, fs[i].linktype);
        EXPECT_EQ((*back)[i].alert, fs[i].alert);
        EXPECT_EQ((*back)[i].data, fs[i].data);
    }
    EXPECT_EQ((*back)[3].pcap_cnt, 12u);
    EXPECT_EQ(two_sections.size() % 4, 0u);
}

TEST(Pcapng, RejectsDamage) {
    EvidenceFrame f{1, {1, 0}, 10, 1, false, "0123456789"};
    std::string s;
    write_pcapng(s, {&f});
    EXPECT_FALSE(read_pcapng(s.substr(0, s.size() - 4)).ok());
    std::string bad = s;
    bad[4] ^= 0x40;  // SHB length
    EXPECT_FALSE(read_pcapng(bad).ok());
    EXPECT_FALSE(read_pcapng(s.substr(28)).ok());  // no section header
}

TEST(Record, RoundTripsAndRejectsEveryTruncation) {
    RecordContent rc{"{\"a\":1}", "{\"x\":2}\n", "alert ip any any -> any any (sid:1;)\n", std::string(100, 'p')};
    const std::string b = encode_record(rc);
    auto back = decode_record(b);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->meta, rc.meta);
    EXPECT_EQ(back->alerts, rc.alerts);
    EXPECT_EQ(back->rules, rc.rules);
    EXPECT_EQ(back->pcapng, rc.pcapng);
    for (size_t n = 0; n < b.size(); ++n) EXPECT_FALSE(decode_record(b.substr(0, n)).ok()) << n;
    EXPECT_FALSE(decode_record(b + "x").ok());
}

TEST(Tar, CanonicalFormRoundTripsAndEveryHeaderByteMatters) {
    std::vector<TarMember> ms = {{"a.json", "{}\n"}, {"records/00000000000000000001.rec", std::string(700, 'r')}};
    const std::string t = write_tar(ms);
    EXPECT_EQ(t.size() % 512, 0u);
    auto back = read_tar(t);
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[1].name, ms[1].name);
    EXPECT_EQ((*back)[1].data, ms[1].data);
    for (size_t off : {size_t(0), size_t(1024)}) {  // both headers (the first member has one data block)
        for (size_t i = 0; i < 512; ++i) {
            std::string bad = t;
            bad[off + i] ^= 0x01;
            EXPECT_FALSE(read_tar(bad).ok()) << "header byte " << i;
        }
    }
    EXPECT_FALSE(read_tar(t + std::string(512, '\0')).ok());
    EXPECT_FALSE(read_tar(t.substr(0, t.size() - 512)).ok());
}

TEST(Checkpoint, SignedJsonVerifiesOnlyWithItsKeyAndUnchanged) {
    auto k = test::make_keys();
    auto other = test::make_keys();
    Checkpoint c;
    c.tree_size = 5;
    c.root = sha256("r");
    c.time = "2024-01-01T00:00:00Z";
    c.sensor_id = "s";
    c.engine_version = "e";
    c.key_fingerprint = k.pub.fingerprint();
    const SignedCheckpoint s = sign_checkpoint(c, k.sk);
    const std::string line = checkpoint_log_line(s);
    auto parsed = parse_checkpoint_log_line(std::string_view(line).substr(0, line.size() - 1));
    ASSERT_TRUE(parsed.ok()) << parsed.error();
    EXPECT_TRUE(verify_checkpoint(*parsed, k.pub).ok());
    EXPECT_FALSE(verify_checkpoint(*parsed, other.pub).ok());
    SignedCheckpoint forged = *parsed;
    forged.json[forged.json.find("\"tree_size\":5") + 12] = '6';
    EXPECT_FALSE(verify_checkpoint(forged, k.pub).ok());
}

TEST(Keys, KeygenRefusesToOverwriteAndKeyFilesAreChecked) {
    auto k = test::make_keys();
    EXPECT_EQ(std::filesystem::status(k.dir + "/sensor.key").permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    auto again = generate_key_files(k.dir);
    ASSERT_FALSE(again.ok());
    EXPECT_NE(again.error().find("refusing to overwrite"), std::string::npos);
    EXPECT_FALSE(load_signing_key(k.dir + "/sensor.pub").ok());       // wrong size
    EXPECT_FALSE(load_signing_key(k.dir + "/missing.key").ok());
    EXPECT_FALSE(load_public_key(k.dir + "/sensor.key").ok());
    std::string sk = test::slurp(k.dir + "/sensor.key");
    sk[40] ^= 1;  // public half no longer matches the seed
    test::spit(k.dir + "/damaged.key", sk);
    EXPECT_FALSE(load_signing_key(k.dir + "/damaged.key").ok());
}

TEST(AlertLine, AddsEvidenceUnderTopLevelVigie) {
    const Digest d = sha256("x");
    const std::string id = alert_evidence_id(d, 2);
    EXPECT_EQ(id, to_hex(d).substr(0, 16) + ".2");
    struct Case {
        std::string line;
        bool had_vigie;
    } cases[] = {
        {"{\"a\":1,\"alert\":{\"signature\":\"\\\"vigie\\\":{ trap\"}}\n", false},
        {"{\"a\":1,\"vigie\":{\"rule_action\":\"drop\"}}\n", true},
        {"{\"a\":{\"vigie\":{\"x\":1}},\"b\":2}", false},
        {"{}", false},
    };
    for (const auto& c : cases) {
        const std::string out = add_evidence_member(c.line, id, d, 42);
        EXPECT_EQ(out.back() == '\n', c.line.back() == '\n');
        auto j = nlohmann::json::parse(out);
        EXPECT_EQ(j["vigie"]["evidence"]["id"], id) << out;
        EXPECT_EQ(j["vigie"]["evidence"]["record_sha256"], to_hex(d));
        EXPECT_EQ(j["vigie"]["evidence"]["log_index"], 42);
        if (c.had_vigie) {
            EXPECT_EQ(j["vigie"]["rule_action"], "drop");
        }
        auto orig = nlohmann::json::parse(c.line);
        j["vigie"].erase("evidence");
        if (j["vigie"].empty()) j.erase("vigie");
        EXPECT_EQ(j, orig) << "nothing else changes";
    }
}

}  // namespace
}  // namespace vigie::evidence
