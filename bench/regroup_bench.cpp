// Regrouping time on a generated store: N alerts (default 1,000,000) over 11 years,
// in bursts ("sessions") of 1-20 alerts by one attacker on one target, with
// app-layer facts on a share of them. Prints the time of a first regroup (every
// alert new), of a regroup with nothing new, and after 1% more alerts arrive later.
//   build/bench/regroup_bench [alerts] [db path]
#include <unistd.h>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "store/alert_store.h"
#include "store/campaign_store.h"
#include "store/eve_alert.h"

using namespace vigie::store;

namespace {

constexpr int64_t kYearUs = 365LL * 86400 * 1000000;
constexpr int64_t kStartUs = 1420070400LL * 1000000;  // 2015-01-01

std::string ip4(uint32_t v) {
    return std::to_string(v >> 24) + "." + std::to_string((v >> 16) & 255) + "." + std::to_string((v >> 8) & 255) +
           "." + std::to_string(v & 255);
}

// Appends `n` alerts in sessions starting in [from_us, from_us + span_us).
void generate(AlertStore& s, int64_t capture, int64_t n, int64_t from_us, int64_t span_us, uint32_t seed) {
    std::mt19937_64 rng(seed);
    static const char* kFamilies[] = {"ET SCAN", "ET EXPLOIT", "ET WEB_SERVER", "ET POLICY",
                                      "ET MALWARE", "GPL ICMP_INFO", "ET DOS", "ETPRO TROJAN"};
    static const char* kSectors[] = {"aerospace", "research", "energy", "internet", "government"};
    (void)s.begin();
    int64_t made = 0;
    while (made < n) {
        // 2,000 actors, each with 10 addresses in 10 /24s of its own in 45.0.0.0/8 (100
        // /24s per ASN), a tool of its own (user agent, URL) on a quarter of its
        // sessions, and a JA3 from 300 common TLS stacks on a tenth.
        AlertRow r;
        const uint32_t actor = static_cast<uint32_t>(rng() % 2000);
        const uint32_t net = actor * 10 + static_cast<uint32_t>(rng() % 10);
        r.attacker_ip = r.src_ip = ip4(0x2D000000u + net * 256 + 1 + actor % 200);
        const uint32_t target = static_cast<uint32_t>(rng() % 2000);
        r.target_ip = r.dest_ip = ip4(0x0A000000u + target);
        r.target_org = target < 1500 ? "Org " + std::to_string(target / 30) : "unknown";
        r.target_sector = target < 1500 ? kSectors[target / 30 % 5] : "unknown";
        r.attacker_asn = 64500 + static_cast<int64_t>(net / 100);
        r.attacker_country = "XX";
        const int fam = static_cast<int>(rng() % 8);
        const bool tool = rng() % 4 == 0;
        const std::string ua = tool ? "Tool/" + std::to_string(actor) + " (gen)" : "";
        const std::string url = tool ? "/app" + std::to_string(actor % 500) + "/x.php?id=1" : "";
        const std::string ja3 = rng() % 10 == 0 ? std::string(24, 'a') + std::to_string(10000000 + rng() % 300) : "";
        const std::string file =
            rng() % 200 == 0 ? std::string(56, 'f') + std::to_string(10000000 + actor) : "";
        int64_t ts = from_us + static_cast<int64_t>(rng() % static_cast<uint64_t>(span_us));
        const int burst = 1 + static_cast<int>(rng() % 20);
        for (int k = 0; k < burst && made < n; ++k, ++made) {
            ts += static_cast<int64_t>(rng() % 300) * 1000000;
            r.ts = ts;
            r.timestamp = std::to_string(ts);
            r.month = month_of(ts);
            r.pcap_cnt = made;
            r.sid = 2000000 + fam * 100 + static_cast<int64_t>(rng() % 4);
            r.signature = std::string(kFamilies[fam]) + " rule " + std::to_string(r.sid);
            r.category = "Misc";
            r.side_reason = "default: packet source";
            auto opt = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
            r.http_user_agent = opt(ua);
            r.http_url = opt(url);
            r.ja3 = opt(ja3);
            r.file_sha256 = opt(file);
            (void)s.insert(capture, r);
        }
    }
    (void)s.commit();
}

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

void report(const char* what, const RegroupReport& r, double cpu) {
    std::printf("%-28s %.3f s CPU, %8.3f s wall (load %.3f, group+link %.3f, write %.3f): %lld alerts, %lld incidents, "
                "%lld campaigns (%lld incidents linked), %lld alerts re-assigned\n",
                what, cpu, r.load_s + r.group_s + r.write_s, r.load_s, r.group_s, r.write_s,
                static_cast<long long>(r.alerts), static_cast<long long>(r.incidents),
                static_cast<long long>(r.campaigns), static_cast<long long>(r.incidents_in_campaigns),
                static_cast<long long>(r.alerts_updated));
}

}  // namespace

int main(int argc, char** argv) {
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 1000000;
    const std::string path = argc > 2 ? argv[2] : "/tmp/vigie-regroup-bench-" + std::to_string(::getpid()) + ".db";
    for (const char* suf : {"", "-wal", "-shm"}) std::filesystem::remove(path + suf);
    auto s = AlertStore::open(path);
    if (!s) return std::fprintf(stderr, "%s\n", s.error().c_str()), 1;
    const auto t0 = std::chrono::steady_clock::now();
    generate(**s, *(*s)->capture({"gen-1", "eve", "gen", {}}), n, kStartUs, 11 * kYearUs, 1);
    std::printf("generated %lld alerts in %.1f s (%s, %.0f MB)\n", static_cast<long long>(n),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), path.c_str(),
                static_cast<double>(std::filesystem::file_size(path)) / 1e6);
    for (const char* what : {"regroup, all alerts new", "regroup, nothing new"}) {
        const double c0 = cpu_seconds();
        auto r = regroup((*s)->db(), 3600LL * 1000000);
        if (!r) return std::fprintf(stderr, "%s\n", r.error().c_str()), 1;
        report(what, *r, cpu_seconds() - c0);
    }
    generate(**s, *(*s)->capture({"gen-2", "eve", "gen", {}}), n / 100, kStartUs + 11 * kYearUs, kYearUs / 12, 2);
    const double c0 = cpu_seconds();
    auto r = regroup((*s)->db(), 3600LL * 1000000);
    if (!r) return std::fprintf(stderr, "%s\n", r.error().c_str()), 1;
    report("regroup, +1% a month later", *r, cpu_seconds() - c0);
    return 0;
}
