#!/usr/bin/env bash
# Installs what is missing, builds, creates the default database from the
# shipped knowledge and serves on 127.0.0.1:8080 with the chat simulator on.
# No Zalo credentials needed: replies go to the configured API and fail
# quietly without a token; the simulator shows them locally.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHCCBOT_BUILD_TESTS=OFF -DHCCBOT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target hccbot
[ -f build/var/hccbot.db ] || build/hccbot import
exec build/hccbot serve --dev-chat "$@"
