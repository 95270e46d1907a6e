#!/usr/bin/env bash
# The fuzzing toolchain: clang with libFuzzer. Clang 16 because the C++23 code
# needs <expected>, which clang 14 cannot compile with Debian 12's libstdc++.
set -euo pipefail
HCCBOT_EXTRA_PACKAGES="clang-16 libclang-rt-16-dev ${HCCBOT_EXTRA_PACKAGES:-}" \
  exec "$(dirname "$0")/install-deps.sh"
