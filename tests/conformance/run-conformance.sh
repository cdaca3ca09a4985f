#!/usr/bin/env bash
# Runs sv-check over every level and prints "N passed, N failed, N skipped" per level.
set -u
repo=$1
vigie=$2
sv="$repo/../shared/conformance/sv-check"
if [ ! -x "$sv" ]; then
  echo "SKIP: ../shared/conformance is absent (it is present in CI); conformance not measured"
  exit 77
fi
export VIGIE_BIN=$vigie
for level in L1 L2 L3; do
  line=$("$sv" -j "$(nproc)" --only "$level" -- "$repo/tests/conformance/sv-engine" {testdir} {pcap} {rules} {outdir} | tail -1)
  echo "suricata-verify $level: $line"
done
exit 0
