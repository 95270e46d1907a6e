#!/usr/bin/env bash
# The longer reliability stages of docs/RELIABILITY.md: the whole suite under
# ASan+UBSan, the concurrency tests under TSan, and a short fuzz run of every
# target (HCCBOT_FUZZ_SECONDS, default 60). Needs about 4 GB of free disk.
#
#   scripts/ci-extended.sh [asan] [tsan] [fuzz]    # no argument: all three
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
times=()
stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo "=== $name"
  "$@"
  times+=("$(printf '%-28s %5d s' "$name" $((SECONDS - start)))")
}

asan() {
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHCCBOT_BUILD_BENCHMARKS=OFF \
    -DHCCBOT_SANITIZE=address,undefined >/dev/null
  cmake --build build-asan -j"$jobs"
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 \
     ctest --output-on-failure -j"$jobs" --timeout 900)
}

tsan() {
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHCCBOT_BUILD_BENCHMARKS=OFF \
    -DHCCBOT_SANITIZE=thread >/dev/null
  # Only the programs labelled concurrency (tests/CMakeLists.txt) and the binary they start.
  local targets
  targets=$(sed -n 's/^hccbot_test(\([a-z_]*\) LABELS concurrency.*/\1/p' tests/CMakeLists.txt)
  # shellcheck disable=SC2086
  cmake --build build-tsan -j"$jobs" --target hccbot $targets
  # Each program runs whole, not one process per test as ctest does, so the
  # knowledge base is imported once per program instead of once per test.
  local pids=() t failed=0
  for t in $targets; do
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp" \
      "build-tsan/tests/$t" --gtest_brief=1 >"build-tsan/$t.log" 2>&1 &
    pids+=($!)
  done
  for t in $targets; do
    if ! wait "${pids[0]}"; then
      failed=1
      cat "build-tsan/$t.log"
    fi
    tail -1 "build-tsan/$t.log"
    pids=("${pids[@]:1}")
  done
  return $failed
}
fuzz() { scripts/fuzz.sh "${HCCBOT_FUZZ_SECONDS:-60}"; }

[ $# -eq 0 ] && set -- asan tsan fuzz
for s in "$@"; do
  case $s in
    asan) stage "tests under ASan+UBSan" asan ;;
    tsan) stage "concurrency tests under TSan" tsan ;;
    fuzz) stage "fuzz, ${HCCBOT_FUZZ_SECONDS:-60} s per target" fuzz ;;
    *) echo "unknown stage: $s (asan, tsan, fuzz)" >&2; exit 2 ;;
  esac
done

echo "=== stage times"
printf '%s\n' "${times[@]}"
