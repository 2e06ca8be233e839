#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: doctest (native) and CLI checks
# via ctest, the same suite under ASan/UBSan, Node's test runner on the wasm module, and headless
# Chromium on the page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

echo "== native tests (ctest) =="
ctest --test-dir build/native --output-on-failure

echo "== native tests under AddressSanitizer + UBSan =="
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DKEXI_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$(nproc)" --target kexi_tests kexi
ctest --test-dir build/asan --output-on-failure

echo "== wasm module tests (node:test) =="
node --test tests/node/

echo "== page tests (headless Chromium) =="
node --test tests/browser/

echo "== fuzzing (libFuzzer, ASan + UBSan; 5 targets, 2 at a time, a minute each, as the issue asks) =="
FUZZ_SECONDS=60 FUZZ_PARALLEL=2 bash scripts/fuzz.sh
