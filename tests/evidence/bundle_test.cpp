// Bundles: export selects the right records; a valid bundle verifies; every byte
// flipped, a member removed, reordered or duplicated, or another key, fails with
// one precise reason.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "evidence/bundle.h"
#include "evidence/bundle_format.h"
#include "evidence/store_reader.h"
#include "evidence/tar.h"
#include "evidence_test_util.h"

namespace vigie::evidence {
namespace {

struct Fixture {
    test::Keys keys = test::make_keys();
    std::string dir = test::make_store(keys, 5, 2);
    std::vector<std::string> records = test::store_records(dir);
    std::string bundle(const ExportQuery& q) {
        auto b = test::export_to_string(dir, q);
        EXPECT_TRUE(b.ok()) << (b.ok() ? "" : b.error());
        return b.ok() ? *b : std::string();
    }
};

TEST(Bundle, ExportByFlowAlertAndTimeSelectsTheRightRecords) {
    Fixture fx;
    ExportQuery byflow;
    byflow.flow_id = 3;
    auto v = verify_bundle(fx.bundle(byflow), fx.keys.pub);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->log_indices, std::vector<uint64_t>{2});
    ASSERT_EQ(v->alerts.size(), 1u);
    EXPECT_EQ(v->alerts[0].sid, 1003u);
    EXPECT_EQ(v->frames.size(), 3u);
    EXPECT_EQ(v->tree_size, 5u);

    ExportQuery bytime;
    bytime.since = 2;
    bytime.until = 4.5;
    v = verify_bundle(fx.bundle(bytime), fx.keys.pub);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->log_indices, (std::vector<uint64_t>{1, 2, 3}));

    ExportQuery byalert;
    byalert.alert_id = to_hex(sha256(fx.records[4])).substr(0, 16) + ".0";
    v = verify_bundle(fx.bundle(byalert), fx.keys.pub);
    ASSERT_TRUE(v.ok()) << v.error();
    EXPECT_EQ(v->log_indices, std::vector<uint64_t>{4});

    ExportQuery none;
    none.flow_id = 99;
    auto b = test::export_to_string(fx.dir, none);
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error(), "no evidence record matches");
}

TEST(Bundle, EveryByteFlippedFails) {
    Fixture fx;
    ExportQuery q;
    q.flow_id = 2;
    const std::string good = fx.bundle(q);
    ASSERT_TRUE(verify_bundle(good, fx.keys.pub).ok());
    size_t failed = 0;
    for (size_t i = 0; i < good.size(); ++i) {
        std::string bad = good;
        bad[i] ^= 0x01;
        auto v = verify_bundle(bad, fx.keys.pub);
        EXPECT_FALSE(v.ok()) << "byte " << i << " of " << good.size();
        failed += !v.ok();
    }
    EXPECT_EQ(failed, good.size());
}

TEST(Bundle, RemovedReorderedOrDuplicatedMembersFail) {
    Fixture fx;
    ExportQuery q;
    q.since = 1;
    q.until = 3;  // three records
    auto ms = *read_tar(fx.bundle(q));
    ASSERT_EQ(ms.size(), 1u + 4 + 3 + 3);
    auto check = [&](std::vector<TarMember> v, const std::string& what, const std::string& expect) {
        auto r = verify_bundle(write_tar(v), fx.keys.pub);
        ASSERT_FALSE(r.ok()) << what;
        EXPECT_NE(r.error().find(expect), std::string::npos) << what << ": " << r.error();
    };
    auto removed = ms;
    removed.erase(removed.begin() + 6);
    check(removed, "record removed", "removed, added or reordered");
    auto reordered = ms;
    std::swap(reordered[5], reordered[6]);
    check(reordered, "records swapped", "removed, added or reordered");
    auto duplicated = ms;
    duplicated.insert(duplicated.begin() + 6, ms[6]);
    check(duplicated, "record duplicated", "removed, added or reordered");
    auto extra = ms;
    extra.push_back({"notes.txt", "hello"});
    check(extra, "member added", "not in the manifest");
}

TEST(Bundle, AnotherKeyFails) {
    Fixture fx;
    auto other = test::make_keys();
    ExportQuery q;
    q.flow_id = 1;
    auto r = verify_bundle(fx.bundle(q), other.pub);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("not the given key"), std::string::npos) << r.error();
}

TEST(Bundle, GarbageIsRejectedWithOneLine) {
    Fixture fx;
    for (std::string junk : {std::string(), std::string("hello"), std::string(1024, '\0'), std::string(3000, 'x')}) {
        auto r = verify_bundle(junk, fx.keys.pub);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().find('\n'), std::string::npos);
    }
}

TEST(Bundle, TimeArguments) {
    EXPECT_EQ(parse_time_arg("1700000000"), 1700000000.0);
    EXPECT_EQ(parse_time_arg("1970-01-01T00:00:10Z"), 10.0);
    EXPECT_NEAR(*parse_time_arg("2011-09-27T18:07:22.201718+0000"), 1317146842.201718, 1e-6);
    EXPECT_FALSE(parse_time_arg("yesterday"));
    EXPECT_FALSE(parse_time_arg("2011-09-27T18:07:22+0200"));
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// A bundle exported from the demo run (data/demo) by an earlier build, with its
// sensor's public key: the format stays readable, and a third party can test a
// verifier of their own against it.
TEST(Bundle, CommittedDemoBundleStillVerifies) {
    const std::string dir = std::string(VIGIE_SOURCE_DIR) + "/tests/evidence/data/";
    auto key = load_public_key(dir + "demo-sensor.pub");
    ASSERT_TRUE(key.ok()) << key.error();
    auto v = verify_bundle(test::slurp(dir + "demo-alert.vgb"), *key);
    ASSERT_TRUE(v.ok()) << v.error();
    ASSERT_EQ(v->alerts.size(), 1u);
    EXPECT_EQ(v->alerts[0].sid, 9000001u);
    EXPECT_EQ(v->tree_size, 50u);
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// proofs.json is rendered by hand in pieces (export streams it); its bytes must be
// nlohmann::json's dump(2) of the same object, the spelling docs/evidence.md gives.
TEST(Bundle, ProofsRenderingIsJsonDump2) {
    auto reference = [](uint64_t tree_size, const std::vector<ProofEntry>& entries) {
        nlohmann::ordered_json j;
        j["tree_size"] = tree_size;
        j["records"] = nlohmann::ordered_json::array();
        for (const auto& p : entries) {
            nlohmann::ordered_json e;
            e["log_index"] = p.log_index;
            e["file"] = p.file;
            e["record_sha256"] = to_hex(p.record_sha256);
            e["leaf_hash"] = to_hex(p.leaf_hash);
            e["audit_path"] = nlohmann::ordered_json::array();
            for (const auto& d : p.audit_path) e["audit_path"].push_back(to_hex(d));
            j["records"].push_back(std::move(e));
        }
        return j.dump(2) + "\n";
    };
    const Digest a = sha256("a"), b = sha256("b"), c = sha256("c");
    const std::vector<std::vector<ProofEntry>> cases = {
        {},
        {{0, record_member_name(0), a, b, {}}},
        {{3, record_member_name(3), a, b, {c}}},
        {{1, record_member_name(1), a, b, {c, a, b}}, {7, record_member_name(7), c, c, {}}, {9, record_member_name(9), b, a, {a}}},
    };
    for (const auto& entries : cases) EXPECT_EQ(render_proofs(12, entries), reference(12, entries));
}

}  // namespace
}  // namespace vigie::evidence

namespace vigie::evidence {
namespace {

// The committed demo bundle holds real records (packets, alerts and rules of a
// real run): every byte of every tar header and 2,000 random other bytes flipped,
// each must fail verification.
TEST(Bundle, CommittedDemoBundleFailsOnEveryHeaderByteAnd2000RandomFlips) {
    const std::string dir = std::string(VIGIE_SOURCE_DIR) + "/tests/evidence/data/";
    auto key = load_public_key(dir + "demo-sensor.pub");
    ASSERT_TRUE(key.ok()) << key.error();
    const std::string good = test::slurp(dir + "demo-alert.vgb");
    ASSERT_TRUE(verify_bundle(good, *key).ok());
    auto members = read_tar(good);
    ASSERT_TRUE(members.ok());
    std::vector<size_t> positions;
    size_t at = 0;
    for (const auto& m : *members) {  // each header block
        for (size_t i = 0; i < 512; ++i) positions.push_back(at + i);
        at += 512 + (m.data.size() + 511) / 512 * 512;
    }
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) positions.push_back(size_t(rng() % good.size()));
    size_t failed = 0;
    for (size_t pos : positions) {
        std::string bad = good;
        bad[pos] = char(bad[pos] ^ (1 << (rng() % 8)));
        failed += !verify_bundle(bad, *key).ok();
    }
    EXPECT_EQ(failed, positions.size());
}

// A bundle re-signed by another key, with that key in sensor.pub and a manifest
// rebuilt to match, is self-consistent: only the trusted key can reject it.
TEST(Bundle, SwappedKeyAndResignedCheckpointFails) {
    Fixture fx;
    ExportQuery q;
    q.flow_id = 2;
    auto ms = *read_tar(fx.bundle(q));
    auto thief = test::make_keys();
    ASSERT_EQ(ms[2].name, "checkpoint.json");
    ASSERT_EQ(ms[3].name, "checkpoint.sig");
    auto cp = *parse_checkpoint_log_line(ms[2].data + "\t" + ms[3].data.substr(0, ms[3].data.size() - 1));
    cp.cp.key_fingerprint = thief.pub.fingerprint();
    const SignedCheckpoint forged = sign_checkpoint(cp.cp, thief.sk);
    ms[1].data = std::string(reinterpret_cast<const char*>(thief.pub.bytes.data()), 32);
    ms[2].data = forged.json;
    ms[3].data = base64_encode(std::string_view(reinterpret_cast<const char*>(forged.sig.data()), 64)) + "\n";
    std::vector<TarMember> rest(ms.begin() + 1, ms.end());
    ms[0].data = render_manifest(rest, thief.pub.fingerprint());
    const std::string bundle = write_tar(ms);
    ASSERT_TRUE(verify_bundle(bundle, thief.pub).ok()) << "the forgery is consistent under the thief's key";
    auto r = verify_bundle(bundle, fx.keys.pub);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("key"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace vigie::evidence
