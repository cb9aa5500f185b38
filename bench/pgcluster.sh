# Sourced by the bench scripts: pg_cluster starts a throwaway PostgreSQL cluster (Debian
# postgresql-15) in "$TMP" on a free loopback port, as postgres when root, stopped on exit;
# it sets PG_URL (without a database name) and PG_CREATEDB (a command that takes one).
pg_cluster() { # a throwaway cluster on a free port (as postgres when root); sets PG_URL
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  PG_DIR="$TMP/pg"
  PG_AS=()
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$TMP" "$PG_DIR"; PG_AS=(runuser -u postgres --); fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U jobpulse -A trust --no-sync >/dev/null
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -p $port -c listen_addresses=127.0.0.1" start >/dev/null
  trap '"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null; kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
  PG_URL="postgresql://jobpulse@127.0.0.1:$port"
  PG_CREATEDB=("$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U jobpulse)
}

