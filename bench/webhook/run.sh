#!/usr/bin/env bash
# Webhook benchmark (docs/BENCHMARKS.md, section Webhook). Bounded: a few
# wrk runs of fixed duration on loopback, then waits (at most DRAIN_S) for the
# queues to drain.
#
#   bench/webhook/run.sh   # RATE=1000 PACED_S=10 MAX_S=3 ROUNDS=3 E2E_RATE=20 E2E_S=20 CONNS=64 DRAIN_S=1800
#
# hccbot serve on a fresh database with a fake Zalo API (bench_zalo_sink);
# wrk posts signed user_send_text events, each a new citizen and msg_id.
# 1. E2E_RATE events/s (a rate the bot can answer) for E2E_S seconds: time
#    from event stored to reply accepted by the fake API (from the database).
# 2. RATE events/s for PACED_S seconds: acknowledgement latency.
# 3. ROUNDS rounds of "as fast as it goes" for MAX_S seconds, hccbot then
#    bench_bare_server (a cpp-httplib server that only answers 200: the
#    ceiling on this machine), alternating so that both see the same state of
#    a shared box; hccbot is frozen (SIGSTOP) while the bare server runs.
#    The medians and the median of the per-round ratios are printed.
# 4. The backlog drains; every acknowledged event must have its reply.
# 5. The fixed-rate run against the bare server, for reference.
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${RATE:-1000}
PACED_S=${PACED_S:-10}
MAX_S=${MAX_S:-3}
ROUNDS=${ROUNDS:-3}
E2E_RATE=${E2E_RATE:-20}
E2E_S=${E2E_S:-20}
CONNS=${CONNS:-64}
THREADS=2
# cpp-httplib keeps a pool thread per open keep-alive connection: more threads than connections.
SERVER_THREADS=$((CONNS + 8))
DRAIN_S=${DRAIN_S:-1800}
PORT=${PORT:-18480}
SINK_PORT=$((PORT + 1))
BARE_PORT=$((PORT + 2))

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wrk
fi
cmake -S . -B build -DHCCBOT_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build -j2 --target hccbot bench_bare_server bench_zalo_sink >/dev/null

work=$(mktemp -d /tmp/hccbot-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export APP_ID=7000000000000000001
export OA_SECRET=BENCH_OA_SECRET_0000000000001
export THREADS
cat >"$work/bench.json" <<JSON
{
  "server": {"host": "127.0.0.1", "port": $PORT, "threads": $SERVER_THREADS},
  "zalo": {"app_id": "$APP_ID", "api_base_url": "http://127.0.0.1:$SINK_PORT"},
  "queue": {"workers": 4, "senders": 4, "send_rate_per_s": 5000, "send_burst": 200,
            "citizen_events_per_minute": 1000000}
}
JSON

wait_http() {  # url
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "not reachable: $1" >&2
  return 1
}

run_wrk() {  # label port rate seconds
  echo "--- $1: wrk -t$THREADS -c$CONNS -d${4}s, RATE=$3"
  RATE=$3 wrk -t"$THREADS" -c"$CONNS" -d"${4}s" --latency -s bench/webhook/signed_event.lua \
    "http://127.0.0.1:$2" | grep -E "Requests/sec|requests=|latency_ms|Non-2xx|Socket errors" || true
}

queue_status() { build/hccbot --config "$work/bench.json" queue-status --db "$work/hccbot.db"; }

drain() {
  local start=$SECONDS
  while [ $((SECONDS - start)) -lt "$DRAIN_S" ]; do
    s=$(queue_status)
    if echo "$s" | python3 -c 'import json,sys; j=json.load(sys.stdin); sys.exit(0 if j["inbox"]["pending"]==0 and j["outbox"]["pending"]==0 else 1)'; then
      echo "drained after $((SECONDS - start)) s: $s"
      return 0
    fi
    sleep 1
  done
  echo "NOT drained after ${DRAIN_S}s: $(queue_status)"
}

e2e() {  # since_ms: percentiles of sent_ms - received_ms over the first part of every answer
  python3 - "$work/hccbot.db" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [r[0] for r in db.execute(
    "SELECT min(o.sent_ms) - i.received_ms FROM outbox o JOIN inbox i ON o.inbox_id = i.id "
    "WHERE o.state = 'sent' AND i.received_ms >= ? GROUP BY i.id ORDER BY 1", (int(sys.argv[2]),))]
if not rows:
    print("e2e: no answers"); sys.exit()
def pct(p): return rows[min(len(rows) - 1, int(p / 100 * len(rows)))]
print(f"e2e_ms answers={len(rows)} p50={pct(50)} p90={pct(90)} p99={pct(99)} max={rows[-1]}")
PY
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(wrk --version 2>&1 | head -1)"
build/bench_zalo_sink "$SINK_PORT" & pids+=($!)
wait_http "http://127.0.0.1:$SINK_PORT/stats"
build/hccbot import --db "$work/hccbot.db" >/dev/null
ZALO_OA_SECRET_KEY=$OA_SECRET ZALO_ACCESS_TOKEN=bench \
  build/hccbot --config "$work/bench.json" serve --db "$work/hccbot.db" 2>"$work/hccbot.log" & pids+=($!)
hccbot_pid=$!
wait_http "http://127.0.0.1:$PORT/healthz"

# 1. End to end at a rate the bot can answer, on empty queues (E2E_S=0 skips it).
if [ "$E2E_S" -gt 0 ]; then
  since=$(($(date +%s%N) / 1000000))
  run_wrk "hccbot, end to end at a rate the bot answers" "$PORT" "$E2E_RATE" "$E2E_S"
  drain
  e2e "$since"
fi
# 2. Acknowledgements at the fixed rate.
run_wrk "hccbot, fixed rate" "$PORT" "$RATE" "$PACED_S"
curl -fs "http://127.0.0.1:$PORT/metrics" | grep -E '^hccbot_webhook_ack_seconds_(bucket\{le="0.01"\}|count|sum)' || true
# 3. As fast as it goes, hccbot and the bare server in turn.
build/bench_bare_server "$BARE_PORT" "$SERVER_THREADS" & pids+=($!)
wait_http "http://127.0.0.1:$BARE_PORT/"
rates=()
for round in $(seq 1 "$ROUNDS"); do
  h=$(run_wrk "round $round: hccbot, as fast as it goes" "$PORT" 0 "$MAX_S" | tee -a /dev/stderr |
      awk '/Requests\/sec/{print $2}')
  kill -STOP "$hccbot_pid"
  b=$(run_wrk "round $round: bare cpp-httplib, as fast as it goes" "$BARE_PORT" 0 "$MAX_S" | tee -a /dev/stderr |
      awk '/Requests\/sec/{print $2}')
  kill -CONT "$hccbot_pid"
  rates+=("$h $b")
done 2>&1
printf '%s\n' "${rates[@]}" | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
for i, (h, b) in enumerate(rows, 1):
    print(f"round {i}: hccbot {h:,.0f}/s, bare {b:,.0f}/s, ratio {h / b:.3f}")
print(f"median: hccbot {statistics.median(h for h, _ in rows):,.0f}/s, "
      f"bare {statistics.median(b for _, b in rows):,.0f}/s, "
      f"ratio {statistics.median(h / b for h, b in rows):.3f} (over {len(rows)} rounds)")'
curl -fs "http://127.0.0.1:$PORT/metrics" | grep -E '^hccbot_ack_priority_pause' || true
# 4. Every acknowledged event answered (or dead-lettered) once.
drain
echo "queues: $(queue_status)"
echo "fake API: $(curl -fs "http://127.0.0.1:$SINK_PORT/stats")"
echo "events acknowledged: $(curl -fs "http://127.0.0.1:$PORT/metrics" | grep -E '^hccbot_webhook_events_total' | tr '\n' ' ')"
kill -TERM "$hccbot_pid"; wait "$hccbot_pid" || true
grep -E "webhook.stopped" "$work/hccbot.log" || true

# 5. The fixed-rate reference on the bare server.
run_wrk "bare cpp-httplib, fixed rate" "$BARE_PORT" "$RATE" "$PACED_S"
