#!/usr/bin/env bash
# Renders the meeting papers of each thread series in
# search/thread/testdata/series/<series>/<date>.html to a Chromium PDF
# (<date>.pdf) beside it. The PDFs are committed, so tests need no browser;
# run this after editing a series' HTML.
#
#   bash scripts/render-series.sh [series ...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=search/thread/testdata/series
series=("$@")
if [ ${#series[@]} -eq 0 ]; then
  for d in "$root"/*/; do series+=("$(basename "$d")"); done
fi
for s in "${series[@]}"; do
  for html in "$root/$s"/*.html; do
    pdf="${html%.html}.pdf"
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --no-pdf-header-footer \
      --print-to-pdf="$PWD/$pdf" "file://$PWD/$html" >/dev/null 2>&1
    rm -rf "$profile"
    printf '%s: %s pages\n' "$pdf" "$(pdfinfo "$pdf" | awk '/^Pages:/{print $2}')"
  done
done
