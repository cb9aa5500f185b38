#!/usr/bin/env bash
# Runs the ingest benchmark against the real headless receiver (durability full, a fresh
# database per run) and against the null receiver (204, nothing stored); prints each run
# and the medians. Usage: bench/run_ingest.sh [build-dir] [runs] [many|hot|million|pg|nodes]
#   many (default): events spread over 500 jobs, single and in batches of 100;
#   pg: the same on SQLite and on PostgreSQL (--db postgresql://…) in one session; without
#        PG_URL (a server's URL without the database name, e.g. postgresql://me@db:5432) it
#        starts a throwaway cluster (Debian postgresql-15) in the temporary folder;
#   nodes: 1, 2 and 3 receivers on one PostgreSQL database (the load generator's connections
#        spread over them), next to one receiver on SQLite, 20,000 single events each;
#   hot: the 607-byte step event to one job for 60 s (HOT_SECONDS), events/s of the first
#        and last 10 s and the receiver's RSS;
#   million: 1,000,000 of those step events into one job, then spread over 100,000 jobs:
#        the receiver's RSS at the end.
# JOBPULSE=path runs another build of the receiver (an A/B against the same benchmark).
set -euo pipefail
BUILD=${1:-build/dev}
RUNS=${2:-3}
MODE=${3:-many}
HOT_SECONDS=${HOT_SECONDS:-60}
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

medians() { # label options keys file: each key's median over the runs in file
  for key in $3; do
    printf '%s %s median %s=%s\n' "$1" "$2" "$key" "$(grep -o "$key=[0-9.]*" "$4" | cut -d= -f2 | median)"
  done
}

PG_RUNS=0
# shellcheck source=bench/pgcluster.sh
source "$(dirname "$0")/pgcluster.sh"

measure() { # label "benchmark options" median-keys command... (@DB@: a fresh database per run)
  local label=$1 options=$2 keys=$3; shift 3
  local out="$TMP/$label-${options// /_}"
  for run in $(seq "$RUNS"); do
    rm -f "$TMP"/jp.db*
    local db="$TMP/jp.db"
    if [[ "$*" == *@DB@* ]]; then
      PG_RUNS=$((PG_RUNS + 1))
      db="$PG_URL/bench_$PG_RUNS"
      "${PG_CREATEDB[@]}" "bench_$PG_RUNS"
    fi
    start "${@//@DB@/$db}"
    # shellcheck disable=SC2086 # the options are words
    "$BENCH" --port "$PORT" --pid "$PID" $options --label "$label" | tee -a "$out"
    kill "$PID"
    wait "$PID" 2>/dev/null || true
  done
  medians "$label" "$options" "$keys" "$out"
}

measure_nodes() { # label node-count "benchmark options" median-keys: N receivers, one fresh database
  local label=$1 count=$2 options=$3 keys=$4
  local out="$TMP/$label-${options// /_}"
  for run in $(seq "$RUNS"); do
    PG_RUNS=$((PG_RUNS + 1))
    "${PG_CREATEDB[@]}" "bench_$PG_RUNS"
    local pids=() ports=()
    for _ in $(seq "$count"); do
      start "${JOBPULSE:-$BUILD/app/jobpulse}" --headless --durability full \
        --db "$PG_URL/bench_$PG_RUNS" --listen 127.0.0.1:0
      pids+=("$PID")
      ports+=("$PORT")
    done
    # shellcheck disable=SC2086 # the options are words
    "$BENCH" --ports "$(IFS=,; echo "${ports[*]}")" $options --label "$label" | tee -a "$out"
    kill "${pids[@]}"
    wait "${pids[@]}" 2>/dev/null || true
  done
  medians "$label" "$options" "$keys" "$out"
}

JP=("${JOBPULSE:-$BUILD/app/jobpulse}" --headless --durability full --db "$TMP/jp.db" --listen 127.0.0.1:0)
NULL=("$BUILD/bench/jobpulse-bench-null-receiver" 0)
MANY="acked_events_per_s ack_p50_ms ack_p99_ms"
HOT="acked_events_per_s first_events_per_s last_events_per_s last_over_first rss_start_mib rss_end_mib"
case "$MODE" in
many)
  measure jobpulse "--events 60000 --connections 64 --batch 1" "$MANY" "${JP[@]}"
  measure null "--events 60000 --connections 64 --batch 1" "$MANY" "${NULL[@]}"
  measure jobpulse "--events 600000 --connections 64 --batch 100" "$MANY" "${JP[@]}"
  measure null "--events 600000 --connections 64 --batch 100" "$MANY" "${NULL[@]}"
  ;;
hot)
  measure hot "--jobs 1 --event step --seconds $HOT_SECONDS --connections 64 --batch 1" "$HOT" "${JP[@]}"
  ;;
million)
  measure million-1 "--jobs 1 --event step --events 1000000 --connections 64 --batch 1" "$HOT" "${JP[@]}"
  measure million-100k "--jobs 100000 --event step --events 1000000 --connections 64 --batch 1" "$HOT" "${JP[@]}"
  ;;
pg)
  if [ -z "${PG_URL:-}" ]; then
    pg_cluster
  else
    PG_CREATEDB=(createdb --maintenance-db="$PG_URL/postgres")
  fi
  PG=("${JOBPULSE:-$BUILD/app/jobpulse}" --headless --durability full --db @DB@ --listen 127.0.0.1:0)
  measure sqlite "--events 20000 --connections 64 --batch 1" "$MANY" "${JP[@]}"
  measure postgresql "--events 20000 --connections 64 --batch 1" "$MANY" "${PG[@]}"
  measure sqlite "--events 200000 --connections 64 --batch 100" "$MANY" "${JP[@]}"
  measure postgresql "--events 200000 --connections 64 --batch 100" "$MANY" "${PG[@]}"
  ;;
nodes)
  if [ -z "${PG_URL:-}" ]; then
    pg_cluster
  else
    PG_CREATEDB=(createdb --maintenance-db="$PG_URL/postgres")
  fi
  measure sqlite "--events 20000 --connections 63 --batch 1" "$MANY" "${JP[@]}"
  for n in 1 2 3; do
    measure_nodes "pg-nodes=$n" "$n" "--events 20000 --connections 63 --batch 1" "$MANY"
  done
  ;;
*)
  echo "unknown mode $MODE (many, hot, million, pg or nodes)" >&2
  exit 2
  ;;
esac
