#!/usr/bin/env bash
# CPU time per event, which other processes on a shared machine do not stretch (unlike the
# rate): a fresh headless receiver (durability full), N relay subscribers in their own
# process, then jobpulse-bench-ingest (EVENTS, default 200,000, in batches of 100 over 64
# connections). Prints the acked rate, the receiver's CPU per 1,000 events (all threads, from
# /proc/PID/stat) and one thread's (THREAD: a part of its name, default "relay"; "store" is
# the writer), and what the subscribers received.
# Usage: bench/run_cpu.sh [build-dir] [subscribers]; JOBPULSE=path for another build (A/B).
set -euo pipefail
BUILD=${1:-build/dev}
N=${2:-0}
EV=${EVENTS:-200000}
JP=${JOBPULSE:-$BUILD/app/jobpulse}
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
ulimit -n 8192
echo '{"receiver": {"maxConnections": 4096}}' > "$TMP/config.json"
"$JP" --headless --durability full --db "$TMP/jp.db" --listen 127.0.0.1:0 \
  --config "$TMP/config.json" > "$TMP/out" 2>/dev/null &
PID=$!
for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.05; done
PORT=$(sed -n 's/^listening http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/out")
"$BUILD/bench/jobpulse-bench-relay" subscribe --port "$PORT" --subscribers "$N" > "$TMP/sub" &
SUB=$!
for _ in $(seq 600); do grep -q ready "$TMP/sub" && break; sleep 0.05; done
ticks() { awk '{print $14 + $15}' "$1"; } # utime + stime, in clock ticks
thread() {
  for t in /proc/$PID/task/*; do
    if grep -q "${THREAD:-relay}" "$t/comm"; then ticks "$t/stat"; return; fi
  done
  echo 0
}
hz=$(getconf CLK_TCK)
c0=$(ticks /proc/$PID/stat); t0=$(thread)
line=$("$BUILD/bench/jobpulse-bench-ingest" --port "$PORT" --events "$EV" --connections 64 \
  --batch 100 --label "subs=$N")
c1=$(ticks /proc/$PID/stat); t1=$(thread)
sleep 1
kill -TERM "$SUB" && wait "$SUB" || true
echo "subscribers=$N $(echo "$line" | grep -o 'acked_events_per_s=[0-9.]*')" \
  "receiver_cpu_ms_per_1000_events=$(( (c1 - c0) * 1000 * 1000 / hz / EV ))" \
  "${THREAD:-relay}_thread_cpu_ms_per_1000_events=$(( (t1 - t0) * 1000 * 1000 / hz / EV ))" \
  "| $(grep '^subscribers=' "$TMP/sub" || true)"
kill "$PID" && wait "$PID" 2>/dev/null || true
