#include "store/eve_ingest.h"

#include <chrono>
#include <fstream>

#include "evidence/hash.h"
#include "store/eve_alert.h"

namespace vigie::store {

namespace {
// Rows per transaction: large enough that commits (an fsync each in WAL) are rare,
// small enough that a reader is not starved for long.
constexpr uint64_t kBatch = 50000;
}  // namespace

Result<std::string> file_sha256(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error("cannot read " + path);
    evidence::Sha256 h;
    std::string buf(1 << 20, '\0');
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        h.update(buf.data(), static_cast<size_t>(in.gcount()));
    }
    return evidence::to_hex(h.final());
}

void enrich(intel::Enricher& e, AlertRow& r) {
    const intel::IpIntel& a = e.ip(r.attacker_ip);
    r.attacker_country = a.country;
    r.attacker_country_name = a.country_name;
    if (a.asn) {
        r.attacker_asn = a.asn;
        r.attacker_as_org = a.as_org;
    }
    intel::TargetIntel t = e.target(r.target_ip);
    r.target_org = t.organisation;
    r.target_sector = t.sector;
    r.target_criticality = t.criticality;
    if (!t.cidr.empty()) r.target_asset_cidr = t.cidr;
}

Result<IngestReport> ingest_eve_file(AlertStore& store, intel::Enricher* enricher, const std::string& path,
                                     CaptureInfo cap, std::FILE* diag) {
    const auto t0 = std::chrono::steady_clock::now();
    IngestReport rep;
    if (cap.sha256.empty()) {
        auto h = file_sha256(path);
        if (!h) return make_error(h.error());
        cap.sha256 = *h;
    }
    if (cap.kind.empty()) cap.kind = "eve";
    if (cap.path.empty()) cap.path = path;
    rep.capture_sha256 = cap.sha256;
    std::ifstream in(path);
    if (!in) return make_error("cannot read " + path);

    if (auto r = store.begin(); !r) return make_error(r.error());
    auto id = store.capture(cap);
    if (!id) {
        (void)store.db().exec("ROLLBACK");
        return make_error(id.error());
    }
    std::string line;
    uint64_t in_batch = 0;
    auto fail = [&](const std::string& m) -> Result<IngestReport> {
        (void)store.db().exec("ROLLBACK");
        return make_error(m);
    };
    while (std::getline(in, line)) {
        ++rep.lines;
        if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto parsed = parse_eve_alert(line);
        if (!parsed) {
            ++rep.bad_lines;
            if (diag) std::fprintf(diag, "vigie: warning: %s:%llu: %s (line skipped)\n", path.c_str(),
                                   static_cast<unsigned long long>(rep.lines), parsed.error().c_str());
            continue;
        }
        if (!*parsed) {
            ++rep.other_events;
            continue;
        }
        AlertRow& row = **parsed;
        ++rep.alerts;
        if (enricher && !row.enriched_in_eve) enrich(*enricher, row);
        if (row.target_org == "unknown") ++rep.targets_unknown;
        auto ins = store.insert(*id, row);
        if (!ins) return fail(path + ":" + std::to_string(rep.lines) + ": " + ins.error());
        ++(*ins ? rep.inserted : rep.duplicates);
        if (++in_batch == kBatch) {
            in_batch = 0;
            if (auto r = store.commit(); !r) return fail(r.error());
            if (auto r = store.begin(); !r) return make_error(r.error());
        }
    }
    if (auto r = store.refresh_capture(*id); !r) return fail(r.error());
    if (auto r = store.commit(); !r) return fail(r.error());
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

}  // namespace vigie::store
