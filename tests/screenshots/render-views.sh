#!/bin/sh
# Renders the connection badges and the history view under Xvfb, light and dark, English
# and German, to PNGs a person looks at:
#   OUT_DIR/jobpulse-sources-{light,dark}-{en,de}.png   live view, left rail with sources:
#       "workers" live (an SSE source reading a second, headless Jobpulse's relay, which
#       runs the demo), "backend" and "ci" reconnecting to closed ports (countdown, reason)
#   OUT_DIR/jobpulse-history-{light,dark}-{en,de}.png   history view over six days of seeded
#       jobs, with the "new jobs" pill for the demo jobs that arrived after it opened
#   OUT_DIR/jobpulse-eta-{light,dark}-{en,de}.png   live view with ETAs: eight past runs of the
#       demo's workflow (seed-eta.py), one of them still running and opened, and the demo
#   OUT_DIR/jobpulse-inspector-{light,dark}-{en,de}.png   the inspector over the requests of
#       seed-deliveries.py (accepted, duplicate, signed hook, bad signature, bad JSON, bad shape)
#   OUT_DIR/jobpulse-settings-{light,dark}-{en,de}.png   the settings page over a config with
#       two hooks (a secret, an env: reference), two sources, retention and a muted kind
# usage: render-views.sh JOBPULSE_BINARY OUT_DIR [DELAY_MS]
set -eu
bin=$1
outdir=$2
delay=${3:-6000}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$outdir"
unset LC_ALL LC_MESSAGES LANGUAGE || true
work=$(mktemp -d)
peer_pid=""
cleanup() {
    [ -z "$peer_pid" ] || kill "$peer_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# Starts "$bin --headless ARGS..." in the background; sets pid and port.
start_headless() {
    log=$1
    shift
    "$bin" --headless --listen 127.0.0.1:0 "$@" >"$log" 2>&1 &
    pid=$!
    port=""
    for _ in $(seq 1 100); do
        port=$(sed -n 's|^listening http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" | head -n 1)
        [ -z "$port" ] || return 0
        sleep 0.1
    done
    echo "FAIL: $bin --headless did not start:" >&2
    cat "$log" >&2
    return 1
}

# Six days of history, written once and copied for every picture.
start_headless "$work/seed.log" --db "$work/seed/jp.db"
python3 "$here/seed-history.py" "http://127.0.0.1:$port" 120
kill "$pid"
wait "$pid" || true

# Past runs of the demo's workflow for the ETAs, and one still running.
start_headless "$work/eta-seed.log" --db "$work/eta/jp.db"
python3 "$here/seed-eta.py" "http://127.0.0.1:$port"
kill "$pid"
wait "$pid" || true

# Requests for the inspector, with a hook that checks GitHub signatures.
cat >"$work/hooks.json" <<EOF
{
  "hooks": [
    {"name": "deploys", "path": "/hooks/deploys", "family": "mapped",
     "signature": {"scheme": "github", "secret": "s3cret"},
     "map": {"job": "/deployment/id", "type": "/deployment/state", "title": "/deployment/name",
             "progress": "/deployment/pct"},
     "values": {"type": {"running": "job.started", "done": "job.succeeded", "error": "job.failed"}}}
  ]
}
EOF
start_headless "$work/inspector-seed.log" --config "$work/hooks.json" --db "$work/inspector/jp.db"
python3 "$here/seed-deliveries.py" "http://127.0.0.1:$port"
kill "$pid"
wait "$pid" || true

# The config the settings page shows (SB_SECRET is set for its env: reference below).
cat >"$work/settings.json" <<EOF
{
  "receiver": {"listen": "127.0.0.1:7788", "maxBodyBytes": 1048576},
  "hooks": [
    {"name": "deploys", "path": "/hooks/deploys", "family": "mapped",
     "signature": {"scheme": "github", "secret": "s3cret"},
     "map": {"job": "/deployment/id", "type": "/deployment/state"}},
    {"name": "supabase", "path": "/webhook/submission-update", "family": "supabase",
     "signature": {"scheme": "hmac-sha256", "header": "X-Webhook-Signature", "secret": "env:SB_SECRET"}}
  ],
  "sources": [
    {"name": "backend", "type": "websocket", "url": "ws://127.0.0.1:9/ws/jobs/42",
     "backoff": {"base": 40, "max": 60}},
    {"name": "ci", "type": "poll", "format": "cctray", "url": "http://127.0.0.1:9/cctray.xml",
     "backoff": {"base": 40, "max": 60}}
  ],
  "retention": {"days": 30},
  "notifications": {"mutedKinds": ["nightly-build"]}
}
EOF

# The peer whose relay the "workers" source reads: live demo jobs.
start_headless "$work/peer.log" --db "$work/peer/jp.db" --demo --demo-speed 3
peer_pid=$pid
peer_port=$port
closed=9 # discard: nothing listens there
cat >"$work/config.json" <<EOF
{
  "sources": [
    {"name": "workers", "type": "sse", "format": "jobpulse",
     "url": "http://127.0.0.1:$peer_port/v1/stream"},
    {"name": "backend", "type": "websocket", "url": "ws://127.0.0.1:$closed/ws/jobs",
     "backoff": {"base": 40, "max": 60}},
    {"name": "ci", "type": "poll", "format": "cctray", "url": "http://127.0.0.1:$closed/cctray.xml",
     "backoff": {"base": 40, "max": 60}}
  ]
}
EOF

status=0
for view in sources history eta inspector settings; do
    for theme in light dark; do
        for lang in en de; do
            case $lang in
                en) locale=en_US.UTF-8 ;;
                de) locale=de_DE.UTF-8 ;;
            esac
            out="$outdir/jobpulse-$view-$theme-$lang.png"
            rm -f "$out"
            rm -rf "$work/gui"
            jobpulse_view=live
            [ "$view" = history ] && jobpulse_view=history
            [ "$view" = inspector ] && jobpulse_view=inspector
            [ "$view" = settings ] && jobpulse_view=settings
            if [ "$view" = eta ]; then
                cp -r "$work/eta" "$work/gui"
                set -- --demo
            elif [ "$view" = inspector ]; then
                cp -r "$work/inspector" "$work/gui"
                set -- --config "$work/hooks.json"
            elif [ "$view" = settings ]; then
                cp -r "$work/seed" "$work/gui"
                cp "$work/settings.json" "$work/gui/settings.json"
                set -- --config "$work/gui/settings.json"
            else
                cp -r "$work/seed" "$work/gui"
                set -- --config "$work/config.json"
            fi
            SB_SECRET=example JOBPULSE_VIEW=$jobpulse_view JOBPULSE_THEME=$theme LANG=$locale QT_QPA_PLATFORM=xcb \
                xvfb-run -a -s "-screen 0 1400x900x24" \
                "$bin" "$@" --db "$work/gui/jp.db" --listen 127.0.0.1:0 \
                --screenshot "$out" --screenshot-delay "$delay" >"$work/gui.log" 2>&1 || true
            if [ ! -f "$out" ] || [ "$(wc -c <"$out")" -lt 8192 ]; then
                echo "FAIL: no usable screenshot at $out" >&2
                tail -n 20 "$work/gui.log" >&2
                status=1
            else
                echo "screenshot: $out ($(wc -c <"$out") bytes)"
            fi
        done
    done
done
exit $status
