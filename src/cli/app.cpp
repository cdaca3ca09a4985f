#include "cli/fail.h"
#include "cli/app.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/campaign_commands.h"
#include "cli/config.h"
#include "cli/evidence_commands.h"
#include "cli/evidence_config.h"
#include "cli/intel_commands.h"
#include "cli/rules_check.h"
#include "cli/run_command.h"
#include "cli/stats_commands.h"
#include "cli/version.h"
#include "cli/web_commands.h"

namespace vigie::cli {

namespace {

struct RunArgs {
    std::string config;
    std::vector<std::string> sets;
    std::string checksum_mode;
    std::string runmode;
    bool verbose = false;
    bool no_random = false;
    bool no_progress = false;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Vigie: network security monitor. Suricata rules in, EVE out, evidence a stranger can verify."};
    app.require_subcommand(1);
    app.set_version_flag("-V,--version", std::string(kVersionString));

    // ---- run ----
    RunConfig cfg;
    RunArgs ra;
    std::vector<std::string> cli_rules;
    std::string cli_outdir;
    unsigned cli_workers = 0;
    auto* run = app.add_subcommand("run", "Inspect a capture file or a live interface");
    run->add_option("-r,--pcap", cfg.pcap, "Capture file (pcap or pcapng)");
    run->add_option("-i,--interface", cfg.iface, "Live interface");
    run->add_option("-S,--rules", cli_rules, "Rule file (repeatable)");
    run->add_option("-l,--log-dir", cli_outdir, "Output directory (created if missing)");
    run->add_option("-c,--config", ra.config, "Configuration file (vigie.yaml; Suricata's layout accepted)");
    run->add_option("--workers", cli_workers, "Worker threads (flows are sharded by a symmetric hash)");
    run->add_option("--set", ra.sets, "Override a config key: key=value (repeatable)");
    run->add_option("-k", ra.checksum_mode, "Checksum validation: all or none");
    run->add_option("--runmode", ra.runmode, "Accepted for Suricata compatibility");
    run->add_option("--hs-cache", cfg.hs_cache_dir, "Directory caching compiled Hyperscan databases");
    run->add_flag("-v", ra.verbose, "Verbose (accepted for Suricata compatibility)");
    run->add_flag("--no-random", ra.no_random, "Accepted for Suricata compatibility (Vigie is deterministic)");
    run->add_flag("--no-progress", ra.no_progress, "No progress line on stderr");
    run->add_option("--indicators", cfg.indicator_files,
                    "Shared indicators to detect with: STIX 2.1 bundle, MISP event or plain list (repeatable; "
                    "--db adds the store's)");
    EvidenceFlags evidence_flags;
    add_evidence_run_options(*run, evidence_flags);

    // ---- rules check ----
    std::vector<std::string> check_rules;
    std::string check_config;
    bool check_groups = false;
    bool check_quiet = false;
    auto* rules_cmd = app.add_subcommand("rules", "Rule set tools");
    rules_cmd->require_subcommand(1);
    auto* check = rules_cmd->add_subcommand("check", "Parse and compile rules; report accepted and rejected");
    check->add_option("-S,--rules,files", check_rules, "Rule files")->required();
    check->add_option("-c,--config", check_config, "Configuration file (for variables)");
    check->add_flag("--groups", check_groups, "Also print the detection grouping");
    check->add_flag("-q,--quiet", check_quiet, "Only the counts, not each rejection");

    auto evidence_cmds = add_evidence_commands(app);
    auto store_cmds = add_store_commands(app, *run);
    auto campaign_cmds = add_campaign_commands(app);
    auto intel_cmds = add_intel_commands(app);
    auto web_cmds = add_web_commands(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return fail(e.what(), 2);
    }

    if (*run) {
        if (!ra.config.empty()) {
            auto r = load_config_file(ra.config, cfg);
            if (!r) return fail(r.error());
        }
        for (const auto& s : ra.sets) {
            auto r = apply_set_option(s, cfg);
            if (!r) return fail(r.error());
        }
        if (auto r = evidence_flags.apply(cfg.evidence); !r) return fail(r.error());
        if (!ra.checksum_mode.empty()) {
            if (ra.checksum_mode == "none") cfg.checksum_validation = false;
            else if (ra.checksum_mode == "all") cfg.checksum_validation = true;
            else return fail("-k expects all or none, got '" + ra.checksum_mode + "'", 2);
        }
        store_cmds->apply_run_options(cfg);
        if (!cli_rules.empty()) cfg.rule_files = cli_rules;  // -S replaces the config's rule-files, as in Suricata
        if (!cli_outdir.empty()) cfg.outdir = cli_outdir;
        if (cli_workers) cfg.workers = cli_workers;
        if (ra.no_progress) cfg.progress = false;
        cfg.indicators_db = store_cmds->run_db();
        if (cfg.pcap.empty() == cfg.iface.empty()) return fail("run needs exactly one of -r FILE or -i INTERFACE", 2);
        const int rc = run_command(cfg);
        return rc == 0 ? store_cmds->after_run(cfg) : rc;
    }
    if (evidence_cmds->selected()) return evidence_cmds->run();
    if (store_cmds->selected()) return store_cmds->run();
    if (campaign_cmds->selected()) return campaign_cmds->run();
    if (intel_cmds->selected()) return intel_cmds->run();
    if (web_cmds->selected()) return web_cmds->run();
    if (*check) {
        RunConfig ccfg;
        if (!check_config.empty()) {
            auto r = load_config_file(check_config, ccfg);
            if (!r) return fail(r.error());
        }
        return rules_check_command(check_rules, ccfg, check_groups, check_quiet);
    }
    return fail("unknown command", 2);
}

}  // namespace vigie::cli
