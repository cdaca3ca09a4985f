#!/usr/bin/env bash
# Throughput benchmark on the standard corpus (../shared/bench/make-corpus, 1 GiB):
# (a) no rules, (b) the full Emerging Threats Open ruleset, (c) ET Open with the
# evidence store on (--evidence; its throughput against (b) is the evidence cost).
# Prints packets/s, Mbit/s, rule load time and peak RSS for each, from Vigie's own
# stats.json and /usr/bin/time, and for (c) the disk used per alert.
# Rerun: `make bench` (CORPUS=path to reuse a corpus, CASES="etopen evidence" to
# run some cases only, BENCH_OUT=dir for the outputs).
set -euo pipefail
build=${1:-build}
shared=../shared
corpus=${CORPUS:-/tmp/vigie-bench/corpus.pcap}
if [ ! -d "$shared/bench" ]; then
  echo "SKIP: ../shared is absent; the benchmark corpus is built from ../shared/data"
  exit 0
fi
if [ ! -f "$corpus" ]; then
  echo "bench: building corpus $corpus (about 40 s)"
  "$shared/bench/make-corpus" "$corpus" >/dev/null
fi
workers=${WORKERS:-1}
cases=${CASES:-norules etopen evidence}
bench_out=${BENCH_OUT:-/tmp/vigie-bench}
mkdir -p "$bench_out"
run_case() {
  local name=$1; shift
  local out=$bench_out/out-$name
  rm -rf "$out"
  /usr/bin/time -f "%M %U %S" -o "$bench_out/rss-$name" "$build/vigie" run -r "$corpus" -l "$out" --no-progress --workers "$workers" "$@" >/dev/null
  python3 - "$name" "$out/stats.json" "$bench_out/rss-$name" <<'PY'
import json, sys
name, stats_path, rss_path = sys.argv[1:]
s = json.load(open(stats_path))
run = s["run"]
rss_kb, user, sys_s = open(rss_path).read().split()[-3:]
rss_mb = int(rss_kb) / 1024
# CPU seconds of the whole process (rule load included): on a shared machine the
# wall-clock rate moves with the load, the CPU time much less.
cpu = float(user) + float(sys_s)
print(f"{name:8s} packets {run['packets']:>10,}  {run['packets_per_second']:>12,.0f} pkt/s  "
      f"({run['packets_per_cpu_second']:,.0f} per CPU-second)  "
      f"{run['mbit_per_second']:>8,.0f} Mbit/s  rules {s['rules']['loaded']:>6,}  "
      f"rule load {s['rules']['load_seconds']:.2f} s  alerts {s['detect']['alerts']:>8,}  peak RSS {rss_mb:,.0f} MiB  "
      f"CPU {cpu:.1f} s")
ev = s.get("evidence")
if ev:
    print(f"{'':8s} evidence: {ev['records']:,} records, {ev['bytes'] / 1e6:,.1f} MB, "
          f"{ev['bytes_per_alert']:,.0f} bytes per alert, {ev['packets_kept']:,} packets kept, "
          f"{ev['packets_dropped']:,} dropped, {ev['checkpoints']} checkpoints")
PY
}
et_rules=$(for f in "$shared"/data/rules/et-open/*.rules; do printf -- '-S %s ' "$f"; done)
echo "corpus: $corpus ($(du -h "$corpus" | cut -f1)), workers: $workers, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in $cases; do
  case $c in
    norules) run_case norules ;;
    etopen) run_case etopen $et_rules ;;
    evidence)
      keys=$bench_out/keys
      [ -f "$keys/sensor.key" ] || "$build/vigie" keygen -o "$keys" >/dev/null
      run_case evidence $et_rules --evidence --key "$keys/sensor.key" ;;
    *) echo "bench: unknown case $c" >&2; exit 2 ;;
  esac
done
