// `vigie report` (a self-contained HTML report) and `vigie serve` (the dashboard and
// its JSON API), both reading the store read-only. app.cpp registers them with one
// call and dispatches to run() when one was chosen.
#pragma once
#include <memory>

namespace CLI {
class App;
}

namespace vigie::cli {

class WebCommands {
public:
    virtual ~WebCommands() = default;
    virtual bool selected() const = 0;
    virtual int run() = 0;
};

std::unique_ptr<WebCommands> add_web_commands(CLI::App& app);

}  // namespace vigie::cli
