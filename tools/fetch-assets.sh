#!/usr/bin/env bash
# Copy the query page's editor, YASGUI (@zazuko/yasgui from the npm registry), into
# graph/serve/assets/ so that `newskg serve` works offline. Run by `make assets` (and `make install`).
#
# Without npm, or when the registry cannot be reached, this says so and exits 0: the page
# then falls back to a plain editor. A tarball whose SHA-256 differs from the pinned one is
# an error (exit 1), like the model's hash in the Makefile.
set -uo pipefail
PACKAGE="@zazuko/yasgui@4.6.2"
SHA256="6520cdd256a4003e8d45865e0d631b6456b88a0e6b65f4f3e56d78a25d74c9a7"
DEST="$(cd "$(dirname "$0")/.." && pwd)/graph/serve/assets"

if ! command -v npm >/dev/null 2>&1; then
    echo "fetch-assets: npm not found; the query page of newskg serve will use its plain editor" >&2
    exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$PACKAGE" >/dev/null 2>"$tmp/npm.log"); then
    echo "fetch-assets: could not fetch $PACKAGE from the npm registry; the query page will use its plain editor" >&2
    tail -n 3 "$tmp/npm.log" >&2
    exit 0
fi
tarball="$(ls "$tmp"/*.tgz)"
if ! echo "$SHA256  $tarball" | sha256sum --check --quiet - ; then
    echo "fetch-assets: $PACKAGE does not have the pinned SHA-256 $SHA256; refusing it" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$tmp"
mkdir -p "$DEST"
cp "$tmp/package/build/yasgui.min.js" "$tmp/package/build/yasgui.min.css" "$DEST/"
sed -i '/^\/\/# sourceMappingURL=/d' "$DEST/yasgui.min.js"  # the map is not bundled
cp "$tmp/package/package.json" "$DEST/yasgui-package.json"  # name, version and licence (MIT) of what is bundled
echo "fetch-assets: $PACKAGE copied into $DEST" >&2
