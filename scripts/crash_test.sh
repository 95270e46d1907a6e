#!/usr/bin/env bash
# Crash test: the server runs on one database while a second process fires
# signed events at it (~2,000/s offered); the server is killed with SIGKILL at
# random moments and restarted, CYCLES times. At the end every event the
# server acknowledged with 200 must have exactly one delivery of each reply
# text at the fake Zalo API, or a dead letter with a reason, and the database
# must pass PRAGMA integrity_check.
#   scripts/crash_test.sh [CYCLES] [MAX_EVENTS]   (defaults 5 and 60000)
# Events are fired from the first start until one second after the last
# restart (at most MAX_EVENTS), so every kill lands in the middle of the load.
# Needs the build in build/ that scripts/test.sh makes. Loopback only; bounded
# in count and time. Figures go to stdout and to build/crash/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-5}
events=${2:-60000}
rate=${HCCBOT_CRASH_RATE:-2000}
build=${HCCBOT_BUILD:-build}
work="$build/crash"
rm -rf "$work"
mkdir -p "$work"
for b in "$build/hccbot" "$build/tests/crash_loader"; do
  [ -x "$b" ] || { echo "$b missing: build first (scripts/test.sh)" >&2; exit 2; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port=$(free_port)
port=$(free_port)
export ZALO_OA_SECRET_KEY=CRASH_TEST_SECRET_0000000000001
export ZALO_APP_ID=7000000000000000001
export ZALO_ACCESS_TOKEN=crash-test-token
db="$work/hccbot.db"
cp "$build/var/hccbot.db" "$db" 2>/dev/null || "$build/hccbot" import --db "$db" >/dev/null
cat >"$work/config.json" <<JSON
{
  "server": {"host": "127.0.0.1", "port": $port, "threads": 32},
  "zalo": {"app_id": "$ZALO_APP_ID", "api_base_url": "http://127.0.0.1:$api_port",
           "oauth_base_url": "http://127.0.0.1:$api_port", "max_event_age_s": 3600},
  "knowledge": {"db_path": "$(realpath -m "$db")"},
  "queue": {"send_rate_per_s": 5000, "send_burst": 500, "citizen_events_per_minute": 100000,
            "retry_base_ms": 100, "retry_cap_ms": 2000, "max_attempts": 30}
}
JSON

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${server:-}" ] && kill -9 "$server" 2>/dev/null || true
}
trap cleanup EXIT

tests/fakes/fake_zalo_api.py --port "$api_port" --log "$work/delivered.jsonl" >/dev/null 2>&1 &
pids+=($!)

start_server() {
  "$build/hccbot" --config "$work/config.json" serve >>"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || { echo "server exited; see $work/server.log" >&2; return 1; }
    sleep 0.05
  done
  echo "server did not come up; see $work/server.log" >&2
  return 1
}

start_server
"$build/tests/crash_loader" --port "$port" --count "$events" --rate "$rate" --users 2000 --threads 32 \
  --deadline-s 900 --stop-file "$work/stop" --out "$work/acked.txt" >"$work/loader.txt" 2>"$work/loader.err" &
loader=$!
pids+=("$loader")

kills=0
for c in $(seq 1 "$cycles"); do
  # A random moment while events are arriving: 0.2 to 1.7 s after the (re)start.
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 1.7), 2))')"
  kill -9 "$server" 2>/dev/null && kills=$((kills + 1))
  wait "$server" 2>/dev/null || true
  start_server
done
sleep 1
touch "$work/stop"
wait "$loader" || { echo "loader failed:" >&2; cat "$work/loader.err" >&2; }

# Let the restarted server finish every event and every send, then stop it cleanly.
python3 scripts/crash_check.py --db "$db" --wait 300 >/dev/null || true
kill -TERM "$server"
wait "$server" 2>/dev/null || true
server=""

echo "kills=$kills $(cat "$work/loader.txt")" | tee "$work/summary.txt"
python3 scripts/crash_check.py --db "$db" --acked "$work/acked.txt" --delivered "$work/delivered.jsonl" \
  | tee -a "$work/summary.txt"
