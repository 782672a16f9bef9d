# A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a cluster in a temp dir owned by the
# `postgres` user, listening on loopback only, with a random password. Source this file, then call
# `start_throwaway_postgres` (exports TEST_DATABASE_URL) and `stop_throwaway_postgres` (from a trap).
# Tests trade durability for speed (no fsync); `start_throwaway_postgres durable` keeps PostgreSQL's defaults
# (for benchmarks: a commit then costs what it costs in production).

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_postgres_installed() {
  if ! pg_bin_dir >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
}

# Runs a command as the postgres user (initdb and postgres refuse root).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_postgres() {
  ensure_postgres_installed
  local bin port password speed
  bin="$(pg_bin_dir)"
  PG_TMP="$(mktemp -d /tmp/fazhi-pg.XXXXXX)"
  chmod 755 "$PG_TMP"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_TMP"
  password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  printf '%s\n' "$password" > "$PG_TMP/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_TMP/pwfile"
  as_postgres "$bin/initdb" -D "$PG_TMP/data" -U postgres --pwfile="$PG_TMP/pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  rm -f "$PG_TMP/pwfile"
  # A free loopback port: ask the kernel for one.
  port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${1:-}" = durable ] && speed=""
  # Two test processes with a pool each, plus the replica tests: room for them.
  as_postgres "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c max_connections=200 $speed" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_BIN="$bin"
  export TEST_DATABASE_URL="postgres://postgres:${password}@127.0.0.1:${port}/postgres"
  echo "PostgreSQL: throwaway cluster on 127.0.0.1:${port} (${PG_TMP})" >&2
}

stop_throwaway_postgres() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}
