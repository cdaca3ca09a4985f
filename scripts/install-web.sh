#!/usr/bin/env bash
# Installs the charting library the dashboard and the HTML report embed: Chart.js
# (MIT licence), fetched from the npm registry with `npm pack` at a pinned version,
# checked against scripts/web-assets.sha256 (the same file CMake checks at configure
# time). Idempotent: does nothing when the files are present and intact. The build
# embeds the file into the vigie binary, so pages work offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="${VIGIE_WEB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigie/web}"
pkg="chart.js@4.4.1"
sums="$here/web-assets.sha256"
intact() { [ -d "$dest" ] && (cd "$dest" && sha256sum --quiet -c "$sums" >/dev/null 2>&1); }
intact && exit 0
if ! command -v npm >/dev/null; then
  echo "install-web: npm not found (install Debian's npm, or run scripts/install-deps.sh)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "install-web: fetching $pkg into $dest" >&2
(cd "$work" && npm pack --silent "$pkg" >/dev/null && tar -xzf ./*.tgz)
mkdir -p "$dest"
cp "$work/package/dist/chart.umd.js" "$work/package/LICENSE.md" "$work/"
if ! (cd "$work" && sha256sum --quiet -c "$sums"); then
  echo "install-web: $pkg does not match $sums" >&2
  exit 1
fi
for f in chart.umd.js LICENSE.md; do cp "$work/$f" "$dest/$f.tmp" && mv "$dest/$f.tmp" "$dest/$f"; done
echo "install-web: installed in $dest" >&2
