#include "cli/evidence_replay.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/worker.h"
#include "detect/detector.h"
#include "detect/indicator_set.h"
#include "output/eve_file.h"
#include "rules/parser.h"

namespace vigie::cli {

namespace {

// The run's settings, from META "replay": variables and the engine settings that
// change verdicts.
void apply_replay_settings(const std::string& text, RunConfig& cfg) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return;
    if (j.contains("vars") && j["vars"].is_object()) {
        cfg.vars = rules::Vars{};
        for (const char* kind : {"address", "port"}) {
            if (!j["vars"].contains(kind) || !j["vars"][kind].is_object()) continue;
            auto& dst = std::string(kind) == "address" ? cfg.vars.address : cfg.vars.port;
            for (auto& [k, v] : j["vars"][kind].items())
                if (v.is_string()) dst[k] = v.get<std::string>();
        }
    }
    if (j.contains("checksum_validation") && j["checksum_validation"].is_boolean())
        cfg.checksum_validation = j["checksum_validation"].get<bool>();
    if (j.contains("midstream") && j["midstream"].is_boolean()) cfg.midstream = j["midstream"].get<bool>();
    if (j.contains("async_oneside") && j["async_oneside"].is_boolean()) cfg.async_oneside = j["async_oneside"].get<bool>();
    if (j.contains("reassembly_depth") && j["reassembly_depth"].is_number_unsigned())
        cfg.reassembly_depth = j["reassembly_depth"].get<uint64_t>();
}

bool counts_across_flows(const rules::Rule& r) {
    using T = rules::Track;
    if (r.threshold && r.threshold->track != T::ByFlow) return true;
    return r.detection_filter && r.detection_filter->track != T::ByFlow;
}

}  // namespace

Result<ReplayReport> replay_bundle(const evidence::VerifiedBundle& vb) {
    RunConfig cfg;
    apply_replay_settings(vb.replay_json, cfg);
    cfg.progress = false;
    auto loaded = rules::load_rules_text(vb.rules, "rules.rules", cfg.vars, rules::Classifications::builtin());
    if (!loaded.rejected.empty())
        return make_error("replay: bundled rule rejected: " + loaded.rejected.front().to_string());
    detect::DetectConfig dcfg;
    auto det = detect::Detector::build(std::move(loaded.rules), dcfg);
    if (!det) return make_error("replay: " + det.error());

    char tmpl[] = "/tmp/vigie-replay-XXXXXX";
    if (!mkdtemp(tmpl)) return make_error("replay: cannot create a temporary directory");
    const std::string dir = tmpl;
    std::map<std::pair<uint32_t, uint64_t>, uint64_t> got;  // (sid, pcap_cnt) -> count
    {
        auto eve = output::EveFile::open(dir + "/eve.json");
        if (!eve) return make_error("replay: " + eve.error());
        Worker w(cfg, **det, eve->get());
        for (const auto& f : vb.frames)
            w.process(f.pcap_cnt, f.ts, reinterpret_cast<const uint8_t*>(f.data.data()), uint32_t(f.data.size()),
                      f.wirelen, f.linktype);
        w.finish();
        (*eve)->flush();
    }
    std::ifstream in(dir + "/eve.json");
    std::string line;
    while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_object() || j.value("event_type", "") != "alert") continue;
        const uint32_t sid = j["alert"].value("signature_id", 0u);
        const uint64_t cnt = j.value("pcap_cnt", uint64_t(0));
        ++got[{sid, cnt}];
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);

    ReplayReport rep;
    uint64_t total_got = 0;
    for (const auto& [k, n] : got) total_got += n;
    for (const auto& a : vb.alerts) {
        ++rep.alerts;
        if (detect::is_indicator_sid(a.sid)) {
            ++rep.indicator;
            continue;
        }
        auto it = got.find({a.sid, a.pcap_cnt});
        if (it != got.end() && it->second > 0) {
            --it->second;
            ++rep.reproduced;
            continue;
        }
        bool cross = false;
        for (const auto& r : (*det)->rules())
            if (r.sid == a.sid && r.gid == a.gid) cross = counts_across_flows(r);
        if (cross) ++rep.cross_flow;
        else rep.missing.push_back("sid " + std::to_string(a.sid) + " on packet " + std::to_string(a.pcap_cnt));
    }
    rep.extra = total_got - rep.reproduced;
    return rep;
}

}  // namespace vigie::cli
