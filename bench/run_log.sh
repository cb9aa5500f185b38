#!/usr/bin/env bash
# Logs through `jobpulse run` against the real headless receiver (a fresh database per run):
#   seq:  `run -- seq N` (default 1,000,000) wall time next to `seq N | cat` in the same run,
#         the receiver's CPU seconds for it (utime + stime in /proc/PID/stat: the machine is
#         shared, so this is steadier than wall time), run's own (GNU time) and the lines
#         stored (`show --log | wc -l`);
#   yes:  `run -- sh -c "yes | head -c $YES"`: run's peak RSS (GNU time) and its wall time;
#   tail: the newest 100 lines of the seq job through GET /v1/jobs/{key}/log (curl's total
#         time), the page the detail opens on.
# Prints each run and the medians. Usage: bench/run_log.sh [build-dir] [runs] [N]
# JOBPULSE=path runs another build. SUBS=K follows the receiver with K relay subscribers (half
# SSE, half WebSocket, jobpulse-bench-relay in a process of its own) during the seq run, and
# prints what the slowest of them received.
set -euo pipefail
BUILD=${1:-build/dev}
RUNS=${2:-3}
N=${3:-1000000}
YES=${YES:-200M} # bytes of 'yes' output for the RSS run (0: no such run)
SUBS=${SUBS:-0}
JOBPULSE=${JOBPULSE:-$BUILD/app/jobpulse}
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
HZ=$(getconf CLK_TCK)
cpu() { awk -v hz="$HZ" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$1/stat"; }
now() { date +%s.%N; }

for run in $(seq "$RUNS"); do
  rm -f "$TMP"/jp.db*
  "$JOBPULSE" --headless --db "$TMP/jp.db" --listen 127.0.0.1:0 > "$TMP/out" 2>/dev/null &
  PID=$!
  for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.05; done
  URL=$(sed -n 's/^listening \(http:\/\/[^ ]*\).*/\1/p' "$TMP/out")

  subs=""
  if [ "$SUBS" != 0 ]; then
    PORT=${URL##*:}
    "$BUILD/bench/jobpulse-bench-relay" subscribe --port "$PORT" --subscribers "$SUBS" > "$TMP/sub" &
    SUB=$!
    for _ in $(seq 600); do grep -q ready "$TMP/sub" && break; sleep 0.05; done
  fi
  t0=$(now); seq "$N" | cat > /dev/null; t1=$(now)
  c1=$(cpu "$PID")
  /usr/bin/time -f '%U %S' -o "$TMP/runcpu" "$JOBPULSE" run --url "$URL" --job seq -- \
    seq "$N" > /dev/null; t2=$(now)
  recv=$(echo "$(cpu "$PID") - $c1" | bc)
  if [ "$SUBS" != 0 ]; then
    sleep 1
    kill -TERM "$SUB" && wait "$SUB" || true
    subs="  subscribers: $(grep -o 'still_connected=[0-9]* events_per_subscriber_min=[0-9]*' "$TMP/sub")"
  fi
  runcpu=$(awk '{print $1 + $2}' "$TMP/runcpu")
  stored=$("$JOBPULSE" show seq --db "$TMP/jp.db" --log | wc -l)
  plain=$(echo "$t1 - $t0" | bc); wrapped=$(echo "$t2 - $t1" | bc)
  tail=$(curl -s -o /dev/null -w '%{time_total}' "$URL/v1/jobs/seq/log?limit=100")
  rss=0 yeswall=0
  if [ "$YES" != 0 ]; then
    /usr/bin/time -f '%M %e' -o "$TMP/time" "$JOBPULSE" run --url "$URL" --job yes -- \
      sh -c "yes | head -c $YES" > /dev/null
    read -r rss yeswall < "$TMP/time"
  fi
  echo "run $run: seq|cat ${plain}s  run seq ${wrapped}s (receiver CPU ${recv}s, run's ${runcpu}s)  stored $stored/$N  tail page ${tail}s  yes $YES: run RSS $((rss / 1024)) MiB, ${yeswall}s$subs" | tee -a "$TMP/runs"
  echo "$plain" >> "$TMP/plain"; echo "$wrapped" >> "$TMP/wrapped"; echo "$recv" >> "$TMP/recv"; echo "$runcpu" >> "$TMP/runcpu_all"; echo "$tail" >> "$TMP/tail"
  echo "$rss" >> "$TMP/rss"; echo "$yeswall" >> "$TMP/yeswall"; echo "$stored" >> "$TMP/stored"
  kill "$PID"; wait "$PID" 2>/dev/null || true
done
echo "median: seq|cat $(median < "$TMP/plain")s  run seq $(median < "$TMP/wrapped")s (receiver CPU $(median < "$TMP/recv")s, run's $(median < "$TMP/runcpu_all")s)  stored $(median < "$TMP/stored")/$N  tail page $(median < "$TMP/tail")s  yes $YES: run RSS $(($(median < "$TMP/rss") / 1024)) MiB, $(median < "$TMP/yeswall")s"
