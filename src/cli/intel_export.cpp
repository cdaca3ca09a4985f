#include "cli/fail.h"
#include "cli/intel_export.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "intel/export_model.h"
#include "store/export_query.h"
#include "store/schema.h"
#include "store/stats_query.h"

namespace vigie::cli {

namespace {

}  // namespace

void add_export_options(CLI::App& intel, ExportArgs& a) {
    a.cmd = intel.add_subcommand("export", "Sightings and observations for partners (STIX 2.1 or MISP)");
    a.cmd->add_option("--db", a.db, "SQLite store")->required();
    a.cmd->add_option("-o,--output", a.out, "Output file")->required();
    a.cmd->add_option("--format", a.format, "stix or misp")->default_val("stix");
    a.cmd->add_option("--since", a.since, "Alerts from this time (2024, 2024-03, ISO 8601, epoch s)");
    a.cmd->add_option("--policy", a.policy,
                      "Privacy policy (YAML): internal addresses and asset names allowed to leave (default: none)");
    a.cmd->add_option("--org", a.org, "Name of the sensor's organisation (STIX identity, MISP Orgc)");
    a.cmd->add_option("--sector", a.sector, "Sector of the sensor's organisation");
}

int run_export(const ExportArgs& a) {
    if (a.format != "stix" && a.format != "misp") return fail("--format expects stix or misp, got '" + a.format + "'", 2);
    int64_t since = 0;
    if (!a.since.empty()) {
        auto t = store::parse_time_bound(a.since);
        if (!t) return fail("--since: cannot read time '" + a.since + "'", 2);
        since = *t;
    }
    intel::ExportPolicy policy;
    if (!a.policy.empty()) {
        auto p = intel::ExportPolicy::load(a.policy);
        if (!p) return fail(p.error());
        policy = std::move(*p);
    }
    auto db = store::Db::open(a.db, /*create=*/false);
    if (!db) return fail(db.error());
    if (auto v = store::migrate(**db); !v) return fail(v.error());
    auto q = store::query_export(**db, since);
    if (!q) return fail(q.error());

    intel::ExportInput in;
    if (!a.org.empty()) {
        in.org = a.org;
    } else {
        char host[256] = {};
        if (gethostname(host, sizeof host - 1) == 0 && host[0]) in.org = std::string("Vigie sensor ") + host;
    }
    in.org_sector = a.sector;
    in.now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
    in.sightings = std::move(q->sightings);
    in.observed = std::move(q->observed);
    in.incidents = std::move(q->incidents);
    in.campaigns = std::move(q->campaigns);
    const std::string text = a.format == "stix" ? intel::export_stix(in, policy) : intel::export_misp(in, policy);
    std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
    if (!out) return fail(a.out + ": cannot write");
    out << text;
    out.close();
    if (!out) return fail(a.out + ": write error");
    size_t alerts = 0;
    for (const auto& s : in.sightings) alerts += s.alerts.size();
    std::printf("vigie: %s: %s, %zu indicators sighted (%zu alerts), %zu campaigns, %zu incidents, "
                "%zu alert groups outside incidents\n", a.out.c_str(), a.format.c_str(), in.sightings.size(), alerts,
                in.campaigns.size(), in.incidents.size(), in.observed.size());
    return 0;
}

}  // namespace vigie::cli
