#!/bin/sh
# Throughput cost of enrichment in EVE (vigie run --assets/--geo/--asn): the same
# capture and rules run with and without intel options, alternating, N times each.
# Usage: bench/eve_intel_cost.sh VIGIE CORPUS.pcap RULES... (env N=2, OUT=/tmp/vigie-bench/eve-intel)
# Prints packets/s and alerts of each run (stats.json) and its CPU time (user+sys,
# /usr/bin/time): on a shared machine the CPU time is the steadier figure.
set -eu
VIGIE=$1; PCAP=$2; shift 2
N=${N:-2}; OUT=${OUT:-/tmp/vigie-bench/eve-intel}
SRC=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
rules=""
for r in "$@"; do rules="$rules -S $r"; done
i=0
while [ "$i" -lt "$N" ]; do
  for mode in plain intel; do
    extra=""
    [ "$mode" = intel ] && extra="--assets $SRC/data/assets.example.yaml"
    # shellcheck disable=SC2086
    /usr/bin/time -f "%U %S" -o "$OUT/$mode.cpu" \
      "$VIGIE" run -r "$PCAP" $rules -l "$OUT/$mode" --no-progress -k none --hs-cache "$OUT/hs" $extra >/dev/null
    python3 - "$OUT/$mode/stats.json" "$mode" "$OUT/$mode.cpu" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
u, k = (float(x) for x in open(sys.argv[3]).read().split()[-2:])
print("%-6s %9.0f packets/s  %6.1f s packets  %7.1f s CPU  %d alerts" % (sys.argv[2],
      s["run"]["packets_per_second"], s["run"]["seconds"], u + k, s["detect"]["alerts"]))
PY
  done
  i=$((i + 1))
done
