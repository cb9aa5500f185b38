#!/usr/bin/env bash
# Runs the ingest benchmark against the real headless receiver (durability full, a fresh
# database per run) and against the null receiver (204, nothing stored); prints each run
# and the medians. Usage: bench/run_ingest.sh [build-dir] [runs]
set -euo pipefail
BUILD=${1:-build/dev}
RUNS=${2:-3}
BENCH="$BUILD/bench/jobpulse-bench-ingest"
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT

start() { # starts a receiver with "$@"; sets PID and PORT
  "$@" > "$TMP/out" 2>/dev/null &
  PID=$!
  for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.05; done
  PORT=$(sed -n 's/^listening http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$TMP/out")
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

measure() { # label events connections batch command...
  local label=$1 events=$2 conns=$3 batch=$4; shift 4
  for run in $(seq "$RUNS"); do
    rm -f "$TMP"/jp.db*
    start "$@"
    "$BENCH" --port "$PORT" --events "$events" --connections "$conns" --batch "$batch" --label "$label" | tee -a "$TMP/$label-$batch"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
  done
  for key in acked_events_per_s ack_p50_ms ack_p99_ms; do
    printf '%s batch=%s median %s=%s\n' "$label" "$batch" "$key" \
      "$(grep -o "$key=[0-9.]*" "$TMP/$label-$batch" | cut -d= -f2 | median)"
  done
}

JP=("$BUILD/app/jobpulse" --headless --durability full --db "$TMP/jp.db" --listen 127.0.0.1:0)
NULL=("$BUILD/bench/jobpulse-bench-null-receiver" 0)
measure jobpulse 60000 64 1 "${JP[@]}"
measure null 60000 64 1 "${NULL[@]}"
measure jobpulse 600000 64 100 "${JP[@]}"
measure null 600000 64 100 "${NULL[@]}"
