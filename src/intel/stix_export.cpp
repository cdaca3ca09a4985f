// STIX 2.1 bundle of sightings and observations. Every object validates against
// the OASIS JSON schemas (tested), ids are deterministic (stix_ids.h), and the
// bundle re-imports with `vigie intel import` (its indicator objects carry the
// sighted values). Campaigns are `campaign` SDOs that `target` the sector
// identities and are the `sighting_of_ref` of a sighting whose observed data are
// their incidents: STIX 2.1 relates observed-data to other objects only through
// sightings (observed_data_refs), not through relationships.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "intel/export_model.h"
#include "intel/indicator.h"
#include "intel/stix_ids.h"

namespace vigie::intel {

namespace {

using json = nlohmann::ordered_json;

std::string quote_pattern(const std::string& v) {
    std::string out = "'";
    for (char c : v) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    return out + "'";
}

std::string canonical_value(const std::string& v) { return json{{"value", v}}.dump(); }

class Writer {
public:
    Writer(const ExportInput& in, const ExportPolicy& p) : in_(in), policy_(p), now_(format_rfc3339(in.now_us)) {
        org_id_ = stix_id("identity", "org:" + in.org);
        json org = sdo("identity", org_id_);
        org["name"] = in.org;
        org["identity_class"] = "organization";
        if (!in.org_sector.empty()) org["sectors"] = json::array({in.org_sector});
        objects_.push_back(std::move(org));
    }

    std::string write() {
        for (const auto& s : in_.sightings) sighting(s);
        for (const auto& g : in_.observed) observation(g);
        std::map<int64_t, std::vector<const ObservedIncident*>> members;
        for (const auto& i : in_.incidents)
            if (i.campaign_id == 0) incident(i);
            else members[i.campaign_id].push_back(&i);
        for (const auto& c : in_.campaigns) campaign(c, members[c.id]);
        json b;
        b["type"] = "bundle";
        b["id"] = stix_id("bundle", in_.org + "\x1f" + now_);
        b["objects"] = std::move(objects_);
        return b.dump(2) + "\n";
    }

private:
    json sdo(const char* type, const std::string& id, bool by_us = true) {
        json o;
        o["type"] = type;
        o["spec_version"] = "2.1";
        o["id"] = id;
        if (by_us && std::string(type) != "identity") o["created_by_ref"] = org_id_;
        o["created"] = now_;
        o["modified"] = now_;
        return o;
    }

    // An SCO for a value, added once; its id.
    std::string sco(const std::string& kind, const std::string& value) {
        json o;
        std::string id;
        if (kind == "ip" || kind == "domain" || kind == "url") {
            const char* type = kind == "domain" ? "domain-name" : kind == "url" ? "url"
                               : value.find(':') != std::string::npos ? "ipv6-addr" : "ipv4-addr";
            id = sco_id(type, canonical_value(value));
            o = {{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"value", value}};
        } else if (kind == "md5" || kind == "sha1" || kind == "sha256" || kind == "x509-sha1") {
            const char* algo = kind == "md5" ? "MD5" : kind == "sha256" ? "SHA-256" : "SHA-1";
            const char* type = kind == "x509-sha1" ? "x509-certificate" : "file";
            json hashes = {{algo, value}};
            id = sco_id(type, json{{"hashes", hashes}}.dump());
            o = {{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"hashes", hashes}};
        } else {
            return {};
        }
        if (scos_.insert(id).second) objects_.push_back(std::move(o));
        return id;
    }

    // Where a target may be named: an identity per (sector, organisation if allowed).
    std::string target_identity(const TargetRef& t) {
        const bool named = !t.org.empty() && t.org != "unknown" && policy_.asset_name_may_leave(t.org);
        const bool sector = !t.sector.empty() && t.sector != "unknown";
        if (!named && !sector) return {};
        const std::string key = (named ? t.org : "") + "\x1f" + (sector ? t.sector : "");
        const std::string id = stix_id("identity", "target:" + key);
        if (targets_.insert(id).second) {
            json o = sdo("identity", id);
            o["name"] = named ? t.org : "assets of " + in_.org + " in sector " + t.sector;
            o["identity_class"] = named ? "organization" : "class";
            if (sector) o["sectors"] = json::array({t.sector});
            objects_.push_back(std::move(o));
        }
        return id;
    }

    json evidence_refs(const std::vector<const EvidenceRef*>& ev) {
        json refs = json::array();
        std::set<std::string> seen;
        for (const auto* e : ev) {
            if (e->id.empty() || !seen.insert(e->id).second) continue;
            json r = {{"source_name", "vigie-evidence"},
                      {"description", "signed evidence record (packets, rule, chain proof); ask " + in_.org +
                                          " for the bundle of this alert id"},
                      {"external_id", e->id}};
            if (e->record_sha256.size() == 64) r["hashes"] = {{"SHA-256", e->record_sha256}};
            refs.push_back(std::move(r));
        }
        return refs;
    }

    void sighting(const SightedIndicator& s) {
        if (s.alerts.empty()) return;
        // The indicator itself, so the bundle stands alone and re-imports.
        const bool stix_ref = s.ref.starts_with("indicator--");
        const std::string ind_id = stix_ref ? s.ref : stix_id("indicator", s.feed + "\x1f" + s.ref);
        const std::string pattern = !s.stix_pattern.empty() ? s.stix_pattern : stix_pattern_for(s.kind, s.value);
        if (!pattern.empty() && indicators_.insert(ind_id).second) {
            json o = sdo("indicator", ind_id, false);
            if (!s.name.empty()) o["name"] = s.name;
            o["description"] = "shared in feed " + s.feed + (stix_ref ? "" : " as " + s.ref);
            o["pattern"] = pattern;
            o["pattern_type"] = "stix";
            o["valid_from"] = format_rfc3339(s.valid_from ? s.valid_from : s.alerts.front().ts);
            if (s.valid_until > (s.valid_from ? s.valid_from : s.alerts.front().ts))
                o["valid_until"] = format_rfc3339(s.valid_until);
            if (s.confidence >= 0) o["confidence"] = s.confidence;
            objects_.push_back(std::move(o));
        }
        // What was observed: the matched values, and internal addresses the policy lets out.
        json refs = json::array();
        std::set<std::string> ref_set;
        std::vector<std::string> where = {org_id_};
        std::vector<const EvidenceRef*> ev;
        for (const auto& a : s.alerts) {
            for (const std::string& id : {sco(s.kind, a.matched.empty() ? s.value : a.matched),
                                          policy_.address_may_leave(a.target.ip) ? sco("ip", a.target.ip) : std::string{}})
                if (!id.empty() && ref_set.insert(id).second) refs.push_back(id);
            const std::string t = target_identity(a.target);
            if (!t.empty() && std::find(where.begin(), where.end(), t) == where.end()) where.push_back(t);
            ev.push_back(&a.evidence);
        }
        const std::string first = format_rfc3339(s.alerts.front().ts), last = format_rfc3339(s.alerts.back().ts);
        json sg = sdo("sighting", stix_id("sighting", in_.org + "\x1f" + s.feed + "\x1f" + s.ref));
        sg["description"] = "Vigie alerts raised by indicator " + s.ref + " of feed " + s.feed;
        sg["first_seen"] = first;
        sg["last_seen"] = last;
        sg["count"] = static_cast<int64_t>(std::min<size_t>(s.alerts.size(), 999999999));
        sg["sighting_of_ref"] = ind_id;
        sg["where_sighted_refs"] = where;
        if (!refs.empty()) {
            json od = sdo("observed-data", stix_id("observed-data", "sighting\x1f" + s.feed + "\x1f" + s.ref));
            od["first_observed"] = first;
            od["last_observed"] = last;
            od["number_observed"] = static_cast<int64_t>(std::min<size_t>(s.alerts.size(), 999999999));
            od["object_refs"] = refs;
            sg["observed_data_refs"] = json::array({od["id"]});
            objects_.push_back(std::move(od));
        }
        if (json er = evidence_refs(ev); !er.empty()) sg["external_references"] = std::move(er);
        objects_.push_back(std::move(sg));
    }

    void observation(const ObservedGroup& g) {
        const auto refs = ip_refs(g.attacker_ip, g.attacker_internal, g.target.ip);
        if (refs.empty()) return;  // nothing observable may leave
        const std::string key = std::to_string(g.gid) + ":" + std::to_string(g.sid) + "\x1f" + g.attacker_ip + "\x1f" +
                                g.target.ip;
        json od = sdo("observed-data", stix_id("observed-data", key));
        od["first_observed"] = format_rfc3339(g.first_seen);
        od["last_observed"] = format_rfc3339(g.last_seen);
        od["number_observed"] = static_cast<int64_t>(std::min<uint64_t>(std::max<uint64_t>(g.count, 1), 999999999));
        od["object_refs"] = refs;
        json er = json::array({{{"source_name", "vigie-signature"},
                                {"description", g.signature},
                                {"external_id", std::to_string(g.gid) + ":" + std::to_string(g.sid)}}});
        std::vector<const EvidenceRef*> ev;
        for (const auto& e : g.evidence) ev.push_back(&e);
        for (auto& r : evidence_refs(ev)) er.push_back(std::move(r));
        od["external_references"] = std::move(er);
        if (const std::string t = target_identity(g.target); !t.empty())
            od["labels"] = json::array({"target-sector:" + g.target.sector});
        objects_.push_back(std::move(od));
    }

    std::vector<std::string> ip_refs(const std::string& attacker, bool internal, const std::string& target) {
        std::vector<std::string> refs;
        if (!attacker.empty() && (!internal || policy_.address_may_leave(attacker))) refs.push_back(sco("ip", attacker));
        if (!target.empty() && policy_.address_may_leave(target)) refs.push_back(sco("ip", target));
        return refs;
    }

    // An incident's observed-data (its id), or "" when none of its addresses may leave.
    std::string incident(const ObservedIncident& i) {
        const auto refs = ip_refs(i.attacker_ip, i.attacker_internal, i.target.ip);
        if (refs.empty()) return {};
        json od = sdo("observed-data", stix_id("observed-data", in_.org + "\x1fincident:" + std::to_string(i.id)));
        od["first_observed"] = format_rfc3339(i.first_seen);
        od["last_observed"] = format_rfc3339(i.last_seen);
        od["number_observed"] = static_cast<int64_t>(std::clamp<uint64_t>(i.alerts, 1, 999999999));
        od["object_refs"] = refs;
        json er = json::array({{{"source_name", "vigie-incident"},
                                {"description", i.family + " alerts of one source on one target asset" +
                                                    (i.campaign_id ? ", in campaign " + std::to_string(i.campaign_id)
                                                                   : std::string())},
                                {"external_id", std::to_string(i.id)}}});
        for (const auto& [key, name] : i.signatures)
            er.push_back({{"source_name", "vigie-signature"}, {"description", name}, {"external_id", key}});
        std::vector<const EvidenceRef*> ev;
        for (const auto& e : i.evidence) ev.push_back(&e);
        for (auto& r : evidence_refs(ev)) er.push_back(std::move(r));
        od["external_references"] = std::move(er);
        if (!target_identity(i.target).empty()) od["labels"] = json::array({"target-sector:" + i.target.sector});
        const std::string id = od["id"];
        objects_.push_back(std::move(od));
        return id;
    }

    void campaign(const ObservedCampaign& c, const std::vector<const ObservedIncident*>& members) {
        const std::string key = in_.org + "\x1f" + std::to_string(c.id);
        json co = sdo("campaign", stix_id("campaign", key));
        const std::string id = co["id"];
        co["name"] = policy_.scrub(c.label);
        json observed = json::array();
        std::vector<std::string> where = {org_id_};
        std::vector<const EvidenceRef*> ev;
        for (const auto* i : members) {
            if (std::string od = incident(*i); !od.empty()) observed.push_back(od);
            const std::string t = target_identity(i->target);
            if (!t.empty() && std::find(where.begin(), where.end(), t) == where.end()) where.push_back(t);
            for (const auto& e : i->evidence) ev.push_back(&e);
        }
        co["description"] = "Vigie campaign " + std::to_string(c.id) + ": " + std::to_string(c.alerts) + " alerts in " +
                            std::to_string(c.incidents) + " incidents (" + std::to_string(observed.size()) +
                            " as observed-data here, the others' addresses kept in by the privacy policy); " +
                            summarize_link_reasons(c, policy_);
        co["first_seen"] = format_rfc3339(c.first_seen);
        co["last_seen"] = format_rfc3339(c.last_seen);
        objects_.push_back(std::move(co));
        for (size_t w = 1; w < where.size(); ++w) {
            json r = sdo("relationship", stix_id("relationship", key + "\x1ftargets\x1f" + where[w]));
            r["relationship_type"] = "targets";
            r["source_ref"] = id;
            r["target_ref"] = where[w];
            objects_.push_back(std::move(r));
        }
        json sg = sdo("sighting", stix_id("sighting", key + "\x1f" "campaign"));
        sg["description"] = "Vigie alerts grouped as campaign " + std::to_string(c.id);
        sg["first_seen"] = format_rfc3339(c.first_seen);
        sg["last_seen"] = format_rfc3339(c.last_seen);
        sg["count"] = std::clamp<int64_t>(c.alerts, 0, 999999999);
        sg["sighting_of_ref"] = id;
        if (!observed.empty()) sg["observed_data_refs"] = std::move(observed);
        sg["where_sighted_refs"] = where;
        if (json er = evidence_refs(ev); !er.empty()) sg["external_references"] = std::move(er);
        objects_.push_back(std::move(sg));
    }

    const ExportInput& in_;
    const ExportPolicy& policy_;
    std::string now_, org_id_;
    json objects_ = json::array();
    std::set<std::string> scos_, targets_, indicators_;
};

}  // namespace

std::string stix_pattern_for(const std::string& kind, const std::string& value) {
    const std::string v = quote_pattern(value);
    if (kind == "ip") return std::string("[") + (value.find(':') != std::string::npos ? "ipv6-addr" : "ipv4-addr") + ":value = " + v + "]";
    if (kind == "domain") return "[domain-name:value = " + v + "]";
    if (kind == "url") return "[url:value = " + v + "]";
    if (kind == "md5") return "[file:hashes.MD5 = " + v + "]";
    if (kind == "sha1") return "[file:hashes.'SHA-1' = " + v + "]";
    if (kind == "sha256") return "[file:hashes.'SHA-256' = " + v + "]";
    if (kind == "x509-sha1") return "[x509-certificate:hashes.'SHA-1' = " + v + "]";
    return {};
}

std::string export_stix(const ExportInput& in, const ExportPolicy& policy) { return Writer(in, policy).write(); }

}  // namespace vigie::intel
