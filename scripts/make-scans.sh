#!/usr/bin/env bash
# Makes a scanned copy of a born-digital PDF, as a scanner would: each page
# rasterised in grey (poppler's pdftoppm), turned a little askew and given
# mild noise (ImageMagick, seeded, so the same input makes the same scan),
# saved as JPEG and wrapped back into a PDF (img2pdf), with no text layer.
# The OCR tests and scripts/bench.sh read such scans against the text of
# the PDF they were made from.
#
#   scripts/make-scans.sh DPI IN.pdf OUT.pdf [FIRST LAST]
#
# Needs poppler-utils, imagemagick and img2pdf (Debian packages).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 DPI IN.pdf OUT.pdf [FIRST LAST]" >&2
  exit 2
fi
dpi=$1 in=$2 out=$3 first=${4:-1} last=${5:-}
# Debian's ImageMagick, not a stand-in earlier on the PATH.
magick=/usr/bin/convert
for tool in pdftoppm img2pdf; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install poppler-utils img2pdf)" >&2; exit 1; }
done
[ -x "$magick" ] || { echo "$0: $magick not found (apt-get install imagemagick)" >&2; exit 1; }
[ -n "$last" ] || last=$(pdfinfo "$in" | awk '/^Pages:/ {print $2}')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pdftoppm -r "$dpi" -gray -f "$first" -l "$last" "$in" "$tmp/p"
i=0
for page in "$tmp"/p*.pgm; do
  i=$((i + 1))
  # Askew by 0.4 to 1 degree, one way then the other, as pages go through
  # a feeder; noise as a cheap scanner's.
  angle=$(awk -v i="$i" 'BEGIN { a = 0.4 + (i * 0.37) % 0.6; if (i % 2) a = -a; printf "%.2f", a }')
  "$magick" "$page" -seed "$i" -background white -rotate "$angle" \
    -attenuate 0.5 +noise Gaussian -quality 80 "${page%.pgm}.jpg"
done
img2pdf --imgsize "${dpi}dpi" -o "$out" "$tmp"/p*.jpg
