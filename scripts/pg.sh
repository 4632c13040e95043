# shellcheck shell=bash
# The embedded default Postgres: Debian's binaries, a project-local cluster.
# Sourced by scripts/lib.sh. Postgres refuses to run as root, so as root the
# cluster runs as the `postgres` OS user; if that user cannot reach the project
# tree (e.g. a mode-700 home directory above it), the cluster lives in a
# per-project folder under /var/lib/postgresql instead, and we say where.

PG_USER_NAME=app   # the cluster's superuser (trust auth on loopback only)

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] || { echo "Postgres binaries not found under /usr/lib/postgresql" >&2; return 1; }
  echo "$dir"
}

# Decides PGDATA and the OS user the cluster runs as.
pg_locate() {
  PG_OS_USER=""
  PGDATA_DIR="$ROOT/.pgdata"
  if [ "$(id -u)" -eq 0 ]; then
    PG_OS_USER=postgres
    if ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
      local key
      key=$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
      PGDATA_DIR="/var/lib/postgresql/techcat-$key"
      say "the postgres user cannot reach $ROOT, so the cluster lives in $PGDATA_DIR"
    fi
  fi
}

# Runs a Postgres tool as the cluster's OS user (from /, which that user can always enter).
pg_as() {
  if [ -n "$PG_OS_USER" ]; then (cd / && runuser -u "$PG_OS_USER" -- "$@"); else "$@"; fi
}

pg_running() {
  pg_as "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

# Initialises (first time) and starts the cluster; creates database $1 if missing.
pg_start() {
  local db=${1:-techcat} bin
  ensure_apt_packages postgresql
  bin=$(pg_bindir)
  pg_locate
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    say "initialising the embedded Postgres cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    [ -n "$PG_OS_USER" ] && chown "$PG_OS_USER": "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    pg_as "$bin/initdb" -D "$PGDATA_DIR" -A trust -U "$PG_USER_NAME" -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! pg_running; then
    PG_STARTED_HERE=1
    say "starting Postgres on 127.0.0.1:$TECHCAT_PG_PORT"
    if ! pg_as "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
      -o "-p $TECHCAT_PG_PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1" start >/dev/null; then
      echo "Postgres did not start; the end of its log ($PGDATA_DIR/server.log):" >&2
      tail -n 5 "$PGDATA_DIR/server.log" >&2
      echo "If port $TECHCAT_PG_PORT is taken, set TECHCAT_PG_PORT to a free port." >&2
      return 1
    fi
  fi
  pg_create_db "$db"
  export DATABASE_URL="postgres://$PG_USER_NAME@127.0.0.1:$TECHCAT_PG_PORT/$db"
}

pg_psql() {
  "$(pg_bindir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$TECHCAT_PG_PORT" -U "$PG_USER_NAME" "$@"
}

pg_create_db() {
  local db=$1
  if [ -z "$(pg_psql -d postgres -tAc "select 1 from pg_database where datname = '$db'")" ]; then
    pg_psql -d postgres -c "create database \"$db\"" >/dev/null
  fi
}

pg_drop_db() {
  pg_psql -d postgres -c "drop database if exists \"$1\" with (force)" >/dev/null
}

pg_stop() {
  pg_locate
  if pg_running; then
    pg_as "$(pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    say "Postgres stopped (data kept in $PGDATA_DIR)"
  else
    say "Postgres is not running"
  fi
}
