// EVE settings that reach every record writer of a run (alert, flow, transaction,
// anomaly) and so are kept once here instead of in each writer's format struct:
// outputs.eve-log.community-id(-seed) and outputs.eve-log.ethernet. Set once before
// worker threads start; only read afterwards.
#pragma once
#include <cstdint>
#include <optional>

namespace vigie::output {

struct EveRunOptions {
    std::optional<uint16_t> community_id_seed;  // set: `community_id` in records with a flow
    bool ethernet = false;                      // `ether` MAC addresses
};

void set_eve_run_options(const EveRunOptions& o);
const EveRunOptions& eve_run_options();

}  // namespace vigie::output
