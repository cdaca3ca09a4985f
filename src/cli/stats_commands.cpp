#include "cli/fail.h"
#include "cli/stats_commands.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/campaign_commands.h"
#include "cli/config.h"
#include "cli/stats_format.h"
#include "intel/enricher.h"
#include "store/eve_ingest.h"
#include "store/schema.h"
#include "store/stats_query.h"

namespace vigie::cli {

namespace {

void add_intel_options(CLI::App& cmd, intel::IntelOptions& o) {
    cmd.add_option("--geo", o.geo, "IP->country MaxMind DB (.mmdb; default: the installed one)");
    cmd.add_option("--asn", o.asn, "IPv4 IP->ASN ranges CSV (.csv or .csv.gz; default: the installed one)");
    cmd.add_option("--asn6", o.asn6, "IPv6 IP->ASN ranges CSV (default: the installed one)");
    cmd.add_option("--assets", o.assets, "Assets inventory YAML: CIDR -> organisation, sector, criticality");
}

Result<std::unique_ptr<intel::Enricher>> open_enricher(const intel::IntelOptions& o) {
    auto e = intel::Enricher::open(o);
    if (!e) return e;
    for (const auto& w : (*e)->warnings()) std::fprintf(stderr, "vigie: warning: %s\n", w.c_str());
    return e;
}

void print_report(const std::string& path, const store::IngestReport& r) {
    std::printf("vigie: %s: %llu alerts (%llu new, %llu already stored), %llu other events, %llu bad lines, "
                "%llu targets in no asset; %.3f s (%.0f alerts/s)\n",
                path.c_str(), static_cast<unsigned long long>(r.alerts), static_cast<unsigned long long>(r.inserted),
                static_cast<unsigned long long>(r.duplicates), static_cast<unsigned long long>(r.other_events),
                static_cast<unsigned long long>(r.bad_lines), static_cast<unsigned long long>(r.targets_unknown),
                r.seconds, r.seconds > 0 ? static_cast<double>(r.alerts) / r.seconds : 0.0);
}

// Packets the run read, from its stats.json (decoder.pkts); absent when unreadable.
std::optional<int64_t> run_packets(const std::string& stats_path) {
    std::ifstream in(stats_path);
    if (!in) return std::nullopt;
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("decoder") || !j["decoder"].contains("pkts")) return std::nullopt;
    if (!j["decoder"]["pkts"].is_number_integer()) return std::nullopt;
    return j["decoder"]["pkts"].get<int64_t>();
}

class Commands : public StoreCommands {
public:
    Commands(CLI::App& app, CLI::App& run) {
        run.add_option("--db", run_db_, "Append this run's alerts, enriched, to a SQLite store (docs/store.md)");
        add_intel_options(run, run_intel_);
        add_incident_window_option(run, run_window_);

        ingest_ = app.add_subcommand("ingest", "Load EVE files (Vigie's or Suricata's) into the store");
        ingest_->add_option("--db", db_, "SQLite store (created if missing)")->required();
        ingest_->add_option("files", files_, "EVE files (one JSON record per line)")->required();
        ingest_->add_option("--capture-hash", capture_hash_,
                            "Identity of the capture these alerts come from (default: SHA-256 of each EVE file); "
                            "give the pcap's SHA-256 to merge with `run --db` on the same capture");
        add_intel_options(*ingest_, intel_);
        add_incident_window_option(*ingest_, window_);

        stats_ = app.add_subcommand("stats", "Alert counts from the store, grouped");
        stats_->add_option("--db", stats_db_, "SQLite store")->required();
        stats_->add_option("--by", by_, "source-country, source-asn, target-sector, target-org, signature, campaign or month")
            ->required();
        stats_->add_option("--since", since_, "From this time, inclusive (2024, 2024-03, 2024-03-01, ISO 8601, epoch s)");
        stats_->add_option("--until", until_, "Up to this time, exclusive");
        stats_->add_option("--format", format_, "table, csv or json")->default_val("table");
    }

    bool selected() const override { return *ingest_ || *stats_; }
    const std::string& run_db() const override { return run_db_; }
    int run() override { return *ingest_ ? ingest() : stats(); }

    void apply_run_options(RunConfig& cfg) const override {
        for (auto [from, to] : {std::pair{&run_intel_.geo, &cfg.intel.geo}, {&run_intel_.asn, &cfg.intel.asn},
                                {&run_intel_.asn6, &cfg.intel.asn6}, {&run_intel_.assets, &cfg.intel.assets}})
            if (!from->empty()) *to = *from;
    }

    int after_run(const RunConfig& cfg) override {
        if (run_db_.empty()) return 0;
        if (!cfg.eve_enabled) return fail("--db needs the EVE output (outputs.eve-log enabled)");
        const auto t0 = std::chrono::steady_clock::now();
        auto enr = open_enricher(cfg.intel);
        if (!enr) return fail(enr.error());
        auto st = store::AlertStore::open(run_db_);
        if (!st) return fail(st.error());
        const std::string eve = cfg.outdir + "/" + cfg.eve_filename;
        store::CaptureInfo cap;
        if (!cfg.pcap.empty()) {
            auto h = store::file_sha256(cfg.pcap);
            if (!h) return fail(h.error());
            cap.sha256 = *h;
            cap.kind = "pcap";
            cap.path = cfg.pcap;
        } else {
            cap.kind = "live";  // identity: the EVE file of this live run
            cap.path = cfg.iface;
        }
        cap.packets = run_packets(cfg.outdir + "/stats.json");
        auto rep = store::ingest_eve_file(**st, enr->get(), eve, cap, stderr);
        if (!rep) return fail(rep.error());
        const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("store: %llu alerts to %s (%llu new, %llu already stored), %llu targets in no asset; "
                    "%.3f s including enrichment data load (%.3f s)\n",
                    static_cast<unsigned long long>(rep->alerts), run_db_.c_str(),
                    static_cast<unsigned long long>(rep->inserted), static_cast<unsigned long long>(rep->duplicates),
                    static_cast<unsigned long long>(rep->targets_unknown), total, total - rep->seconds);
        return regroup_store((*st)->db(), run_window_);
    }

private:
    int ingest() {
        auto enr = open_enricher(intel_);
        if (!enr) return fail(enr.error());
        auto st = store::AlertStore::open(db_);
        if (!st) return fail(st.error());
        for (const auto& f : files_) {
            store::CaptureInfo cap;
            cap.sha256 = capture_hash_;
            auto rep = store::ingest_eve_file(**st, enr->get(), f, cap, stderr);
            if (!rep) return fail(rep.error());
            print_report(f, *rep);
        }
        // Bad lines were reported and skipped, the rest loaded: not a failure.
        return regroup_store((*st)->db(), window_);
    }

    int stats() {
        store::StatsQuery q;
        q.by = by_;
        if (format_ != "table" && format_ != "csv" && format_ != "json")
            return fail("--format expects table, csv or json, got '" + format_ + "'", kExitUsage);
        if (!since_.empty() && !(q.since_us = store::parse_time_bound(since_)))
            return fail("--since: cannot read time '" + since_ + "'", kExitUsage);
        if (!until_.empty() && !(q.until_us = store::parse_time_bound(until_)))
            return fail("--until: cannot read time '" + until_ + "'", kExitUsage);
        std::string names;
        bool known = false;
        for (const char* d : store::kStatsDimensions) {
            known |= by_ == d;
            names += std::string(names.empty() ? "" : ", ") + d;
        }
        if (!known) return fail("unknown --by '" + by_ + "' (one of: " + names + ")", kExitUsage);
        auto db = store::Db::open(stats_db_, /*create=*/false);
        if (!db) return fail(db.error());
        // A store from an older Vigie gets the tables --by campaign reads.
        if (auto v = store::migrate(**db); !v) return fail(v.error());
        auto t = store::run_stats(**db, q);
        if (!t) return fail(t.error());
        std::string out = format_ == "json" ? format_json(*t) : format_ == "csv" ? format_csv(*t) : format_table(*t);
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }

    CLI::App* ingest_ = nullptr;
    CLI::App* stats_ = nullptr;
    std::string run_db_, run_window_, window_;
    intel::IntelOptions run_intel_, intel_;
    std::string db_, capture_hash_;
    std::vector<std::string> files_;
    std::string stats_db_, by_, since_, until_, format_ = "table";
};

}  // namespace

std::unique_ptr<StoreCommands> add_store_commands(CLI::App& app, CLI::App& run) {
    return std::make_unique<Commands>(app, run);
}

}  // namespace vigie::cli
