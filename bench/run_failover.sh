#!/bin/bash
# Leader failover on PostgreSQL: two `jobpulse --headless` nodes on one throwaway cluster
# follow an SSE source (a third Jobpulse on SQLite, its /v1/stream). Each round kills the
# leader with SIGKILL and measures until the other node's /health says "leader": true and
# its source is live; the killed node is started again as the follower. Prints every round
# and the median. Needs postgresql-15; run as root (the cluster runs as postgres) or as a
# normal user.
#   bench/run_failover.sh [build-dir] [rounds]
set -u
build=${1:-build/dev}
rounds=${2:-7}
J=${JOBPULSE:-$build/app/jobpulse}
bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
dir=$(mktemp -d)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
pgport=55439
as_pg "$bin/initdb" -D "$dir/data" -U jobpulse --auth-local=trust --auth-host=trust >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-k $dir -p $pgport -c listen_addresses=127.0.0.1" start >/dev/null
as_pg "$bin/createdb" -h "$dir" -p $pgport -U jobpulse history
db=postgresql://jobpulse@127.0.0.1:$pgport/history
export XDG_RUNTIME_DIR=$dir XDG_CONFIG_HOME=$dir/config XDG_DATA_HOME=$dir/share
export QT_LOGGING_RULES='*.info=false'
"$J" --headless --db "$dir/upstream.db" --listen 127.0.0.1:57001 >/dev/null 2>&1 &
upstream=$!
echo '{"sources":[{"name":"up","type":"sse","format":"jobpulse","url":"http://127.0.0.1:57001/v1/stream"}]}' >"$dir/node.json"
start() { "$J" --headless --db "$db" --config "$dir/node.json" --listen "127.0.0.1:$1" >/dev/null 2>&1 & echo $!; }
# "True live" while the node leads and its one source is live (curl and grep only: a python
# per poll costs more than the failover on a busy machine).
state() {
    local h
    h=$(curl -s "http://127.0.0.1:$1/health")
    case $h in *'"leader":true'*) echo -n True ;; *) echo -n False ;; esac
    case $h in *'"state":"live"'*) echo " live" ;; *) echo " other" ;; esac
}
declare -A pid
pid[57011]=$(start 57011); sleep 1; pid[57012]=$(start 57012); sleep 3
times=()
for round in $(seq "$rounds"); do
    if [ "$(state 57011)" = "True live" ]; then leader=57011; other=57012; else leader=57012; other=57011; fi
    t0=$(date +%s%N)
    kill -9 "${pid[$leader]}"
    until [ "$(state $other)" = "True live" ]; do sleep 0.01; done
    ms=$((($(date +%s%N) - t0) / 1000000))
    echo "round=$round failover_ms=$ms"
    times+=("$ms")
    pid[$leader]=$(start $leader); sleep 3
done
echo "median_failover_ms=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
kill "${pid[57011]}" "${pid[57012]}" "$upstream" 2>/dev/null; wait 2>/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null
rm -rf "$dir"
