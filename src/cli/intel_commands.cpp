#include "cli/fail.h"
#include "cli/intel_commands.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/intel_export.h"
#include "intel/indicator_formats.h"
#include "store/alert_store.h"
#include "store/indicator_store.h"

namespace vigie::cli {

namespace {

class Commands : public IntelCommands {
public:
    explicit Commands(CLI::App& app) {
        intel_ = app.add_subcommand("intel", "Shared indicators: import (STIX 2.1, MISP, lists), export sightings");
        intel_->require_subcommand(1);
        import_ = intel_->add_subcommand("import", "Load indicator files into the store (format detected by content)");
        import_->add_option("--db", db_, "SQLite store (created if missing)")->required();
        import_->add_option("files", files_, "STIX 2.1 bundles, MISP event JSON, or plain lists")->required();
        import_->add_option("--feed", feed_, "Feed name for every file (default: each file's name without extension)");
        import_->add_option("--type", type_,
                            "Plain lists: the type of every line's single value (ip, domain, url, md5, sha1, sha256, "
                            "ja3, x509-sha1)");
        add_export_options(*intel_, export_);
    }

    bool selected() const override { return intel_->parsed(); }
    int run() override { return import_->parsed() ? import() : run_export(export_); }

private:
    int import() {
        std::optional<intel::ObservableKind> type;
        if (!type_.empty()) {
            type = intel::kind_from_type_name(type_);
            if (!type) return fail("--type: unknown type '" + type_ + "'", kExitUsage);
        }
        auto st = store::AlertStore::open(db_);
        if (!st) return fail(st.error());
        for (const auto& f : files_) {
            auto res = intel::read_indicator_file(f, type);
            if (!res) return fail(res.error());
            for (const auto& issue : res->issues) {
                // Plain-list issues already start with file:line.
                const std::string where = issue.where.starts_with(f) ? "" : f + ": ";
                std::fprintf(stderr, "vigie: warning: %s%s\n", where.c_str(), issue.to_string().c_str());
            }
            store::FeedImport feed{feed_.empty() ? std::filesystem::path(f).stem().string() : feed_, res->format, f};
            auto n = store::import_indicators((*st)->db(), feed, res->indicators);
            if (!n) return fail(f + ": " + n.error());
            uint64_t errors = 0;
            for (const auto& i : res->issues) errors += i.error;
            std::printf("vigie: %s: %s, feed %s: %llu objects, %zu indicators (%llu new, %llu updated, %llu unchanged, "
                        "%llu older than stored), %llu skipped, %llu with errors\n",
                        f.c_str(), res->format.c_str(), feed.feed.c_str(), static_cast<unsigned long long>(res->objects),
                        res->indicators.size(), static_cast<unsigned long long>(n->added),
                        static_cast<unsigned long long>(n->updated), static_cast<unsigned long long>(n->unchanged),
                        static_cast<unsigned long long>(n->older), static_cast<unsigned long long>(res->skipped),
                        static_cast<unsigned long long>(errors));
        }
        return 0;
    }

    CLI::App* intel_ = nullptr;
    CLI::App* import_ = nullptr;
    std::string db_, feed_, type_;
    std::vector<std::string> files_;
    ExportArgs export_;
};

}  // namespace

std::unique_ptr<IntelCommands> add_intel_commands(CLI::App& app) { return std::make_unique<Commands>(app); }

}  // namespace vigie::cli
