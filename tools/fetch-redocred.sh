#!/usr/bin/env bash
# Fetch Re-DocRED's revised dev documents (tonytan48/Re-DocRED, MIT) for `make train`, pinned to
# one commit and checked against its SHA-256, into the path given (default .cache/re-docred/).
# Training data is fetched at training time, never committed; CI uses the shipped model.
set -euo pipefail
COMMIT="ccfb54f5ddf5836027c87badda10f6dfc56efaac"
URL="https://raw.githubusercontent.com/tonytan48/Re-DocRED/$COMMIT/data/dev_revised.json"
SHA256="051ee1d057204a5d08ef5502beacdadf191245b5eaf0e29ec2c607cf002c016f"
DEST="${1:-$(cd "$(dirname "$0")/.." && pwd)/.cache/re-docred/dev_revised.json}"

if [ -f "$DEST" ] && echo "$SHA256  $DEST" | sha256sum --check --quiet - 2>/dev/null; then
    exit 0
fi
mkdir -p "$(dirname "$DEST")"
if ! curl -sSfL --retry 2 -o "$DEST.part" "$URL"; then
    rm -f "$DEST.part"
    echo "fetch-redocred: could not download $URL; put the file at $DEST or pass REDOCRED=path to make train" >&2
    exit 1
fi
if ! echo "$SHA256  $DEST.part" | sha256sum --check --quiet - ; then
    rm -f "$DEST.part"
    echo "fetch-redocred: $URL does not have the pinned SHA-256 $SHA256; refusing it" >&2
    exit 1
fi
mv "$DEST.part" "$DEST"
echo "fetch-redocred: Re-DocRED dev_revised.json ($COMMIT) at $DEST" >&2
