// `vigie intel export`: what this sensor saw of shared indicators (sightings) and,
// when the store has them, incidents and campaigns (observed-data), for partners,
// as a STIX 2.1 bundle or a MISP event. A privacy policy decides which internal
// addresses and asset names may leave; by default none do (targets by sector).
#pragma once
#include <string>

namespace CLI {
class App;
}

namespace vigie::cli {

struct ExportArgs {
    CLI::App* cmd = nullptr;
    std::string db, since, format = "stix", out, policy, org, sector;
};

void add_export_options(CLI::App& intel, ExportArgs& a);
int run_export(const ExportArgs& a);

}  // namespace vigie::cli
