#include "cli/fail.h"
#include "cli/run_command.h"

#include <csignal>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "capture/capture_source.h"
#include "cli/evidence_run.h"
#include "cli/frame_queue.h"
#include "cli/indicator_load.h"
#include "cli/progress.h"
#include "cli/run_stats.h"
#include "cli/worker.h"
#include "detect/detector.h"
#include "intel/enricher.h"
#include "output/eve_run_options.h"
#include "output/eve_file.h"
#include "rules/parser.h"

namespace vigie::cli {

namespace {

// The one piece of process-wide mutable state: set by SIGINT/SIGTERM, read by the
// reader loop, which then stops reading and lets everything flush normally.
volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

// Workers take frames by a symmetric hash of the address pair: both directions of a
// flow and every fragment of a datagram (no ports there) land on the same worker.
// User + system CPU time of the whole process (all threads). On a shared machine
// the packet phase's CPU time moves much less with the load than its wall time.
double process_cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto sec = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return sec(ru.ru_utime) + sec(ru.ru_stime);
}

unsigned shard_of(const Packet& p, unsigned n) {
    if (n <= 1 || !p.ip_version) return 0;
    const IpAddr& a = p.src < p.dst ? p.src : p.dst;
    const IpAddr& b = p.src < p.dst ? p.dst : p.src;
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 16; ++i) h = (h ^ a.bytes[i]) * 0x100000001B3ull;
    for (int i = 0; i < 16; ++i) h = (h ^ b.bytes[i]) * 0x100000001B3ull;
    h ^= h >> 29;
    return static_cast<unsigned>(h % n);
}

}  // namespace

int run_command(const RunConfig& cfg) {
    const auto t_start = std::chrono::steady_clock::now();

    // ---- output directory ----
    std::error_code ec;
    std::filesystem::create_directories(cfg.outdir, ec);
    if (ec) return fail("cannot create output directory " + cfg.outdir + ": " + ec.message());

    // ---- rules ----
    rules::Classifications classes = rules::Classifications::builtin();
    if (!cfg.classification_file.empty()) {
        // As Suricata: a classification file that cannot be read is a warning, and
        // the bundled list (Suricata's standard classes) is used instead.
        auto c = rules::Classifications::load(cfg.classification_file);
        if (c) classes = std::move(*c);
        else std::fprintf(stderr, "vigie: warning: %s; using the bundled classification list\n", c.error().c_str());
    }
    const auto t_rules = std::chrono::steady_clock::now();
    auto loaded = rules::load_rule_files(cfg.rule_files, cfg.vars, classes);
    if (!loaded) return fail(loaded.error());
    RuleLoadSummary rl;
    rl.parse_rejected = loaded->rejected.size();
    std::vector<std::string> rejection_lines;
    for (const auto& r : loaded->rejected) rejection_lines.push_back(r.to_string());

    detect::DetectConfig dcfg;
    dcfg.cache_dir = cfg.hs_cache_dir;
    dcfg.max_alerts_per_packet = cfg.max_alerts_per_packet;
    const unsigned nworkers = std::max(1u, cfg.workers);
    dcfg.defer_thresholds = nworkers > 1;
    std::vector<detect::CompileRejection> compile_rejected;
    auto det = detect::Detector::build(std::move(loaded->rules), dcfg, &compile_rejected);
    if (!det) return fail(det.error());
    const detect::Detector& detector = **det;
    for (const auto& cr : compile_rejected) {
        rules::Rejection r{cr.rule.file, cr.rule.line, cr.rule.sid, cr.reason};
        rejection_lines.push_back(r.to_string());
    }
    rl.compile_rejected = compile_rejected.size();
    rl.loaded = detector.rules().size();
    rl.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_rules).count();
    rl.build = detector.build_stats();
    if (!rejection_lines.empty()) {
        const std::string path = cfg.outdir + "/rules-rejected.log";
        std::ofstream rej(path);
        for (const auto& l : rejection_lines) rej << l << '\n';
        std::fprintf(stderr, "vigie: warning: %zu rules rejected (each with file:line: reason in %s)\n",
                     rejection_lines.size(), path.c_str());
    }

    // ---- shared indicators (--db, --indicators) ----
    for (const auto& r : detector.rules())
        if (detect::is_indicator_sid(r.sid))
            std::fprintf(stderr, "vigie: warning: %s:%u: sid %u is in the range reserved for indicator alerts "
                                 "(2100000001-2100000999)\n", r.file.c_str(), r.line, r.sid);
    auto ind = load_run_indicators(cfg.indicators_db, cfg.indicator_files, stderr);
    if (!ind) return fail(ind.error());
    const detect::IndicatorSet* indicators = ind->set.get();
    if (indicators)
        std::printf("indicators: %zu loaded (%llu from the store, %llu from files) in %.2f s\n", indicators->size(),
                    static_cast<unsigned long long>(ind->from_db), static_cast<unsigned long long>(ind->from_files),
                    ind->seconds);

    // ---- input ----
    Result<std::unique_ptr<CaptureSource>> src = cfg.pcap.empty() ? open_live(cfg.iface) : open_capture_file(cfg.pcap);
    if (!src) return fail(src.error());
    CaptureSource& source = **src;

    // ---- output ----
    std::unique_ptr<output::EveFile> eve;
    if (cfg.eve_enabled) {
        auto f = output::EveFile::open(cfg.outdir + "/" + cfg.eve_filename);
        if (!f) return fail(f.error());
        eve = std::move(*f);
    }

    // Before any worker writes a record.
    output::set_eve_run_options({.community_id_seed = cfg.community_id_seed, .ethernet = cfg.eve_ethernet});

    // ---- file store (off unless configured; spools only when something may be stored) ----
    std::unique_ptr<output::FileStore> files;
    if (cfg.file_store.enabled) {
        bool wanted = cfg.file_store.force;
        for (const auto& r : detector.rules()) wanted = wanted || r.filestore;
        if (wanted) {
            output::FileStoreConfig fc;
            fc.dir = std::filesystem::path(cfg.file_store.dir).is_absolute()
                         ? cfg.file_store.dir
                         : (std::filesystem::path(cfg.outdir) / cfg.file_store.dir).string();
            fc.force = cfg.file_store.force;
            fc.stream_depth = cfg.file_store.stream_depth;
            fc.max_open_files = cfg.file_store.max_open_files;
            auto fsr = output::FileStore::create(fc);
            if (!fsr) return fail(fsr.error());
            files = std::move(*fsr);
        }
    }

    // ---- enrichment in EVE (off unless intel options are given) ----
    std::unique_ptr<intel::Enricher> enricher;
    if (cfg.intel.any()) {
        const auto t_intel = std::chrono::steady_clock::now();
        auto e = intel::Enricher::open(cfg.intel);
        if (!e) return fail(e.error());
        for (const auto& w : (*e)->warnings()) std::fprintf(stderr, "vigie: warning: %s\n", w.c_str());
        enricher = std::move(*e);
        std::printf("intel: enrichment data loaded in %.3f s (%zu assets)\n",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t_intel).count(),
                    enricher->asset_count());
    }

    // ---- evidence (off unless --evidence) ----
    auto evr = start_evidence(cfg, detector);
    if (!evr) return fail(evr.error());
    std::unique_ptr<EvidenceRun> evidence = std::move(*evr);

    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGTERM, on_stop_signal);

    // ---- run ----
    std::vector<std::unique_ptr<PendingAlerts>> pending;
    std::vector<PendingAlerts*> pending_ptrs;
    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned i = 0; i < nworkers; ++i) {
        PendingAlerts* pa = nullptr;
        if (nworkers > 1) {
            pending.push_back(std::make_unique<PendingAlerts>());
            pa = pending.back().get();
            pending_ptrs.push_back(pa);
        }
        workers.push_back(std::make_unique<Worker>(cfg, detector, eve.get(), pa, files.get(), indicators));
        if (evidence) workers.back()->enable_evidence(*evidence->store, *evidence->budget, evidence->recorder);
        if (enricher) workers.back()->enable_intel(*enricher);
    }
    AlertSequencer sequencer(detector, eve.get());

    Progress progress(cfg.progress && isatty(STDERR_FILENO));
    RawFrame frame;
    uint64_t pcap_cnt = 0;
    std::string read_error;
    const auto t_packets = std::chrono::steady_clock::now();
    const double cpu_start = process_cpu_seconds();
    // The next frame, until the input ends, fails (read_error set) or SIGINT arrives.
    auto next_frame = [&]() {
        if (g_stop) return false;
        auto more = source.next(frame);
        if (!more) {
            read_error = more.error();
            return false;
        }
        if (*more && evidence) evidence->on_frame(frame.ts);
        return *more;
    };

    if (nworkers == 1) {
        Worker& w = *workers[0];
        while (next_frame()) {
            w.process(++pcap_cnt, frame.ts, frame.data, frame.caplen, frame.wirelen, frame.linktype);
            progress.tick(pcap_cnt, source.bytes());
        }
        w.finish();
    } else {
        std::vector<std::unique_ptr<FrameQueue>> queues;
        std::vector<std::thread> threads;
        for (unsigned i = 0; i < nworkers; ++i) queues.push_back(std::make_unique<FrameQueue>());
        for (unsigned i = 0; i < nworkers; ++i) {
            threads.emplace_back([&, i] {
                QueuedFrame f;
                while (queues[i]->pop(f)) {
                    workers[i]->process(f.pcap_cnt, f.ts, f.data, f.caplen, f.wirelen, f.linktype);
                    queues[i]->pop_done();
                }
                workers[i]->finish();
            });
        }
        Decoder peek(DecoderConfig{false, 4});
        Packet p;
        std::vector<uint64_t> dispatched(nworkers, 0);
        // Every worker has handled all frames up to the returned pcap_cnt: a worker
        // whose queue is drained is as far as the reader; the others as far as their
        // last frame.
        auto safe_point = [&]() {
            uint64_t safe = pcap_cnt;
            for (unsigned i = 0; i < nworkers; ++i) {
                uint64_t done = workers[i]->done_cnt();
                if (done != dispatched[i]) safe = std::min(safe, done);
            }
            return safe;
        };
        while (next_frame()) {
            p.data = frame.data;
            p.caplen = frame.caplen;
            p.linktype = frame.linktype;
            peek.decode_packet(p);
            const unsigned w = shard_of(p, nworkers);
            const uint32_t caplen = std::min<uint32_t>(frame.caplen, 262144);
            queues[w]->push(++pcap_cnt, frame.ts, frame.data, caplen, frame.wirelen, frame.linktype);
            dispatched[w] = pcap_cnt;
            progress.tick(pcap_cnt, source.bytes());
            if ((pcap_cnt & 4095) == 0) sequencer.release(safe_point(), pending_ptrs);
        }
        for (auto& q : queues) q->close();
        for (auto& t : threads) t.join();
        sequencer.release(UINT64_MAX, pending_ptrs);
        for (auto& w : workers) w->settle_evidence();
    }
    progress.done();
    const double packet_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_packets).count();
    const double packet_cpu_seconds = process_cpu_seconds() - cpu_start;
    if (eve) eve->flush();

    // ---- report ----
    RunTotals totals;
    for (const auto& w : workers) totals.add(w->totals());
    totals.alerts += sequencer.alerts();
    for (const auto& [sid, n] : sequencer.alerts_by_sid()) totals.alerts_by_sid[sid] += n;
    totals.capture = source.counters();
    totals.packet_seconds = packet_seconds;
    totals.packet_cpu_seconds = packet_cpu_seconds;
    totals.total_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    totals.truncated = source.truncated();
    totals.interrupted = g_stop != 0;
    totals.threshold_table_full = detector.threshold_table_full();
    std::string evidence_error;
    if (evidence) {
        for (const auto& w : workers) evidence->totals.add(w->evidence_counters());
        auto ev = finish_evidence(*evidence, cfg);
        if (ev) totals.evidence = *ev;
        else evidence_error = ev.error();
    }
    if (files) totals.file_store = files->stats();
    auto wr = write_stats_json(cfg.outdir + "/stats.json", totals, rl, nworkers);
    if (!wr) return fail(wr.error());
    print_summary(stdout, totals, rl, detector, cfg, indicators);
    if (evidence) {
        if (!evidence_error.empty()) return fail(evidence_error);
        print_evidence_summary(stdout, totals.evidence);
    }

    if (source.truncated())
        std::fprintf(stderr, "vigie: warning: %s: %s (read %llu packets up to the damage)\n", cfg.pcap.c_str(),
                     source.warning().c_str(), static_cast<unsigned long long>(pcap_cnt));
    if (!read_error.empty()) return fail(read_error);
    return 0;
}

}  // namespace vigie::cli
