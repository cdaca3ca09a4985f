#!/usr/bin/env bash
# The main job on embedded defaults: the bundled capture and ruleset, then a short summary.
set -euo pipefail
build=${1:-build}
out=demo-out
rm -rf "$out"
"$build/vigie" run -r data/demo/demo.pcap -S data/demo/demo.rules -l "$out" --no-progress
echo
echo "Output: $out/eve.json (EVE alerts, one JSON object per line), $out/stats.json (counters)"
