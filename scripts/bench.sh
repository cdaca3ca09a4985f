#!/usr/bin/env bash
# Throughput benchmark on the standard corpus (../shared/bench/make-corpus, 1 GiB):
# (a) no rules, (b) the full Emerging Threats Open ruleset. Prints packets/s,
# Mbit/s, rule load time and peak RSS for each, from Vigie's own stats.json and
# /usr/bin/time. Rerun: `make bench` (CORPUS=path to reuse a corpus).
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
run_case() {
  local name=$1; shift
  local out=/tmp/vigie-bench/out-$name
  rm -rf "$out"
  /usr/bin/time -f "%M" -o /tmp/vigie-bench/rss-$name "$build/vigie" run -r "$corpus" -l "$out" --no-progress --workers "$workers" "$@" >/dev/null
  python3 - "$name" "$out/stats.json" "/tmp/vigie-bench/rss-$name" <<'PY'
import json, sys
name, stats_path, rss_path = sys.argv[1:]
s = json.load(open(stats_path))
run = s["run"]
rss_mb = int(open(rss_path).read().split()[-1]) / 1024
print(f"{name:8s} packets {run['packets']:>10,}  {run['packets_per_second']:>12,.0f} pkt/s  "
      f"{run['mbit_per_second']:>8,.0f} Mbit/s  rules {s['rules']['loaded']:>6,}  "
      f"rule load {s['rules']['load_seconds']:.2f} s  alerts {s['detect']['alerts']:>8,}  peak RSS {rss_mb:,.0f} MiB")
PY
}
echo "corpus: $corpus ($(du -h "$corpus" | cut -f1)), workers: $workers"
run_case norules
run_case etopen $(for f in "$shared"/data/rules/et-open/*.rules; do printf -- '-S %s ' "$f"; done)
