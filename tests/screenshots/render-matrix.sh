#!/bin/sh
# Renders the real window with demo data under Xvfb in light and dark, English and German,
# and checks every PNG came out.
# usage: render-matrix.sh JOBPULSE_BINARY OUT_DIR [DELAY_MS]
#   writes OUT_DIR/jobpulse-{light,dark}-{en,de}.png
# The theme comes from JOBPULSE_THEME, the language from the locale (LANG), as a user's would.
set -eu
bin=$1
outdir=$2
delay=${3:-7000}
here=$(dirname "$0")
mkdir -p "$outdir"
unset LC_ALL LC_MESSAGES LANGUAGE || true
status=0
for theme in light dark; do
    for lang in en de; do
        case $lang in
            en) locale=en_US.UTF-8 ;;
            de) locale=de_DE.UTF-8 ;;
        esac
        out="$outdir/jobpulse-$theme-$lang.png"
        tmp=$(mktemp -d)
        rm -f "$out"
        # Demo at 4x so that jobs finish (and toasts show) before the picture is taken.
        JOBPULSE_THEME=$theme LANG=$locale QT_QPA_PLATFORM=xcb \
            xvfb-run -a -s "-screen 0 1400x900x24" \
            "$bin" --demo --demo-speed 4 --db "$tmp/jp.db" --listen 127.0.0.1:0 \
            --screenshot "$out" --screenshot-delay "$delay" >/dev/null || true
        rm -rf "$tmp"
        if [ ! -f "$out" ] || [ "$(wc -c < "$out")" -lt 8192 ]; then
            echo "FAIL: no usable screenshot at $out" >&2
            status=1
        else
            echo "screenshot: $out ($(wc -c < "$out") bytes)"
        fi
    done
done
exit $status
