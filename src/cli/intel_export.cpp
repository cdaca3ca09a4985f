#include "cli/intel_export.h"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace vigie::cli {

void add_export_options(CLI::App& intel, ExportArgs& a) {
    a.cmd = intel.add_subcommand("export", "Sightings and observations for partners (STIX 2.1 or MISP)");
    a.cmd->add_option("--db", a.db, "SQLite store")->required();
    a.cmd->add_option("-o,--output", a.out, "Output file")->required();
    a.cmd->add_option("--format", a.format, "stix or misp")->default_val("stix");
    a.cmd->add_option("--since", a.since, "Sightings from this time (2024, 2024-03, ISO 8601, epoch s)");
    a.cmd->add_option("--policy", a.policy, "Privacy policy (YAML): addresses and asset names allowed to leave");
    a.cmd->add_option("--org", a.org, "Name of the sensor's organisation (STIX identity, MISP Orgc)");
    a.cmd->add_option("--sector", a.sector, "Sector of the sensor's organisation");
}

int run_export(const ExportArgs& a) {
    std::fprintf(stderr, "vigie: error: intel export: not implemented yet\n");
    return 1;
}

}  // namespace vigie::cli
