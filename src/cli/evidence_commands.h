// The evidence subcommands: `vigie keygen`, `vigie evidence export`, `vigie verify`,
// and the `run` options that turn the evidence store on. app.cpp registers them with
// one call and dispatches to run() when one was chosen.
#pragma once
#include <memory>

namespace CLI {
class App;
}

namespace vigie::cli {

struct RunConfig;
struct EvidenceFlags;

class EvidenceCommands {
public:
    virtual ~EvidenceCommands() = default;
    // True when the parsed command line chose one of these subcommands.
    virtual bool selected() const = 0;
    virtual int run() = 0;
};

// Adds keygen, evidence export and verify to `app`.
std::unique_ptr<EvidenceCommands> add_evidence_commands(CLI::App& app);

// Adds --evidence, --key and the evidence tuning options to `run`, writing into
// `flags` (applied after the config file and --set: evidence_config.h).
void add_evidence_run_options(CLI::App& run, EvidenceFlags& flags);

}  // namespace vigie::cli
