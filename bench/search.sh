#!/usr/bin/env bash
# Reproduces the search figures in BENCHMARKS.md, for the sample handbook and for PAGES generated
# pages (bench/gen_corpus.py):
#   - index bytes (assets/search-index.js and its parts in assets/search/) against the bytes of
#     text it covers (titles, headings, body text, as the index's first line reports them) and the
#     Markdown source;
#   - build time added by the index: median of ROUNDS release builds, against the same tree built
#     with the function that makes and writes the index returning at once;
#   - query time in headless Chromium (bench/search-query.html: load, prepare, then each query's
#     search and the description of its first 50 results, median of 9 runs, performance.now()).
# Usage: bench/search.sh [PAGES] [ROUNDS]      (SCRATCH=.build-x to use another scratch path)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
pages=${1:-2000}
rounds=${2:-5}
scratch=${SCRATCH:-.build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product opsbook --scratch-path "$scratch" >&2
with_index="$repo/$scratch/release/opsbook"

# The baseline: this tree without the index (writeSearchIndex returns at once), built beside it.
mkdir -p "$work/baseline"
cp -R Package.swift Sources Tests "$work/baseline/"
[ -f Package.resolved ] && cp Package.resolved "$work/baseline/"
signature='-> (keys: \[String: UInt64\], lines: \[UInt64: SearchLine\]) {'
grep -q -e "$signature" "$work/baseline/Sources/Site/SiteBuilder.swift"
sed -i "/$signature/a return ([:], [:])" "$work/baseline/Sources/Site/SiteBuilder.swift"
cp -R "$scratch" "$work/baseline-build"
find "$work/baseline-build" -name ModuleCache -type d -prune -exec rm -rf {} +
(cd "$work/baseline" && swift build -c release --product opsbook --scratch-path "$work/baseline-build" >&2)
without_index="$work/baseline-build/release/opsbook"

# Builds alternate between the two binaries, each into a new folder: deleting an output before the
# next build makes that build pay for the deletion (ext4 without a journal; see BENCHMARKS.md).
timed_build() { # binary root → wall seconds of one full build
  local start end out
  out="$work/out-$(date +%s%N)"  # (a counter would not survive the $(…) this runs in)
  sync
  start=$(date +%s.%N)
  "$1" build --root "$2" --out "$out" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

median() { sort -n | sed -n "$(((rounds + 1) / 2))p"; }

measure() { # name root
  local name=$1 root=$2
  local markdown base full site=$work/site-$name
  markdown=$(find "$root/content/handbook" -name '*.md' -print0 | xargs -0 cat | wc -c)
  local without=() with=()
  for _ in $(seq "$rounds"); do
    without+=("$(timed_build "$without_index" "$root")")
    with+=("$(timed_build "$with_index" "$root")")
  done
  base=$(printf '%s\n' "${without[@]}" | median)
  full=$(printf '%s\n' "${with[@]}" | median)
  rm -rf "$site"
  "$with_index" build --root "$root" --out "$site" >/dev/null
  local index text
  index=$(cat "$site/assets/search-index.js" "$site"/assets/search/*.js | wc -c)
  text=$(head -1 "$site/assets/search-index.js" | sed -E 's/.* ([0-9]+) bytes of text.*/\1/')
  echo "## $name"
  echo "markdown bytes        $markdown"
  echo "text bytes indexed    $text"
  echo "index bytes           $index ($(echo "scale=3; $index / $text" | bc) × text)"
  echo "build without index   ${base} s"
  echo "build with index      ${full} s (+$(echo "scale=3; ($full - $base) * 1000 / 1" | bc) ms)"
  cp bench/search-query.html "$site/bench.html"
  timeout 180 chromium --headless=new --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$work/chromium" --dump-dom "file://$site/bench.html" 2>/dev/null |
    sed -n '/<pre id="out">/,/<\/pre>/p' | sed -e 's/<pre id="out">//' -e 's/<\/pre>//'
  echo
}

measure sample "$repo"

mkdir -p "$work/corpus"
python3 bench/gen_corpus.py "$work/corpus" "$pages" >/dev/null
cp -R templates "$work/corpus/"
cp content/site.yaml "$work/corpus/content/"
measure "$pages-pages" "$work/corpus"
