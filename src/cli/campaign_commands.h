// `vigie campaigns` (list campaigns, or one campaign's links and their reasons) and
// the regrouping step that `vigie ingest` and `vigie run --db` end with.
#pragma once
#include <memory>
#include <string>

namespace CLI {
class App;
}
namespace vigie::store {
class Db;
}

namespace vigie::cli {

class CampaignCommands {
public:
    virtual ~CampaignCommands() = default;
    virtual bool selected() const = 0;
    virtual int run() = 0;
};

std::unique_ptr<CampaignCommands> add_campaign_commands(CLI::App& app);

// --incident-window on `cmd` (checked at parse time: a bad value is a usage error).
void add_incident_window_option(CLI::App& cmd, std::string& window);

// Regroups the store's incidents and campaigns with `window` (as --incident-window
// takes it; empty: the default) and prints one summary line. Returns the exit code.
int regroup_store(store::Db& db, const std::string& window);

}  // namespace vigie::cli
