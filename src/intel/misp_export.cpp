// MISP event of sightings and observations: one to_ids attribute per sighted
// indicator (with MISP Sighting entries), the evidence records as non-detection
// sha256 attributes in a "vigie-evidence" object, attackers of rule alerts as
// ip-src context (one attribute per incident, or per alert group outside
// incidents), and one "vigie-campaign" object per campaign. Everything but the
// sighted indicators is to_ids false. Re-imports with `vigie intel import`
// (to_ids is honoured).
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "intel/export_model.h"
#include "intel/indicator.h"
#include "intel/stix_ids.h"

namespace vigie::intel {

namespace {

using json = nlohmann::ordered_json;

std::string uuid_of(const std::string& name) { return stix_id("x", name).substr(3); }

const char* misp_type(const std::string& kind) {
    if (kind == "ip") return "ip-dst";
    if (kind == "domain") return "domain";
    if (kind == "url") return "url";
    if (kind == "md5") return "md5";
    if (kind == "sha1") return "sha1";
    if (kind == "sha256") return "sha256";
    if (kind == "ja3") return "ja3-fingerprint-md5";
    if (kind == "x509-sha1") return "x509-fingerprint-sha1";
    return "text";
}

std::string epoch_s(int64_t us) { return std::to_string(us / 1000000); }

json attribute(const std::string& uuid, const char* type, const std::string& category, const std::string& value,
               bool to_ids, const std::string& comment) {
    return {{"uuid", uuid}, {"type", type}, {"category", category}, {"value", value},
            {"to_ids", to_ids}, {"distribution", "5"}, {"comment", comment}};
}

std::string target_words(const TargetRef& t, const ExportPolicy& p) {
    std::string s = t.sector.empty() || t.sector == "unknown" ? "" : "sector " + t.sector;
    if (!t.org.empty() && t.org != "unknown" && p.asset_name_may_leave(t.org)) s += (s.empty() ? "" : ", ") + t.org;
    return s;
}

}  // namespace

std::string export_misp(const ExportInput& in, const ExportPolicy& policy) {
    const std::string now = format_rfc3339(in.now_us);
    json ev;
    ev["uuid"] = uuid_of("event\x1f" + in.org + "\x1f" + now);
    ev["info"] = "Vigie sightings and observations from " + in.org;
    ev["date"] = now.substr(0, 10);
    ev["timestamp"] = epoch_s(in.now_us);
    ev["threat_level_id"] = "4";
    ev["analysis"] = "2";
    ev["distribution"] = "0";
    ev["Orgc"] = {{"name", in.org}};
    json attrs = json::array();
    json evidence = json::array();
    std::set<std::string> evidence_seen;
    auto add_evidence = [&](const EvidenceRef& e) {
        if (e.id.empty() || e.record_sha256.size() != 64 || !evidence_seen.insert(e.id).second) return;
        evidence.push_back(attribute(uuid_of("evidence\x1f" + e.id), "sha256", "Artifacts dropped", e.record_sha256, false,
                                     "evidence record of alert " + e.id + "; ask " + in.org + " for the bundle"));
    };
    for (const auto& s : in.sightings) {
        if (s.alerts.empty()) continue;
        std::set<std::string> where;
        for (const auto& a : s.alerts) {
            add_evidence(a.evidence);
            if (auto w = target_words(a.target, policy); !w.empty()) where.insert(w);
        }
        std::string comment = "indicator " + s.ref + " of feed " + s.feed + ": " + std::to_string(s.alerts.size()) +
                              " alerts";
        if (!where.empty()) {
            comment += "; targets:";
            for (const auto& w : where) comment += " [" + w + "]";
        }
        json a = attribute(uuid_of("sighting\x1f" + s.feed + "\x1f" + s.ref), misp_type(s.kind),
                           s.kind == "ip" || s.kind == "domain" || s.kind == "url" || s.kind == "ja3" ? "Network activity"
                                                                                                       : "Payload delivery",
                           s.value, true, comment);
        a["first_seen"] = format_rfc3339(s.alerts.front().ts);
        a["last_seen"] = format_rfc3339(s.alerts.back().ts);
        json sightings = json::array();
        for (size_t i = 0; i < s.alerts.size() && i < 100; ++i)
            sightings.push_back({{"type", "0"}, {"date_sighting", epoch_s(s.alerts[i].ts)}, {"source", in.org}});
        a["Sighting"] = std::move(sightings);
        attrs.push_back(std::move(a));
        for (const auto& al : s.alerts)
            if (policy.address_may_leave(al.target.ip))
                attrs.push_back(attribute(uuid_of("target\x1f" + s.ref + "\x1f" + al.target.ip), "ip-src", "Network activity",
                                          al.target.ip, false, "internal address that matched " + s.ref));
    }
    std::set<std::string> attackers;
    for (const auto& g : in.observed) {
        for (const auto& e : g.evidence) add_evidence(e);
        if (g.attacker_internal && !policy.address_may_leave(g.attacker_ip)) continue;
        std::string comment = "source of " + std::to_string(g.count) + " alerts [" + std::to_string(g.gid) + ":" +
                              std::to_string(g.sid) + "] " + g.signature + " from " + format_rfc3339(g.first_seen) +
                              " to " + format_rfc3339(g.last_seen);
        if (auto w = target_words(g.target, policy); !w.empty()) comment += "; target " + w;
        attrs.push_back(attribute(uuid_of("observed\x1f" + std::to_string(g.sid) + "\x1f" + g.attacker_ip + "\x1f" + g.target.ip),
                                  "ip-src", "Network activity", g.attacker_ip, false, comment));
    }
    json objects = json::array();
    std::map<int64_t, json> campaign_sources;
    for (const auto& i : in.incidents) {
        for (const auto& e : i.evidence) add_evidence(e);
        if (i.attacker_internal && !policy.address_may_leave(i.attacker_ip)) continue;
        std::string comment = "source of incident " + std::to_string(i.id) +
                              (i.campaign_id ? " (campaign " + std::to_string(i.campaign_id) + ")" : "") + ": " +
                              std::to_string(i.alerts) + " alerts " + i.family + " from " + format_rfc3339(i.first_seen) +
                              " to " + format_rfc3339(i.last_seen);
        if (auto w = target_words(i.target, policy); !w.empty()) comment += "; target " + w;
        json a = attribute(uuid_of("incident\x1f" + in.org + "\x1f" + std::to_string(i.id)), "ip-src", "Network activity",
                           i.attacker_ip, false, comment);
        a["first_seen"] = format_rfc3339(i.first_seen);
        a["last_seen"] = format_rfc3339(i.last_seen);
        if (i.campaign_id) {
            a["object_relation"] = "source";
            campaign_sources[i.campaign_id].push_back(std::move(a));
        } else {
            attrs.push_back(std::move(a));
        }
    }
    for (const auto& c : in.campaigns) {
        const std::string key = "campaign\x1f" + in.org + "\x1f" + std::to_string(c.id);
        json ca = json::array();
        json name = attribute(uuid_of(key + "\x1fname"), "text", "Other", policy.scrub(c.label), false,
                              "label of Vigie campaign " + std::to_string(c.id));
        name["object_relation"] = "name";
        ca.push_back(std::move(name));
        json why = attribute(uuid_of(key + "\x1flinks"), "text", "Other", summarize_link_reasons(c, policy), false,
                             "what links its incidents");
        why["object_relation"] = "link-reasons";
        ca.push_back(std::move(why));
        for (auto& a : campaign_sources[c.id]) ca.push_back(std::move(a));
        objects.push_back({{"name", "vigie-campaign"},
                           {"meta-category", "misc"},
                           {"uuid", uuid_of(key)},
                           {"comment", "Vigie campaign " + std::to_string(c.id) + ": " + std::to_string(c.alerts) +
                                           " alerts in " + std::to_string(c.incidents) + " incidents"},
                           {"first_seen", format_rfc3339(c.first_seen)},
                           {"last_seen", format_rfc3339(c.last_seen)},
                           {"Attribute", std::move(ca)}});
    }
    ev["Attribute"] = std::move(attrs);
    if (!evidence.empty())
        objects.push_back({{"name", "vigie-evidence"},
                           {"meta-category", "misc"},
                           {"uuid", uuid_of("evidence-object\x1f" + in.org + "\x1f" + now)},
                           {"Attribute", std::move(evidence)}});
    if (!objects.empty()) ev["Object"] = std::move(objects);
    return json{{"Event", std::move(ev)}}.dump(2) + "\n";
}

}  // namespace vigie::intel
