#include "cli/campaign_commands.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/fail.h"
#include "intel/incidents.h"
#include "store/campaign_query.h"
#include "store/campaign_store.h"
#include "store/schema.h"

namespace vigie::cli {

namespace {

std::string utc(int64_t us) {
    const std::time_t s = static_cast<std::time_t>(us / 1000000);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string join_counted(const store::Counted& c) {
    std::string out;
    for (const auto& [v, n] : c) out += (out.empty() ? "" : ", ") + v + " (" + std::to_string(n) + ")";
    return out.empty() ? "-" : out;
}

nlohmann::json counted_json(const store::Counted& c) {
    auto a = nlohmann::json::array();
    for (const auto& [v, n] : c) a.push_back({{"value", v}, {"alerts", n}});
    return a;
}

nlohmann::json summary_json(const store::CampaignSummary& c) {
    return {{"id", c.id},
            {"label", c.label},
            {"first_seen", utc(c.first_seen)},
            {"last_seen", utc(c.last_seen)},
            {"alerts", c.alerts},
            {"incidents", c.incidents},
            {"top_sectors", counted_json(c.top_sectors)},
            {"top_source_countries", counted_json(c.top_countries)},
            {"top_source_asns", counted_json(c.top_asns)},
            {"evidence_ids", c.evidence_ids},
            {"evidence_total", c.evidence_total}};
}

nlohmann::json member_json(const store::CampaignMember& m) {
    nlohmann::json j = {{"incident", m.incident_id},
                        {"linked_to_incident", nullptr},
                        {"reason", m.reason},
                        {"attacker_ip", m.attacker_ip},
                        {"target_org", m.target_org},
                        {"target_sector", m.target_sector},
                        {"target_ip", nullptr},
                        {"signature_family", m.family},
                        {"first_seen", utc(m.first_seen)},
                        {"last_seen", utc(m.last_seen)},
                        {"alerts", m.alerts}};
    if (m.linked_to) j["linked_to_incident"] = *m.linked_to;
    if (m.target_ip) j["target_ip"] = *m.target_ip;
    return j;
}

void print_summary(const store::CampaignSummary& c) {
    std::printf("campaign %lld  %s\n", static_cast<long long>(c.id), c.label.c_str());
    std::printf("  seen       %s .. %s\n", utc(c.first_seen).c_str(), utc(c.last_seen).c_str());
    std::printf("  alerts     %lld in %lld incidents\n", static_cast<long long>(c.alerts),
                static_cast<long long>(c.incidents));
    std::printf("  sectors    %s\n", join_counted(c.top_sectors).c_str());
    std::printf("  countries  %s\n", join_counted(c.top_countries).c_str());
    std::printf("  ASNs       %s\n", join_counted(c.top_asns).c_str());
    std::string ev;
    for (const auto& e : c.evidence_ids) ev += (ev.empty() ? "" : " ") + e;
    if (c.evidence_total > static_cast<int64_t>(c.evidence_ids.size()))
        ev += " ... (" + std::to_string(c.evidence_total) + " in all)";
    std::printf("  evidence   %s\n", ev.empty() ? "-" : ev.c_str());
}

void print_member(int64_t campaign, const store::CampaignMember& m) {
    std::printf("  incident %lld: %s -> %s%s%s [%s] %s .. %s, %lld alerts\n", static_cast<long long>(m.incident_id),
                m.attacker_ip.c_str(), m.target_org.c_str(), m.target_ip ? " " : "",
                m.target_ip ? m.target_ip->c_str() : "", m.family.c_str(), utc(m.first_seen).c_str(),
                utc(m.last_seen).c_str(), static_cast<long long>(m.alerts));
    if (m.linked_to)
        std::printf("    linked to campaign %lld (via incident %lld) by: %s\n", static_cast<long long>(campaign),
                    static_cast<long long>(*m.linked_to), m.reason.c_str());
    else
        std::printf("    %s\n", m.reason.c_str());
}

class Commands : public CampaignCommands {
public:
    explicit Commands(CLI::App& app) {
        cmd_ = app.add_subcommand("campaigns", "Campaigns in the store: incidents linked by shared evidence");
        cmd_->add_option("--db", db_, "SQLite store")->required();
        cmd_->add_option("--format", format_, "table or json")->default_val("table");
        cmd_->add_option("--id", id_, "One campaign: every incident and the link (with its reason) that brought it in");
    }

    bool selected() const override { return cmd_->parsed(); }

    int run() override {
        if (format_ != "table" && format_ != "json")
            return fail("--format expects table or json, got '" + format_ + "'", kExitUsage);
        auto db = store::Db::open(db_, /*create=*/false);
        if (!db) return fail(db.error());
        if (auto v = store::migrate(**db); !v) return fail(v.error());
        auto list = store::list_campaigns(**db, id_);
        if (!list) return fail(list.error());
        if (id_ && list->empty()) return fail("no campaign " + std::to_string(*id_) + " in " + db_);
        std::vector<store::CampaignMember> members;
        if (id_) {
            auto m = store::campaign_members(**db, *id_);
            if (!m) return fail(m.error());
            members = std::move(*m);
        }
        if (format_ == "json") {
            auto out = nlohmann::json::array();
            for (const auto& c : *list) out.push_back(summary_json(c));
            if (id_) {
                auto links = nlohmann::json::array();
                for (const auto& m : members) links.push_back(member_json(m));
                out[0]["links"] = std::move(links);
            }
            std::printf("%s\n", out.dump(2).c_str());
            return 0;
        }
        if (list->empty()) std::printf("no campaigns (incidents linked by shared evidence) in %s\n", db_.c_str());
        for (const auto& c : *list) print_summary(c);
        for (const auto& m : members) print_member(*id_, m);
        return 0;
    }

private:
    CLI::App* cmd_ = nullptr;
    std::string db_, format_ = "table";
    std::optional<int64_t> id_;
};

}  // namespace

std::unique_ptr<CampaignCommands> add_campaign_commands(CLI::App& app) { return std::make_unique<Commands>(app); }

void add_incident_window_option(CLI::App& cmd, std::string& window) {
    cmd.add_option("--incident-window", window,
                   "Longest pause between two alerts of one incident: 90m, 1h (default), 2d, 3600s")
        ->check(CLI::Validator(
            [](std::string& v) {
                return intel::parse_window(v) ? std::string() : "cannot read duration '" + v + "' (e.g. 30m, 1h, 2d)";
            },
            "DURATION"));
}

int regroup_store(store::Db& db, const std::string& window) {
    const int64_t window_us = window.empty() ? intel::kDefaultIncidentWindowUs : *intel::parse_window(window);
    auto r = store::regroup(db, window_us);
    if (!r) return fail(r.error());
    std::printf("campaigns: %lld alerts in %lld incidents (window %llds), %lld campaigns linking %lld incidents; "
                "regrouped in %.3f s (load %.3f, group %.3f, write %.3f; %lld alerts re-assigned)\n",
                static_cast<long long>(r->alerts), static_cast<long long>(r->incidents),
                static_cast<long long>(window_us / 1000000), static_cast<long long>(r->campaigns),
                static_cast<long long>(r->incidents_in_campaigns), r->load_s + r->group_s + r->write_s, r->load_s,
                r->group_s, r->write_s, static_cast<long long>(r->alerts_updated));
    return 0;
}

}  // namespace vigie::cli
