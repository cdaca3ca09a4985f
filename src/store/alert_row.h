// One alert as stored: the EVE fields Vigie and Suricata both write, plus the
// enrichment and the attacker-side decision. Filled by eve_alert.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace vigie::store {

struct AlertRow {
    int64_t ts = 0;                 // UTC microseconds
    std::string timestamp;          // as in the EVE line
    std::string month;              // YYYY-MM (UTC)
    int64_t pcap_cnt = -1;          // -1: absent (live sensors)
    int64_t flow_id = 0;
    std::string src_ip, dest_ip;
    std::optional<int64_t> src_port, dest_port;
    std::string proto;
    std::optional<std::string> app_proto;
    int64_t gid = 1, sid = 0;
    std::optional<int64_t> rev, severity;
    std::string signature, category;
    std::optional<std::string> evidence_id, evidence_record_sha256;

    // vigie.indicator: the alert was raised by a shared indicator (a sighting).
    struct Sighting {
        std::string ref, feed, kind, value, matched;
        std::string host;  // the local end (vigie.indicator.host)
        std::optional<int64_t> confidence;
    };
    std::optional<Sighting> sighting;

    std::string attacker_ip, target_ip;
    std::string attacker_side = "src";  // "src" or "dest"
    std::string side_reason;

    std::string attacker_country = "unknown", attacker_country_name;
    std::optional<int64_t> attacker_asn;
    std::optional<std::string> attacker_as_org;
    std::string target_org = "unknown", target_sector = "unknown", target_criticality = "unknown";
    std::optional<std::string> target_asset_cidr;
    // The EVE line carried Vigie's vigie.source / vigie.target (a run with intel
    // options): the enrichment and attacker side above come from it, and ingest
    // keeps them rather than looking the addresses up again.
    bool enriched_in_eve = false;

    // App-layer facts from the alert's EVE objects (http, tls, dns, files/fileinfo),
    // the evidence campaigns are linked by (src/intel/link_evidence.h).
    std::optional<std::string> ja3, ja4, http_user_agent, http_hostname, http_url, dns_rrname, tls_sni, file_sha256;
};

}  // namespace vigie::store
