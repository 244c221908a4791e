#!/usr/bin/env bash
# Copy the world outline the report's map draws (Natural Earth 1:110m countries, public domain,
# as TopoJSON in the npm package world-atlas) into graph/analysis/data/. Its output is committed:
# run this only to move to another version, then update the pinned SHA-256.
set -euo pipefail
PACKAGE="world-atlas@2.0.2"
SHA256="032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
DEST="$(cd "$(dirname "$0")/.." && pwd)/graph/analysis/data"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null)
tarball="$(ls "$tmp"/*.tgz)"
echo "$SHA256  $tarball" | sha256sum --check --quiet -
tar -xzf "$tarball" -C "$tmp"
mkdir -p "$DEST"
cp "$tmp/package/countries-110m.json" "$DEST/countries-110m.json"
{
  echo "countries-110m.json: Natural Earth 1:110m Admin 0 countries (version 4.1.0; public domain,"
  echo "https://www.naturalearthdata.com/about/terms-of-use/), as TopoJSON from the npm package"
  echo "$PACKAGE (https://github.com/topojson/world-atlas), whose packaging carries this notice:"
  echo
  cat "$tmp/package/LICENSE"
} > "$DEST/countries-110m.NOTICE"
echo "world-outline: $DEST/countries-110m.json from $PACKAGE"
