# shellcheck shell=bash
# Shared set-up for scripts/run, scripts/test and .ci/run. Source it; every step is
# idempotent and installs only what is missing. Nothing here downloads anything
# but Debian packages, npm packages, crates and rustup toolchain components.
#
# Variables (all optional):
#   TECHCAT_CACHE    where cargo tools and the cargo target dir live, outside the
#                    clone so they survive a fresh clone (default ~/.cache/techcat)
#   TECHCAT_PG_PORT  port of the embedded Postgres cluster (default 5544)
#   DATABASE_URL     use this Postgres server instead of the embedded cluster

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TECHCAT_CACHE="${TECHCAT_CACHE:-$HOME/.cache/techcat}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$TECHCAT_CACHE/target}"
TOOLS="$TECHCAT_CACHE/tools"
export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export SASS_PATH="$ROOT/node_modules/nhsuk-frontend/dist"
TECHCAT_PG_PORT="${TECHCAT_PG_PORT:-5544}"

CARGO_LEPTOS_VERSION=0.3.10
CARGO_DENY_VERSION=0.20.2

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Runs a command as root (directly, or through sudo when not root).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  # rust-toolchain.toml pins the version; make sure it and the WASM target exist.
  local channel
  channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$ROOT/rust-toolchain.toml")
  if ! rustup toolchain list | grep -q "^$channel"; then
    say "installing Rust $channel"
    rustup toolchain install "$channel" --profile minimal -c rustfmt,clippy
  fi
  if ! rustup +"$channel" target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "adding the wasm32-unknown-unknown target"
    rustup +"$channel" target add wasm32-unknown-unknown
  fi
  rustup +"$channel" component list --installed | grep -q '^clippy' || rustup +"$channel" component add clippy rustfmt
}

ensure_npm_packages() {
  # npm ci when node_modules is missing or older than the lockfile.
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] \
     || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm packages (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# cargo install NAME VERSION [extra args…] into the cache, unless that version is there.
ensure_cargo_tool() {
  local name=$1 version=$2 bin=$3; shift 3
  if [ -x "$TOOLS/bin/$bin" ] && grep -q "^\"$name $version " "$TOOLS/.crates.toml" 2>/dev/null; then
    return
  fi
  say "installing $name $version into $TOOLS (once; cached for later runs)"
  # Tools build with their own target dir so they never invalidate the app's.
  CARGO_TARGET_DIR="$TECHCAT_CACHE/tool-build" cargo install "$name" --version "=$version" --root "$TOOLS" "$@"
}

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_build_tools() {
  ensure_apt_packages build-essential pkg-config
  ensure_rust
  ensure_npm_packages
  # --locked: cargo-leptos 0.3.11+ needs a newer rustc. no_downloads: use sass,
  # wasm-bindgen and wasm-opt from PATH instead of fetching binaries.
  ensure_cargo_tool cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-leptos --locked --features no_downloads
  # No --locked: its lockfile pins a webpki-roots release the registry does not serve.
  ensure_cargo_tool wasm-bindgen-cli "$(wasm_bindgen_version)" wasm-bindgen
}

ensure_cargo_deny() {
  ensure_cargo_tool cargo-deny "$CARGO_DENY_VERSION" cargo-deny --locked --no-default-features
}

# Builds the server and the WASM bundle (release) with cargo-leptos.
build_release() {
  say "building the app (cargo leptos build --release)"
  (cd "$ROOT" && cargo leptos build --release)
  # The icons nhsuk-frontend's CSS refers to (search clear, sort arrows).
  local images="$ROOT/target/site/assets/images"
  mkdir -p "$images"
  cp "$ROOT"/node_modules/nhsuk-frontend/dist/nhsuk/assets/images/nhsuk-icon-{cross,arrow-down,arrow-up,arrow-up-down}.svg "$images/"
  # Smallest encodings of the bundle, made once here instead of per request.
  rm -f "$ROOT"/target/site/pkg/*.br "$ROOT"/target/site/pkg/*.gz
  node "$ROOT/scripts/precompress.mjs" "$ROOT/target/site/pkg"
}

# A real SMTP server for the tests that send mail: aiosmtpd (Debian's), storing
# each message it receives in a maildir the tests read. Sets TEST_SMTP_URL and
# TEST_MAILDIR; `smtp_stop` ends it.
smtp_start() {
  ensure_apt_packages python3-aiosmtpd
  local port="${TECHCAT_SMTP_PORT:-2525}"
  export TEST_MAILDIR="$CARGO_TARGET_DIR/test-mail"
  rm -rf "$TEST_MAILDIR"
  mkdir -p "$TEST_MAILDIR"/tmp "$TEST_MAILDIR"/new "$TEST_MAILDIR"/cur
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$TEST_MAILDIR" \
    >"$CARGO_TARGET_DIR/test-smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$SMTP_PID" 2>/dev/null || { cat "$CARGO_TARGET_DIR/test-smtp.log"; echo "the test SMTP server did not start" >&2; exit 1; }
    sleep 0.2
  done
  export TEST_SMTP_URL="smtp://127.0.0.1:$port"
  say "test SMTP server at $TEST_SMTP_URL, storing mail in $TEST_MAILDIR"
}

smtp_stop() {
  if [ -n "${SMTP_PID:-}" ]; then kill "$SMTP_PID" 2>/dev/null || true; wait "$SMTP_PID" 2>/dev/null || true; fi
}

# Environment the release binary needs when started outside cargo-leptos.
server_env() {
  export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"
  export LEPTOS_SITE_PKG_DIR="${LEPTOS_SITE_PKG_DIR:-pkg}"
  export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
  export LEPTOS_HASH_FILES=true
  export LEPTOS_ENV="${LEPTOS_ENV:-PROD}"
}

SERVER_BIN="$CARGO_TARGET_DIR/release/server"
# The synthetic benchmark, a binary of its own (not deployed).
BENCH_BIN="$CARGO_TARGET_DIR/release/bench"

# shellcheck source=scripts/pg.sh
source "$ROOT/scripts/pg.sh"
