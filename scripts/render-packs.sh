#!/usr/bin/env bash
# Renders each style pack in ingest/testdata/packs/<style>/ three ways, from
# its one source (pack.html): Chromium's PDF (chromium.pdf), LibreOffice's
# PDF (libreoffice.pdf), and the HTML itself. The renders are committed, so
# tests need neither program; run this after editing a pack's source.
#
#   bash scripts/render-packs.sh [style ...]
#
# Needs chromium and LibreOffice (Debian: chromium, libreoffice-writer-nogui).
set -euo pipefail
cd "$(dirname "$0")/.."
root=ingest/testdata/packs
styles=("$@")
if [ ${#styles[@]} -eq 0 ]; then
  for d in "$root"/*/; do styles+=("$(basename "$d")"); done
fi
for s in "${styles[@]}"; do
  dir="$root/$s"
  [ -f "$dir/pack.html" ] || { echo "render-packs: $dir/pack.html missing" >&2; exit 1; }
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$PWD/$dir/chromium.pdf" "file://$PWD/$dir/pack.html" >/dev/null 2>&1
  rm -rf "$profile"
  out=$(mktemp -d)
  soffice --headless --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$out" "$dir/pack.html" >/dev/null 2>&1
  mv "$out/pack.pdf" "$dir/libreoffice.pdf"
  rm -rf "$out"
  printf '%s: chromium %s pages, libreoffice %s pages\n' "$s" \
    "$(pdfinfo "$dir/chromium.pdf" | awk '/^Pages:/{print $2}')" \
    "$(pdfinfo "$dir/libreoffice.pdf" | awk '/^Pages:/{print $2}')"
done
