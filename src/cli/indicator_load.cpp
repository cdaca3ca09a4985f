#include "cli/indicator_load.h"

#include <chrono>
#include <malloc.h>
#include <filesystem>

#include "intel/indicator_formats.h"
#include "store/indicator_store.h"
#include "store/sqlite_db.h"

namespace vigie::cli {

namespace {

detect::IndicatorKind to_detect(intel::ObservableKind k) {
    using D = detect::IndicatorKind;
    using I = intel::ObservableKind;
    switch (k) {
        case I::Ip: return D::Ip;
        case I::Domain: return D::Domain;
        case I::Url: return D::Url;
        case I::Md5: return D::Md5;
        case I::Sha1: return D::Sha1;
        case I::Sha256: return D::Sha256;
        case I::Ja3: return D::Ja3;
        case I::X509Sha1: return D::X509Sha1;
    }
    return D::Count;
}

Result<uint64_t> from_store(const std::string& path, std::vector<detect::IndicatorInput>& out) {
    std::error_code ec;
    if (path.empty() || !std::filesystem::exists(path, ec)) return uint64_t{0};
    auto db = store::Db::open(path, /*create=*/false);
    if (!db) return make_error(db.error());
    uint64_t bad_kind = 0;
    auto n = store::for_each_active_observable(**db, [&](const store::ActiveObservable& o) {
        auto k = intel::kind_from_name(o.kind);
        if (!k) {
            ++bad_kind;
            return;
        }
        detect::IndicatorInput in;
        in.kind = to_detect(*k);
        in.value.assign(o.value);
        in.src_port = o.src_port;
        in.dst_port = o.dst_port;
        in.valid_from = o.valid_from;
        in.valid_until = o.valid_until;
        in.id.assign(o.ref);
        in.feed.assign(o.feed);
        in.confidence = o.confidence;
        out.push_back(std::move(in));
    });
    if (!n) return make_error(path + ": " + n.error());
    if (bad_kind) return make_error(path + ": " + std::to_string(bad_kind) + " stored observables of unknown kind");
    return *n;
}

Result<uint64_t> from_file(const std::string& path, std::FILE* diag, std::vector<detect::IndicatorInput>& out) {
    auto res = intel::read_indicator_file(path, std::nullopt);
    if (!res) return make_error(res.error());
    for (const auto& issue : res->issues)
        if (diag) std::fprintf(diag, "vigie: warning: %s: %s\n", path.c_str(), issue.to_string().c_str());
    const std::string feed = std::filesystem::path(path).stem().string();
    uint64_t n = 0;
    for (const auto& ind : res->indicators) {
        if (ind.revoked) continue;
        for (const auto& o : ind.observables) {
            detect::IndicatorInput in;
            in.kind = to_detect(o.kind);
            in.value = o.value;
            in.src_port = o.src_port;
            in.dst_port = o.dst_port;
            in.valid_from = ind.valid_from;
            in.valid_until = ind.valid_until;
            in.id = ind.ref;
            in.feed = feed;
            in.confidence = ind.confidence;
            out.push_back(std::move(in));
            ++n;
        }
    }
    return n;
}

}  // namespace

Result<IndicatorLoad> load_run_indicators(const std::string& db_path, const std::vector<std::string>& files,
                                          std::FILE* diag) {
    const auto t0 = std::chrono::steady_clock::now();
    IndicatorLoad load;
    std::vector<detect::IndicatorInput> inputs;
    auto n = from_store(db_path, inputs);
    if (!n) return make_error(n.error());
    load.from_db = *n;
    for (const auto& f : files) {
        auto m = from_file(f, diag, inputs);
        if (!m) return make_error(m.error());
        load.from_files += *m;
    }
    if (inputs.empty()) return load;
    std::vector<std::string> rejected;
    load.set = detect::IndicatorSet::build(std::move(inputs), &rejected);
    inputs = {};
    // Reading a million indicators leaves hundreds of MB of small freed blocks;
    // give them back so the packet phase starts from a compact heap.
    malloc_trim(0);
    for (const auto& r : rejected)
        if (diag) std::fprintf(diag, "vigie: warning: indicator %s (skipped)\n", r.c_str());
    load.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return load;
}

}  // namespace vigie::cli
