#!/bin/sh
# Renders the real window with demo data under Xvfb and checks a PNG came out.
# usage: render.sh JOBPULSE_BINARY OUT.png
set -eu
bin=$1
out=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$out")"
rm -f "$out"
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1400x900x24" \
    "$bin" --demo --db "$tmp/jp.db" --listen 127.0.0.1:0 --screenshot "$out"
if [ ! -f "$out" ]; then
    echo "FAIL: no screenshot at $out" >&2
    exit 1
fi
size=$(wc -c < "$out")
if [ "$size" -lt 8192 ]; then
    echo "FAIL: screenshot is only $size bytes" >&2
    exit 1
fi
echo "screenshot: $out ($size bytes)"
