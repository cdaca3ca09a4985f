// Run configuration: vigie.yaml (Suricata's suricata.yaml layout is accepted as is,
// so a Suricata user's vars and stream settings carry over), then `--set key=value`
// overrides, then command-line flags. Built once at start; immutable afterwards.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "intel/intel_options.h"
#include "output/eve_dns.h"
#include "output/eve_tls.h"
#include "rules/parser.h"

namespace vigie::cli {

struct EveAlertOptions {
    bool payload = false;            // base64 payload of the alerting packet (or stream chunk)
    bool payload_printable = false;
    bool packet = false;             // base64 of the whole frame
    bool metadata = true;            // rule metadata as {key: [values]}
    bool rule_text = false;          // the matching rule's text under alert.rule
};

// EVE record types, as Suricata's outputs.eve-log.types. Defaults follow
// Suricata's default suricata.yaml.
struct EveTypes {
    bool alert = true;
    bool http = true, http_extended = true, http_dump_all_headers = false;
    bool dns = true;
    output::DnsLogConfig dns_log;
    bool tls = true, tls_extended = true;
    std::optional<output::TlsLogFields> tls_custom;
    bool ssh = true;
    bool files = true, files_magic = true;  // files.force-magic: libmagic's type in fileinfo
    bool flow = true;
    bool anomaly = true, anomaly_decode = false, anomaly_applayer = true;
};

// Evidence store (vigie run --evidence --key DIR/sensor.key; docs/evidence.md).
struct EvidenceOptions {
    bool enabled = false;
    std::string key_path;
    uint64_t flow_budget = 2ull << 20;      // bytes of packets kept per flow
    uint64_t memcap = 256ull << 20;         // bytes of packets kept over all flows
    uint32_t post_alert_packets = 64;       // packets recorded after an alert (or the rule's tag count)
    uint64_t checkpoint_every = 1000;       // records between signed checkpoints (0: not by count)
    uint64_t checkpoint_seconds = 60;       // seconds between signed checkpoints (0: not by time)
    std::string store_dir;                  // empty: <outdir>/evidence
    std::string sensor_id;                  // empty: the host name
};

// File store (outputs: - file-store: in Suricata's layout; docs/filestore.md).
struct FileStoreOptions {
    bool enabled = false;
    std::string dir = "files";              // relative: under the log directory
    bool force = false;                     // force-filestore: every complete file, not only rule matches
    uint64_t stream_depth = 0;              // bytes a stored file may have (0: no bound)
    uint32_t max_open_files = 1024;         // files spooled at once
};

struct RunConfig {
    // inputs
    std::string pcap;                // -r
    std::string iface;               // -i (live)
    std::vector<std::string> rule_files;  // -S, and rule-files: in the yaml
    std::string outdir = ".";        // -l
    unsigned workers = 1;

    rules::Vars vars = rules::Vars::suricata_defaults();
    std::string classification_file; // empty = bundled

    // decoding
    bool checksum_validation = true; // -k none turns it off
    uint64_t defrag_memcap = 32ull << 20;

    // flow and stream
    uint32_t flow_max = 1u << 16;
    bool midstream = false;
    bool async_oneside = false;
    uint64_t reassembly_depth = 1ull << 20;  // 0 = unlimited, as in Suricata

    // detection
    std::string hs_cache_dir;        // Hyperscan database cache; empty = off
    // Shared indicators (docs/intel.md): the store given with --db (its indicators
    // not revoked) and files given with --indicators.
    std::string indicators_db;
    std::vector<std::string> indicator_files;
    uint32_t max_alerts_per_packet = 15;

    // output
    bool eve_enabled = true;
    std::string eve_filename = "eve.json";
    std::optional<uint16_t> community_id_seed;  // eve-log community-id on: the seed (default 0)
    bool eve_ethernet = false;                  // eve-log ethernet: MAC addresses in records
    bool eve_alert = true;           // kept in step with types.alert
    EveTypes types;
    EveAlertOptions alert;

    // application layer (app-layer.protocols.*)
    uint32_t http_request_body_limit = 100 * 1024;
    uint32_t http_response_body_limit = 100 * 1024;
    uint32_t http_decompress_layer_limit = 2;
    // app-layer.protocols.<name>.enabled, with DNS's per-transport override.
    bool http_enabled = true, tls_enabled = true, ssh_enabled = true;
    std::optional<bool> dns_enabled, dns_tcp_enabled, dns_udp_enabled;
    bool progress = true;            // progress line when stderr is a terminal
    EvidenceOptions evidence;
    FileStoreOptions file_store;
    // enrichment: --geo/--asn/--asn6/--assets or vigie.intel.*; any set: alerts in
    // EVE carry vigie.source / vigie.target (docs/store.md)
    intel::IntelOptions intel;
};

// Load a YAML config file into `cfg` (only the keys present change anything).
// Understands Suricata's layout: vars.address-groups, vars.port-groups, stream.*,
// outputs[].eve-log.types, default-rule-path/rule-files, include:.
Result<void> load_config_file(const std::string& path, RunConfig& cfg);

// Apply one `--set key=value` (dotted key, Suricata spelling).
Result<void> apply_set_option(const std::string& assignment, RunConfig& cfg);

// Parse sizes as Suricata writes them: "1mb", "64kb", "1gb", "4096".
Result<uint64_t> parse_size(const std::string& text);
// Suricata booleans: yes/no, true/false, on/off, 1/0.
Result<bool> parse_bool(const std::string& text);

}  // namespace vigie::cli
