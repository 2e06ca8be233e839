#!/usr/bin/env bash
# The benchmark suite (issue 8): deterministic order files of ~100k, ~1M and ~10M lines
# (`kexi sample --preset bench` with 10k, 100k and 1M customers) plus a survey file for each, then a
# table of per-stage times and peak memory: natively (kexi_bench stages), in Node on the wasm build
# (scripts/bench_stages_wasm.mjs) and end to end in headless Chromium (scripts/bench_browser.mjs).
# Usage: scripts/bench_suite.sh [SIZE ...]     SIZE: 100k 1M 10M (default: all three)
# Files are generated once into build/bench/ and reused. Figures are wall seconds on this machine:
# run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100k 1M 10M)
jobs=${JOBS:-2}

cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs" --target kexi kexi_bench >/dev/null
export NODE_PATH=/usr/share/nodejs  # Debian's Emscripten needs the Debian acorn module
[ -f build/wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$jobs" >/dev/null
[ -f web/dist/index.html ] && [ web/dist/index.html -nt build/wasm/kexi-core.js ] || node web/build.mjs >/dev/null

mkdir -p build/bench
results=build/bench/results.jsonl
: > "$results"
for size in "${sizes[@]}"; do
  case "$size" in
    100k) customers=10000 ;;
    1M) customers=100000 ;;
    10M) customers=1000000 ;;
    *) echo "unknown size $size (use 100k, 1M or 10M)" >&2; exit 2 ;;
  esac
  orders=build/bench/orders_$size.csv survey=build/bench/survey_$size.csv
  if [ ! -s "$orders" ]; then
    echo "generating $orders ..." >&2
    ./build/native/kexi sample --preset bench --customers "$customers" --out "$orders"
  fi
  if [ ! -s "$survey" ]; then
    ./build/native/kexi sample --preset bench --kind survey --customers "$customers" --out "$survey"
  fi
  # One failure (e.g. a size too big for a stage) is reported in the table, not fatal.
  record() {  # record SIZE ENGINE COMMAND...
    local size=$1 engine=$2; shift 2
    echo "$size $engine: $*" >&2
    local out
    if out=$("$@" 2>build/bench/last-error.txt | tail -1) && [ -n "$out" ]; then
      echo "{\"size\":\"$size\",\"engine\":\"$engine\",\"result\":$out}" >> "$results"
    else
      local why; why=$(tail -c 300 build/bench/last-error.txt | tr '\n"\\' '   ')
      echo "{\"size\":\"$size\",\"engine\":\"$engine\",\"error\":\"$why\"}" >> "$results"
    fi
  }
  record "$size" native ./build/native/kexi_bench stages --file "$orders" --survey "$survey" --json
  record "$size" wasm node scripts/bench_stages_wasm.mjs --file "$orders" --survey "$survey"
  record "$size" browser node scripts/bench_browser.mjs --file "$orders"
done
node scripts/bench_table.mjs "$results"
