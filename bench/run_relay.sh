#!/usr/bin/env bash
# Relay benchmark: the receiver, the subscribers and the load each in a process of its own.
# Usage: bench/run_relay.sh [build-dir] [runs] [all|fanout|latency|nodes] [subscriber counts]
#   fan-out: ingest rate (jobpulse-bench-ingest: 300,000 events in batches of 100 over 64
#            connections, durability full) with 0, 10, 100 and 1,000 subscribers (half SSE,
#            half WebSocket), and what the subscribers received;
#   nodes: the latency run below (at 200 events/s) across two receivers on one PostgreSQL (the load POSTs to
#          node A, the subscribers follow node B: the NOTIFY path), after the same on one
#          receiver on SQLite and on one on PostgreSQL, in one session;
#   latency: 1,000 events/s, one per POST, to 10 subscribers (5 SSE + 5 WebSocket) for 5 s:
#            p50/p99 from send to receipt (end to end), from send to the sender's 2xx (the
#            commit, ack), and the relay's own: from the sender's 2xx to each receipt.
# JOBPULSE=path runs another build of the receiver (an A/B against the same benchmark).
set -euo pipefail
BUILD=${1:-build/dev}
RUNS=${2:-3}
MODE=${3:-all}
COUNTS=${4:-0 10 100 1000}
RELAY="$BUILD/bench/jobpulse-bench-relay"
INGEST="$BUILD/bench/jobpulse-bench-ingest"
JOBPULSE=${JOBPULSE:-$BUILD/app/jobpulse}
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
ulimit -n 8192 # 1,000 subscribers: two descriptors each in the receiver, one in the bench
# 1,000 subscribers and 64 senders are more connections than the default limit (512).
echo '{"receiver": {"maxConnections": 4096}}' > "$TMP/config.json"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start() { # starts the receiver on a fresh database (or on $1); sets PID and PORT
  local db=${1:-$TMP/jp.db}
  [ -n "${1:-}" ] || rm -f "$TMP"/jp.db*
  "$JOBPULSE" --headless --durability full --db "$db" --listen 127.0.0.1:0 \
    --config "$TMP/config.json" > "$TMP/out" 2>/dev/null &
  PID=$!
  for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.05; done
  PORT=$(sed -n 's/^listening http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/out")
}

subscribe() { # starts N subscribers in their own process; sets SUB; waits until they are in
  "$RELAY" subscribe --port "$PORT" --subscribers "$1" --samples "$TMP/samples" > "$TMP/sub" &
  SUB=$!
  for _ in $(seq 600); do grep -q ready "$TMP/sub" && break; sleep 0.05; done
}

stop() {
  kill -TERM "$SUB" && wait "$SUB" || true
  kill "$PID" && wait "$PID" 2>/dev/null || true
}

latency() { # label: one latency run, the load on $LOAD_PORT, the subscribers on $PORT
  local label=$1
  subscribe 10
  ack=$(timeout 60 "$RELAY" load --port "$LOAD_PORT" --rate "$RATE" --seconds 5 --acks "$TMP/acks" || echo "load_failed")
  sleep 0.5
  kill -TERM "$SUB" && wait "$SUB" || true
  # The relay's part: each receipt after its sender's 2xx (negative: before it).
  relay=$(awk 'NR == FNR { ack[$1] = $2; next } ($1 in ack) { printf "%.3f\n", ($2 - ack[$1]) / 1e6 }' \
    "$TMP/acks" "$TMP/samples" | sort -g | awk '{ a[NR] = $1 } END {
      printf "relay_p50_ms=%s relay_p99_ms=%s", a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1] }')
  echo "latency $label rate=$RATE $(grep "^subscribers=" "$TMP/sub") ${ack#load } $relay" | tee -a "$TMP/latency-$label"
}

medians() { # label
  for key in latency_p50_ms latency_p99_ms ack_p50_ms ack_p99_ms relay_p50_ms relay_p99_ms; do
    printf 'latency %s subscribers=10 rate=%s median %s=%s\n' "$1" "$RATE" "$key" \
      "$(grep -o "$key=[-0-9.]*" "$TMP/latency-$1" | cut -d= -f2 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  done
}

RATE=${RATE:-1000}
if [ "$MODE" = nodes ]; then
  # One PostgreSQL receiver acknowledges fewer than 1,000 events/s on one connection here:
  # at that rate the figures would be its queue's. RATE=… changes it.
  [ "$RATE" = 1000 ] && RATE=200
  # shellcheck source=bench/pgcluster.sh
  source "$(dirname "$0")/pgcluster.sh"
  pg_cluster
  for run in $(seq "$RUNS"); do
    start
    LOAD_PORT=$PORT
    latency sqlite
    kill "$PID" && wait "$PID" 2>/dev/null || true
    "${PG_CREATEDB[@]}" "relay_$run"
    start "$PG_URL/relay_$run"
    A=$PID
    LOAD_PORT=$PORT
    latency pg-same-node
    start "$PG_URL/relay_$run"
    B=$PID
    latency pg-across-nodes # the load on A, the subscribers on B
    kill "$A" "$B" && wait "$A" "$B" 2>/dev/null || true
  done
  for label in sqlite pg-same-node pg-across-nodes; do
    medians "$label"
  done
  exit 0
fi

for n in $COUNTS; do
  [ "$MODE" = latency ] && break
  for run in $(seq "$RUNS"); do
    start
    subscribe "$n"
    line=$("$INGEST" --port "$PORT" --events 300000 --connections 64 --batch 100 --label "subs=$n" \
      || echo "ingest_failed")
    sleep 1
    stop
    echo "fan-out subscribers=$n $line | $(grep "^subscribers=" "$TMP/sub")" | tee -a "$TMP/fanout-$n"
  done
  printf 'fan-out subscribers=%s median acked_events_per_s=%s\n' "$n" \
    "$(grep -o 'acked_events_per_s=[0-9.]*' "$TMP/fanout-$n" | cut -d= -f2 | median)"
done

[ "$MODE" = fanout ] && exit 0
for run in $(seq "$RUNS"); do
  start
  LOAD_PORT=$PORT
  latency one-node
  kill "$PID" && wait "$PID" 2>/dev/null || true
done
medians one-node
