#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need
# beyond Go (poppler's pdftotext, the reference the page-number tests compare
# against; Chromium, which the browser test drives; Tesseract with its English
# and Welsh models, which reads scanned pages, and ImageMagick and img2pdf,
# which make the scans the OCR tests read), then runs go test. CI (.ci/run)
# calls exactly this script.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
for lang in eng cym; do
  [ -e "/usr/share/tesseract-ocr/5/tessdata/$lang.traineddata" ] || need+=("tesseract-ocr-$lang")
done
# Debian's ImageMagick by its path: some machines put a stand-in named
# convert earlier on the PATH.
[ -x /usr/bin/convert ] || need+=(imagemagick)
command -v img2pdf >/dev/null 2>&1 || need+=(img2pdf)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: ${need[*]} missing and cannot be installed here; tests that need them will skip" >&2
  fi
fi

if [ ! -d ../shared/corpus ]; then
  echo "warning: ../shared (sample and real papers) is not beside the checkout; tests that read it will skip" >&2
fi

# Where Chromium is installed, the browser test must run, not skip; so must
# the OCR tests where Tesseract and the scan tools are.
if command -v chromium >/dev/null 2>&1; then
  export PAPERS_REQUIRE_BROWSER=1
fi
if command -v tesseract >/dev/null 2>&1 && [ -x /usr/bin/convert ] && command -v img2pdf >/dev/null 2>&1; then
  export PAPERS_REQUIRE_OCR=1
fi

# OpenSearch: the launcher of a real node (tools/opensearch-node) is built once here with Maven;
# the tests start nodes from it (index/osindex: one node, and three for the fault test), and the
# search package's behaviour tests run a second time against a node (the conformance suite).
# Without Java or Maven those tests skip, saying so.
opensearch=0
if command -v java >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1; then
  start=$(date +%s)
  jar=tools/opensearch-node/target/papers-opensearch-node.jar
  # mvn takes ten seconds even with nothing to do: skip it when the jar is newer than its sources.
  if [ -f "$jar" ] && [ -z "$(find tools/opensearch-node -type f -newer "$jar" -not -path '*/target/*' -not -name .build.lock)" ] \
     || mvn -B -q -f tools/opensearch-node/pom.xml package; then
    opensearch=1
    export PAPERS_OPENSEARCH_JAR="$PWD/$jar"
    echo "opensearch launcher built in $(( $(date +%s) - start ))s" >&2
  else
    echo "warning: building tools/opensearch-node with Maven failed; the OpenSearch tests will skip" >&2
  fi
else
  echo "warning: java or mvn missing: the OpenSearch backend's tests (a real node) will skip" >&2
fi

go vet ./...
go test -count=1 -timeout 15m "$@" ./...
if [ "$opensearch" = 1 ]; then
  echo "== the search behaviour tests against OpenSearch (PAPERS_TEST_BACKEND=opensearch)" >&2
  PAPERS_TEST_BACKEND=opensearch go test -count=1 -timeout 15m "$@" ./search/
fi
