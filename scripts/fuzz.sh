#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) in build/fuzz and
# runs each for FUZZ_SECONDS (default 60), FUZZ_PARALLEL targets at a time (default 1). Fails on
# any crash, sanitizer report, leak, timeout (> 10 s for one input) or out-of-memory; the input
# that failed is kept as build/fuzz/artifacts/<target>-crash-<sha1> (see tests/fuzz/README.md).
#   scripts/fuzz.sh                      every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh dates loader    two targets, 10 minutes each
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
parallel=${FUZZ_PARALLEL:-1}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv_reader dates amounts loader requests)

CXX=clang++-14 cmake -S . -B build/fuzz -DKEXI_FUZZ=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

# Per target: committed seed corpus, dictionary, largest input.
declare -A corpus=([csv_reader]=csv [dates]=dates [amounts]=amounts [loader]=loader [requests]=requests)
declare -A dict=([csv_reader]=csv [dates]=dates [amounts]=amounts [loader]=csv [requests]=json)
declare -A max_len=([csv_reader]=65536 [dates]=256 [amounts]=256 [loader]=65536 [requests]=4096)

mkdir -p build/fuzz/artifacts
run_one() {
  local t=$1 work=build/fuzz/corpus-$1
  mkdir -p "$work"
  # New inputs go to build/fuzz/corpus-<target>: the committed seed corpus stays small.
  if ./build/fuzz/fuzz_"$t" "$work" "tests/fuzz/corpus/${corpus[$t]}" -dict="tests/fuzz/${dict[$t]}.dict" \
      -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="build/fuzz/artifacts/$t-" -print_final_stats=1 >"build/fuzz/$t.log" 2>&1; then
    echo "fuzz $t: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$t.log" | grep -o '[0-9]*$') runs in ${seconds} s)"
  else
    echo "fuzz $t: FAILED; last lines of build/fuzz/$t.log:"
    tail -40 "build/fuzz/$t.log"
    return 1
  fi
}

status=0
pids=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$parallel" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" || status=1; done
exit $status
