#include "cli/fail.h"
#include "cli/web_commands.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>

#include "store/schema_info.h"
#include "web/listen_address.h"
#include "web/query_params.h"
#include "web/report.h"
#include "web/server.h"

namespace vigie::cli {

namespace {

class Commands : public WebCommands {
public:
    explicit Commands(CLI::App& app) {
        report_ = app.add_subcommand("report", "Write a self-contained HTML report (charts, alerts, evidence ids)");
        report_->add_option("--db", report_db_, "SQLite store (read only)")->required();
        report_->add_option("-o,--output", output_, "HTML file to write")->required();
        for (auto& [name, help] : kFilters) report_->add_option("--" + name, filters_[name], help);
        report_->add_option("--alerts-per-item", per_item_, "Alerts listed under each bar (the total is always stated)")
            ->default_val(50);

        serve_ = app.add_subcommand("serve", "Serve the dashboard and its JSON API (read only)");
        serve_->add_option("--db", serve_db_, "SQLite store (read only)")->required();
        serve_->add_option("--listen", listen_, "HOST:PORT (port 0: any free port)")->default_val("127.0.0.1:8080");
        serve_->add_flag("--allow-remote", allow_remote_, "Allow a non-loopback --listen address (anyone who reaches it sees the data)");
    }

    bool selected() const override { return *report_ || *serve_; }
    int run() override { return *report_ ? report() : serve(); }

private:
    int report() {
        web::ReportOptions o;
        o.store_name = report_db_;
        for (const auto& [name, value] : filters_) {
            std::string err;
            if (!value.empty() && !web::set_filter_field(o.filter, name, value, err)) return fail("--" + err, kExitUsage);
        }
        if (per_item_ < 1 || per_item_ > 10000) return fail("--alerts-per-item expects 1-10000", kExitUsage);
        o.alerts_per_item = per_item_;
        auto db = store::open_store_readonly(report_db_);
        if (!db) return fail(db.error());
        auto html = web::build_report(**db, o);
        if (!html) return fail(html.error());
        const std::string tmp = output_ + ".tmp";
        {
            std::ofstream f(tmp, std::ios::binary);
            if (!f) return fail("cannot write " + output_);
            f << *html;
            if (!f.flush()) return fail("cannot write " + output_);
        }
        if (std::rename(tmp.c_str(), output_.c_str()) != 0) return fail("cannot write " + output_);
        std::printf("vigie: report written to %s (%zu bytes)\n", output_.c_str(), html->size());
        return 0;
    }

    int serve() {
        auto addr = web::parse_listen(listen_);
        if (!addr) return fail(addr.error(), kExitUsage);
        if (!allow_remote_ && !web::is_loopback_host(addr->host))
            return fail("--listen " + listen_ + " is not a loopback address; add --allow-remote to serve other hosts",
                        kExitUsage);
        web::ServeOptions o{serve_db_, *addr, allow_remote_};
        return web::serve(o, stdout);
    }

    inline static const std::pair<std::string, std::string> kFilters[] = {
        {"since", "From this time, inclusive (2024, 2024-03, 2024-03-01, ISO 8601, epoch s)"},
        {"until", "Up to this time, exclusive"},
        {"country", "Only attacks from this source country (ISO code, or private/reserved/unknown)"},
        {"sector", "Only attacks on this target sector"},
        {"signature", "Only this signature (exact text)"},
        {"campaign", "Only this campaign (id)"},
    };
    CLI::App* report_ = nullptr;
    CLI::App* serve_ = nullptr;
    std::string report_db_, output_, serve_db_, listen_;
    std::map<std::string, std::string> filters_;
    int per_item_ = 50;
    bool allow_remote_ = false;
};

}  // namespace

std::unique_ptr<WebCommands> add_web_commands(CLI::App& app) { return std::make_unique<Commands>(app); }

}  // namespace vigie::cli
