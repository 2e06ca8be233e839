#!/usr/bin/env bash
# Ingestion benchmark: load + aggregate ~1M order lines for 100,000 customers (about 45 MB,
# `kexi sample --preset bench`) natively (kexi_bench ingest) and in Node on the wasm build
# (scripts/bench_wasm.mjs), best of 3 each, printed as one table; then the wasm timings of the
# k-means fit, the k scan and the LTV request on the same file (scripts/bench_wasm.mjs), and with
# --pool the k scan with one worker vs the worker pool (scripts/bench_pool.mjs, docs/PARALLEL.md).
# Usage: scripts/bench.sh [--repeat N] [--pool]   (builds build/native and build/wasm when needed)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=3
pool=0
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=${2:-3}; shift 2 ;;
    --pool) pool=1; shift ;;
    *) echo "usage: scripts/bench.sh [--repeat N] [--pool]" >&2; exit 2 ;;
  esac
done
jobs=${JOBS:-2}

cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$jobs" --target kexi kexi_bench >/dev/null
export NODE_PATH=/usr/share/nodejs  # Debian's Emscripten needs the Debian acorn module
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/wasm -j"$jobs" >/dev/null

echo "native: kexi_bench ingest --repeat $repeat ..." >&2
native=$(./build/native/kexi_bench ingest --repeat "$repeat" --json | tail -1)
echo "wasm:   node scripts/bench_wasm.mjs --repeat $repeat ..." >&2
wasm=$(node scripts/bench_wasm.mjs --repeat "$repeat" | tail -1)

node -e '
const n = JSON.parse(process.argv[1]), w = JSON.parse(process.argv[2]);
const f = (x, d) => x.toFixed(d);
console.log("");
console.log("ingest (load_dataset: parse + per-customer aggregation), best of " + n.repeats);
console.log("           rows      MB     native s  wasm s   native MB/s  wasm MB/s  wasm/native");
console.log(["wall".padEnd(10), String(n.rows).padEnd(9), f(n.mb, 1).padEnd(6), f(n.seconds, 3).padEnd(9),
             f(w.seconds, 3).padEnd(8), f(n.mb / n.seconds, 0).padEnd(12), f(w.mb / w.seconds, 0).padEnd(10),
             f(w.seconds / n.seconds, 2) + "x"].join(" "));
console.log(["CPU".padEnd(10), String(n.rows).padEnd(9), f(n.mb, 1).padEnd(6), f(n.cpu_seconds, 3).padEnd(9),
             f(w.cpu_seconds, 3).padEnd(8), f(n.mb / n.cpu_seconds, 0).padEnd(12), f(w.mb / w.cpu_seconds, 0).padEnd(10),
             f(w.cpu_seconds / n.cpu_seconds, 2) + "x"].join(" "));
console.log("(CPU = user+system seconds of the process during the best run; on a loaded machine wall time includes waiting)");
if (n.bytes !== w.bytes) console.log("WARNING: native and wasm inputs differ in size (" + n.bytes + " vs " + w.bytes + ")");
for (const r of [n, w]) if (!r.ok) console.log("WARNING (" + r.bench + "): " + r.note);
if (w.analyses && Object.keys(w.analyses).length) {
  console.log("");
  console.log("wasm analyses on the same file, best of " + w.repeats + " (s): " +
              Object.entries(w.analyses).map(([k, v]) => k + " " + f(v, 3)).join(", "));
}
' "$native" "$wasm"

if [ "$pool" = 1 ]; then
  echo "" >&2
  echo "pool:   node scripts/bench_pool.mjs --repeat $repeat ..." >&2
  node scripts/bench_pool.mjs --repeat "$repeat" | head -n -1
fi
