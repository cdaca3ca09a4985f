// Helpers for the evidence tests: temporary directories, keys, synthetic records.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <unistd.h>

#include "evidence/bundle.h"
#include "evidence/keys.h"
#include "evidence/pcapng.h"
#include "evidence/record.h"
#include "evidence/store.h"
#include "evidence/store_reader.h"

namespace vigie::evidence::test {

inline std::string temp_dir() {
    char tmpl[] = "/tmp/vigie-ev-test-XXXXXX";
    return mkdtemp(tmpl);
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void spit(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
}

struct Keys {
    std::string dir;
    SigningKey sk;
    PublicKey pub;
};

inline Keys make_keys() {
    Keys k;
    k.dir = temp_dir() + "/keys";
    auto pub = generate_key_files(k.dir);
    EXPECT_TRUE(pub.ok()) << (pub.ok() ? "" : pub.error());
    auto sk = load_signing_key(k.dir + "/sensor.key");
    EXPECT_TRUE(sk.ok());
    k.sk = *sk;
    k.pub = *pub;
    return k;
}

// A record as the recorder would make it: `npkts` Ethernet-sized frames, one alert
// (sid `sid`) on the last one, at time `sec`.
inline std::string synthetic_record(uint64_t flow_id, uint32_t sid, int64_t sec, int npkts = 3) {
    std::vector<EvidenceFrame> frames(static_cast<size_t>(npkts));
    std::vector<const EvidenceFrame*> ptrs;
    for (int i = 0; i < npkts; ++i) {
        auto& f = frames[size_t(i)];
        f.pcap_cnt = flow_id * 100 + uint64_t(i) + 1;
        f.ts.sec = sec;
        f.ts.nsec = uint32_t(i) * 1000;
        f.linktype = 1;
        f.data = std::string(60 + size_t(i), char('a' + i));
        f.wirelen = uint32_t(f.data.size());
        f.alert = i == npkts - 1;
        ptrs.push_back(&f);
    }
    RecordContent rc;
    write_pcapng(rc.pcapng, ptrs);
    rc.meta = "{\"format\":\"vigie-record/1\",\"flow_id\":" + std::to_string(flow_id) + ",\"replay\":{}}";
    char ts[64];
    std::snprintf(ts, sizeof ts, "1970-01-01T00:00:%02lld.000000+0000", static_cast<long long>(sec % 60));
    rc.alerts = "{\"timestamp\":\"" + std::string(ts) + "\",\"flow_id\":" + std::to_string(flow_id) +
                ",\"pcap_cnt\":" + std::to_string(frames.back().pcap_cnt) +
                ",\"event_type\":\"alert\",\"alert\":{\"gid\":1,\"signature_id\":" + std::to_string(sid) + "}}\n";
    rc.rules = "alert tcp any any -> any any (msg:\"t\"; sid:" + std::to_string(sid) + ";)\n";
    return encode_record(rc);
}

// A store of `n` synthetic records (flow ids 1..n, seconds 1..n), closed.
inline std::string make_store(const Keys& k, int n, uint64_t checkpoint_every = 1000) {
    const std::string dir = temp_dir() + "/evidence";
    StoreConfig sc;
    sc.dir = dir;
    sc.checkpoint_every = checkpoint_every;
    sc.sensor_id = "test-sensor";
    sc.engine_version = "vigie test";
    auto st = EvidenceStore::open(sc, k.sk, nullptr);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error());
    for (int i = 1; i <= n; ++i) EXPECT_TRUE((*st)->append(synthetic_record(uint64_t(i), 1000 + uint32_t(i), i)).ok());
    EXPECT_TRUE((*st)->close().ok());
    return dir;
}

// The records of a store, in log order (copied out of the streaming reader).
inline std::vector<std::string> store_records(const std::string& dir) {
    std::vector<std::string> out;
    auto s = scan_store(dir, [&](const StoreRecord& r) { out.emplace_back(r.record); });
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error());
    return out;
}

// export_bundle into memory.
inline Result<std::string> export_to_string(const std::string& dir, const ExportQuery& q) {
    std::ostringstream os;
    auto r = export_bundle(dir, q, os);
    if (!r) return make_error(r.error());
    return os.str();
}

}  // namespace vigie::evidence::test
