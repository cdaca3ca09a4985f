#!/usr/bin/env bash
# Builds every libFuzzer target (fuzz/fuzz_*.cpp) with clang + ASan/UBSan and runs
# each for a few seconds (argument 1, default 20), starting from a small seed corpus
# made from the repo's own data. Fails if any target crashes.
set -euo pipefail
seconds=${1:-20}
build=build-fuzz
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (make deps installs clang)" >&2
  exit 1
fi
CXX=clang++ CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIE_FUZZ=ON \
  -DVIGIE_TESTS=OFF -DVIGIE_BENCH=OFF >/dev/null
targets=$(sed -n 's/^vigie_fuzzer(\([a-z0-9_]*\) .*/fuzz_\1/p' fuzz/CMakeLists.txt)
cmake --build "$build" -j"$(nproc)" --target $targets
seeds=$build/seeds
mkdir -p "$seeds"
for t in $targets; do
  corpus=$build/corpus-$t
  mkdir -p "$corpus"
  case $t in
    fuzz_pcap_reader) cp -n data/demo/demo.pcap "$corpus/" ;;
    fuzz_bundle) cp -n tests/evidence/data/demo-alert.vgb "$corpus/" ;;
    fuzz_intel)  # first byte: 0 pattern, 1 STIX bundle, 2 MISP event, 3 plain list
      printf "\0[ipv4-addr:value = '198.51.100.0/24' OR domain-name:value = 'evil.example']" > "$corpus/pattern"
      { printf '\1'; cat tests/intel/data/bad-objects.stix.json; } > "$corpus/stix"
      { printf '\2'; cat tests/intel/data/event.misp.json; } > "$corpus/misp"
      { printf '\3'; cat tests/intel/data/list.txt; } > "$corpus/plain" ;;
    fuzz_rule_parser) i=0; grep -v '^#' data/demo/demo.rules | grep . | while read -r line; do i=$((i+1)); printf '%s' "$line" > "$corpus/rule$i"; done ;;
  esac
  echo "fuzz: $t for ${seconds}s"
  "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 "$corpus" 2>&1 | tail -4
done
echo "fuzz: all targets ran ${seconds}s without a crash"
