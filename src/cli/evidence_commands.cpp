#include "cli/evidence_commands.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/config.h"
#include "cli/evidence_config.h"
#include "cli/evidence_replay.h"
#include "evidence/bundle.h"
#include "evidence/keys.h"
#include "evidence/store_reader.h"
#include "evidence/store_verify.h"

namespace vigie::cli {

namespace {

// Exit codes of verify: 0 valid, 1 invalid or unreadable, 2 bad arguments,
// 3 a store whose complete records verify but whose writer stopped abruptly
// (torn tail, or records not yet signed).
constexpr int kExitInvalid = 1, kExitUsage = 2, kExitTorn = 3;

int fail(const std::string& msg, int code = kExitInvalid) {
    std::fprintf(stderr, "vigie: error: %s\n", msg.c_str());
    return code;
}

Result<std::string> read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

class Commands : public EvidenceCommands {
public:
    explicit Commands(CLI::App& app) {
        keygen_ = app.add_subcommand("keygen", "Create the sensor's Ed25519 signing key (DIR/sensor.key, DIR/sensor.pub)");
        keygen_->add_option("-o,--out", key_dir_, "Directory for sensor.key (mode 0600) and sensor.pub")->required();

        auto* ev = app.add_subcommand("evidence", "Evidence store tools");
        ev->require_subcommand(1);
        export_ = ev->add_subcommand("export", "Write a self-contained, verifiable bundle of evidence records");
        export_->add_option("--store", store_dir_, "Evidence store (OUTDIR/evidence)")->required();
        auto* a = export_->add_option("--alert", alert_id_, "vigie.evidence.id of an alert");
        auto* f = export_->add_option("--flow", flow_id_, "flow_id of an EVE record");
        auto* s = export_->add_option("--since", since_, "Alerts from this time (2024-01-01T12:00:00 UTC, or epoch seconds)");
        auto* u = export_->add_option("--until", until_, "Alerts up to this time");
        a->excludes(f)->excludes(s)->excludes(u);
        f->excludes(s)->excludes(u);
        export_->add_option("-o,--output", bundle_out_, "Bundle file to write (.vgb)")->required();

        verify_ = app.add_subcommand("verify", "Verify an evidence bundle or a whole evidence store offline");
        verify_->add_option("bundle", bundle_in_, "Bundle file (.vgb)");
        verify_->add_option("--store", verify_store_, "Verify a whole evidence store instead of a bundle");
        verify_->add_option("--key", pub_path_, "The sensor's public key (sensor.pub)")->required();
        verify_->add_flag("--replay", replay_, "Re-run the bundled rules over the bundled packets and compare the alerts");
    }

    bool selected() const override { return *keygen_ || *export_ || *verify_; }

    int run() override {
        if (*keygen_) return keygen();
        if (*export_) return export_bundle();
        return verify();
    }

private:
    int keygen() {
        auto pub = evidence::generate_key_files(key_dir_);
        if (!pub) return fail(pub.error());
        std::printf("vigie: wrote %s/sensor.key (secret, mode 0600) and %s/sensor.pub\nfingerprint %s\n",
                    key_dir_.c_str(), key_dir_.c_str(), pub->fingerprint().c_str());
        return 0;
    }

    int export_bundle() {
        evidence::ExportQuery q;
        q.alert_id = alert_id_;
        if (!flow_id_.empty()) {
            try {
                q.flow_id = std::stoull(flow_id_);
            } catch (...) {
                return fail("--flow expects a flow_id number, got '" + flow_id_ + "'", kExitUsage);
            }
        }
        if (!since_.empty() && !(q.since = evidence::parse_time_arg(since_)))
            return fail("--since: cannot read time '" + since_ + "'", kExitUsage);
        if (!until_.empty() && !(q.until = evidence::parse_time_arg(until_)))
            return fail("--until: cannot read time '" + until_ + "'", kExitUsage);
        if (q.alert_id.empty() && !q.flow_id && !q.since && !q.until)
            return fail("export needs --alert ID, --flow FLOW_ID or --since/--until", kExitUsage);
        // Written aside and renamed when complete: a failed export leaves no partial bundle.
        const std::string part = bundle_out_ + ".part";
        std::ofstream out(part, std::ios::binary | std::ios::trunc);
        if (!out) return fail("cannot write " + part);
        auto sum = evidence::export_bundle(store_dir_, q, out);
        out.close();
        if (sum && !out) sum = make_error("cannot write " + part);
        if (sum && std::rename(part.c_str(), bundle_out_.c_str()) != 0) sum = make_error("cannot write " + bundle_out_);
        if (!sum) {
            std::remove(part.c_str());
            return fail(sum.error());
        }
        std::printf("vigie: wrote %s: %llu records, %llu alerts, %llu packets, proofs against the signed tree of %llu records\n",
                    bundle_out_.c_str(), static_cast<unsigned long long>(sum->records),
                    static_cast<unsigned long long>(sum->alerts), static_cast<unsigned long long>(sum->packets),
                    static_cast<unsigned long long>(sum->tree_size));
        return 0;
    }

    int verify() {
        if (bundle_in_.empty() == verify_store_.empty())
            return fail("verify needs a bundle file or --store DIR (one of them)", kExitUsage);
        auto key = evidence::load_public_key(pub_path_);
        if (!key) return fail(key.error());
        if (!verify_store_.empty()) return verify_store(*key);
        auto bytes = read_whole(bundle_in_);
        if (!bytes) return fail(bytes.error());
        auto vb = evidence::verify_bundle(*bytes, *key);
        if (!vb) return fail(bundle_in_ + ": INVALID: " + vb.error());
        std::printf("vigie: %s: VALID\n", bundle_in_.c_str());
        std::printf("  signed by sensor '%s' (key %s), %s, checkpoint of %llu records at %s\n", vb->sensor_id.c_str(),
                    vb->key_fingerprint.substr(0, 16).c_str(), vb->engine_version.c_str(),
                    static_cast<unsigned long long>(vb->tree_size), vb->checkpoint_time.c_str());
        std::string idx;
        for (size_t i = 0; i < vb->log_indices.size() && i < 8; ++i) idx += (i ? ", " : "") + std::to_string(vb->log_indices[i]);
        if (vb->log_indices.size() > 8) idx += ", ...";
        std::printf("  %zu records (log index %s) proven in the signed tree; %zu alerts, %zu packets\n",
                    vb->log_indices.size(), idx.c_str(), vb->alerts.size(), vb->frames.size());
        if (vb->packets_dropped)
            std::printf("  note: the records say %llu packets of their flows were not kept (budgets)\n",
                        static_cast<unsigned long long>(vb->packets_dropped));
        if (!replay_) return 0;
        auto rep = replay_bundle(*vb);
        if (!rep) return fail(bundle_in_ + ": " + rep.error());
        if (!rep->missing.empty())
            return fail(bundle_in_ + ": replay: " + std::to_string(rep->missing.size()) + " of " +
                        std::to_string(rep->alerts) + " alerts not re-derived from the bundled packets (first: " +
                        rep->missing.front() + ")");
        std::printf("  replay: %llu of %llu alerts re-derived from the bundled packets and rules",
                    static_cast<unsigned long long>(rep->reproduced), static_cast<unsigned long long>(rep->alerts));
        if (rep->cross_flow)
            std::printf("; %llu depend on hits in other flows (cross-flow threshold), not re-derivable from this bundle",
                        static_cast<unsigned long long>(rep->cross_flow));
        if (rep->indicator)
            std::printf("; %llu raised by shared indicators (vigie.indicator in the alert), not by rules",
                        static_cast<unsigned long long>(rep->indicator));
        std::printf("\n");
        return 0;
    }

    int verify_store(const evidence::PublicKey& key) {
        auto rep = evidence::verify_store(verify_store_, key);
        using S = evidence::StoreVerifyReport::Status;
        if (rep.status == S::Invalid) return fail(verify_store_ + ": INVALID: " + rep.problem);
        std::printf("vigie: %s: %s\n", verify_store_.c_str(), rep.status == S::Valid ? "VALID" : "INCOMPLETE (interrupted run; not tampering)");
        std::printf("  %llu records chained, %llu checkpoints verified, %llu records signed\n",
                    static_cast<unsigned long long>(rep.records), static_cast<unsigned long long>(rep.checkpoints),
                    static_cast<unsigned long long>(rep.signed_records));
        for (const auto& n : rep.notes) std::printf("  note: %s\n", n.c_str());
        if (rep.status == S::Incomplete) {
            std::fprintf(stderr, "vigie: warning: %s: %s\n", verify_store_.c_str(), rep.problem.c_str());
            return kExitTorn;
        }
        return 0;
    }

    CLI::App* keygen_ = nullptr;
    CLI::App* export_ = nullptr;
    CLI::App* verify_ = nullptr;
    std::string key_dir_, store_dir_, alert_id_, flow_id_, since_, until_, bundle_out_;
    std::string bundle_in_, verify_store_, pub_path_;
    bool replay_ = false;
};

}  // namespace

std::unique_ptr<EvidenceCommands> add_evidence_commands(CLI::App& app) { return std::make_unique<Commands>(app); }

void add_evidence_run_options(CLI::App& run, EvidenceFlags& flags) {
    // Each option is its evidence.* key, so it is checked like the key (evidence_config.h).
    struct Opt {
        const char* flag;
        const char* key;
        const char* help;
    };
    static const Opt opts[] = {
        {"--key", "key", "Sensor signing key for --evidence (from vigie keygen)"},
        {"--sensor-id", "sensor-id", "Sensor name in evidence records (default: host name)"},
        {"--evidence-dir", "store-dir", "Evidence store directory (default: OUTDIR/evidence)"},
        {"--evidence-flow-budget", "flow-budget", "Bytes of packets kept per flow (default 2 MiB)"},
        {"--evidence-memcap", "memcap", "Bytes of packets kept over all flows (default 256 MiB)"},
        {"--evidence-post-packets", "post-alert-packets", "Packets recorded after an alert (default 64)"},
        {"--evidence-checkpoint-every", "checkpoint.records", "Records between signed checkpoints (default 1000)"},
        {"--evidence-checkpoint-seconds", "checkpoint.seconds",
         "Seconds between signed checkpoints: capture time for a file, wall time live (default 60)"},
    };
    run.add_flag("--evidence", flags.enabled, "Keep the packets of every alert in a signed evidence store (OUTDIR/evidence)");
    flags.values.clear();
    flags.values.reserve(std::size(opts));  // the options below point into it: no reallocation
    for (const auto& o : opts) {
        flags.values.emplace_back(o.key, std::nullopt);
        run.add_option(o.flag, flags.values.back().second, o.help);
    }
}

}  // namespace vigie::cli
