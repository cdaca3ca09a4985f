// `vigie intel import` (indicator files into the store) and `vigie intel export`
// (sightings and observations for partners, STIX 2.1 or MISP). See docs/intel.md.
#pragma once
#include <memory>

namespace CLI {
class App;
}

namespace vigie::cli {

class IntelCommands {
public:
    virtual ~IntelCommands() = default;
    virtual bool selected() const = 0;
    virtual int run() = 0;
};

std::unique_ptr<IntelCommands> add_intel_commands(CLI::App& app);

}  // namespace vigie::cli
