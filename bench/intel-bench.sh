#!/usr/bin/env bash
# Cost of shared-indicator matching: throughput on the standard corpus
# (../shared/bench/make-corpus) with no rules, without indicators and with 1M IPv4
# indicators + 1M domains (bench/make-indicators.py), runs interleaved. The machine
# is shared, so besides wall-clock packets/s (best and median of the runs) the cost
# is also given in CPU time of the packet phase (stats.json run.cpu_seconds: process
# CPU time while packets were read and inspected, after the indicators loaded),
# which other processes' load disturbs less. Also the indicator load time (file
# read + build), the store import time, and the load time from the store.
# Rerun: bench/intel-bench.sh [build-dir]   (CORPUS=path, RUNS=n, N=indicators)
set -euo pipefail
build=${1:-build}
shared=../shared
corpus=${CORPUS:-/tmp/vigie-bench/corpus.pcap}
runs=${RUNS:-3}
n=${N:-1000000}
work=/tmp/vigie-bench/intel
if [ ! -d "$shared/bench" ]; then
  echo "SKIP: ../shared is absent; the benchmark corpus is built from ../shared/data"
  exit 0
fi
if [ ! -f "$corpus" ]; then
  echo "intel-bench: building corpus $corpus (about 40 s)"
  "$shared/bench/make-corpus" "$corpus" >/dev/null
fi
mkdir -p "$work"
[ -f "$work/ips.txt" ] || python3 "$(dirname "$0")/make-indicators.py" "$work" "$n"

one_run() {  # name, extra args...; prints "pkt/s,packet-phase CPU seconds"
  local name=$1; shift
  local out=$work/out-$name
  rm -rf "$out"
  /usr/bin/time -f "%M" -o "$work/time-$name" "$build/vigie" run -r "$corpus" -l "$out" --no-progress "$@" \
    > "$work/stdout-$name"
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['run']; print('%s,%s' % (r['packets_per_second'], r['cpu_seconds']))" "$out/stats.json"
}

declare -A pps
for i in $(seq "$runs"); do
  pps[none]+="$(one_run none) "
  pps[ind]+="$(one_run ind --indicators "$work/ips.txt" --indicators "$work/domains.txt") "
done
packets=$(python3 -c "import json; print(json.load(open('$work/out-none/stats.json'))['run']['packets'])")
load=$(grep -o 'in [0-9.]* s' "$work/stdout-ind" | head -1)
alerts=$(python3 -c "import json; print(json.load(open('$work/out-ind/stats.json'))['detect']['alerts'])")

rm -f "$work/bench.db"*
t0=$(date +%s.%N)
"$build/vigie" intel import --db "$work/bench.db" "$work/ips.txt" "$work/domains.txt" > /dev/null
t1=$(date +%s.%N)
rm -rf "$work/out-db"
"$build/vigie" run -r "$corpus" -l "$work/out-db" --no-progress --db "$work/bench.db" > "$work/stdout-db"
db_load=$(grep -o 'in [0-9.]* s' "$work/stdout-db" | head -1)

python3 - "$runs" "$work" "$packets" "${pps[none]}" "${pps[ind]}" <<PY
import statistics, sys
runs, work, packets = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = [[tuple(float(v) for v in x.split(",")) for x in arg.split()] for arg in sys.argv[4:6]]
none, ind = cases
rss = lambda n: int(open(f"{work}/time-{n}").read().split()[-1]) / 1024
print(f"corpus: $corpus ({packets:,} packets), no rules, 1 worker, {runs} interleaved runs each")
for name, rs, key in (("no indicators", none, "none"), ("1M IPs + 1M names", ind, "ind")):
    w = [r[0] for r in rs]
    print(f"{name:18s} wall: best {max(w):>10,.0f} pkt/s, median {statistics.median(w):>10,.0f} "
          f"(runs {', '.join(f'{x:,.0f}' for x in w)}); peak RSS {rss(key):,.0f} MiB")
best_cost = 100 * (max(r[0] for r in none) - max(r[0] for r in ind)) / max(r[0] for r in none)
cpu_none = statistics.median(r[1] for r in none)
cpu_ind = statistics.median(r[1] for r in ind)
print("packet-phase CPU s per run: none " + ", ".join(f"{r[1]:.2f}" for r in none) +
      "; indicators " + ", ".join(f"{r[1]:.2f}" for r in ind))
print(f"packet-phase CPU (median of runs): none {cpu_none:.2f} s "
      f"({packets / cpu_none:,.0f} pkt/CPU-s), indicators {cpu_ind:.2f} s ({packets / cpu_ind:,.0f} pkt/CPU-s)")
print(f"throughput cost: {100 * (cpu_ind - cpu_none) / cpu_none:.1f} % by CPU time, {best_cost:.1f} % by best wall-clock run "
      f"(indicator alerts: $alerts)")
print(f"indicator load from files: $load; intel import of both files: {float('$t1') - float('$t0'):.1f} s; load from the store: $db_load")
PY
