#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, ASan and UBSan, and runs each
# for SECONDS (default 60) from its seed corpus. New inputs are kept in
# build-fuzz/fuzz/grown/NAME between runs; a crash is saved under
# build-fuzz/fuzz/artifacts/NAME/ and makes the script fail. To keep a crash as a
# regression, copy the file to fuzz/regressions/NAME/ and fix the code: ctest
# replays that directory in every build.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${HCCBOT_FUZZ_BUILD:-build-fuzz}
scripts/install-fuzz-deps.sh
CC=clang-16 CXX=clang++-16 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHCCBOT_FUZZ=ON \
  -DHCCBOT_BUILD_TESTS=OFF -DHCCBOT_BUILD_BENCHMARKS=OFF >/dev/null
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(event signature text query import privacy admin)
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

summary="$build/fuzz/summary.txt"
printf '%-10s %12s %10s %8s  %s\n' target executions exec/s corpus result | tee "$summary"
failed=0
for t in "${targets[@]}"; do
  work="$build/fuzz/grown/$t"
  artifacts="$build/fuzz/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  mapfile -t seeds < "$build/fuzz/$t.seeds"
  log="$build/fuzz/$t.log"
  result=ok
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$artifacts/" "$work" "${seeds[@]}" >"$log" 2>&1 || result=FAILED
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(find "$work" -type f | wc -l)
  printf '%-10s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$corpus" "$result" | tee -a "$summary"
  if [ "$result" != ok ]; then
    failed=1
    echo "--- $t: last lines of $log" >&2
    tail -40 "$log" >&2
  fi
done
exit $failed
