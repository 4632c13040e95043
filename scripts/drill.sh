# shellcheck shell=bash
# Shared by the drills (load, outage, replica): starting release servers in the
# background and running wrk with scripts/drill.lua. Source it after lib.sh.

ensure_apt_packages wrk curl

# Starts the release server on ADDR ($1), logging to $2; sets DRILL_PID to its
# pid and waits until /healthz answers 200 (30 s at most).
drill_server() {
  local addr=$1 log=$2
  LEPTOS_SITE_ADDR="$addr" "$SERVER_BIN" >>"$log" 2>&1 &
  DRILL_PID=$!
  drill_wait_healthy "http://$addr" "$DRILL_PID" "$log"
}

# Waits until BASE ($1)/healthz answers 200; fails if process $2 exits first.
drill_wait_healthy() {
  local base=$1 pid=$2 log=$3
  for _ in $(seq 1 150); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$log" >&2
      echo "the server at $base exited early" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "the server at $base did not become healthy" >&2
  return 1
}

# Runs wrk: URL ($1), connections ($2), seconds ($3), then extra wrk options.
# Keep-alive connections sending Accept-Encoding as a browser does. Prints the
# DRILL line of scripts/drill.lua.
drill_wrk() {
  local url=$1 conns=$2 secs=$3
  shift 3
  local threads=2
  [ "$conns" -lt 2 ] && threads=1
  wrk -t"$threads" -c"$conns" -d"${secs}s" -H 'Accept-Encoding: br, gzip' \
    -s "$ROOT/scripts/drill.lua" "$@" "$url" | grep '^DRILL '
}

# The value of field $2 in DRILL line $1.
drill_field() {
  sed -n "s/.* $2=\([0-9]*\).*/\1/p" <<<" ${1#DRILL }"
}
