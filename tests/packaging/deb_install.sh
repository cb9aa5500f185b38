#!/usr/bin/env bash
# Builds the .deb, installs it with apt, starts the installed app headless, checks /health,
# and removes the package again. Needs root; run by CI after the test suite.
#   tests/packaging/deb_install.sh [build-dir]
set -euo pipefail
BUILD=$(realpath "${1:-build/dev}")
TMP=$(mktemp -d)
cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

(cd "$BUILD" && cpack -G DEB -B "$TMP/pkg" >/dev/null)
DEB=$(ls "$TMP"/pkg/jobpulse_*.deb)
echo "package: $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"
dpkg-deb --contents "$DEB" | awk '{print $6}' | grep -E 'usr/bin/jobpulse$|applications/.*desktop$|metainfo/.*xml$|hicolor/(scalable|48x48)/apps/|systemd/user/jobpulse.service$|man1/jobpulse.1' \
  | sed 's/^/  contains /'
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >/dev/null
test -x /usr/bin/jobpulse
/usr/bin/jobpulse --version
/usr/bin/jobpulse --headless --listen 127.0.0.1:0 --db "$TMP/jp.db" > "$TMP/out" 2>"$TMP/err" &
PID=$!
for _ in $(seq 100); do grep -q listening "$TMP/out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening //p' "$TMP/out")
curl -fsS "$URL/health" | grep -q '"status":"ok"'
echo "installed app answers on $URL/health"
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq jobpulse >/dev/null
test ! -e /usr/bin/jobpulse
echo "1 passed, 0 failed"
