// The store subcommands: `vigie ingest` (EVE files into the store), `vigie stats`
// (grouped counts), and the `run` options --db/--geo/--asn/--asn6/--assets that make
// a run append its alerts to the store. app.cpp registers them with one call,
// dispatches to run() when one was chosen, and calls after_run() after `vigie run`.
#pragma once
#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace vigie::cli {

struct RunConfig;

class StoreCommands {
public:
    virtual ~StoreCommands() = default;
    virtual bool selected() const = 0;
    virtual int run() = 0;
    // After a successful `vigie run`: when --db was given, loads the run's eve.json
    // with the capture's SHA-256 as its identity. Returns the exit code.
    virtual int after_run(const RunConfig& cfg) = 0;
    // Before `vigie run`, after its config file: the run's --geo/--asn/--asn6/--assets
    // given on the command line override vigie.intel.* of the file.
    virtual void apply_run_options(RunConfig& cfg) const = 0;
    // The run's --db (empty when not given).
    virtual const std::string& run_db() const = 0;
};

// Adds ingest and stats to `app`, and the store options to `run`.
std::unique_ptr<StoreCommands> add_store_commands(CLI::App& app, CLI::App& run);

}  // namespace vigie::cli
