#!/usr/bin/env bash
# Installs what Spur needs to build, test and benchmark, from the system's
# package manager (Debian 12 / Ubuntu). Idempotent: installs only what is
# missing, and does nothing (no apt-get update) when everything is present.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Boost >= 1.81 (Asio, JSON, URL). Debian 12 ships 1.81 beside its default 1.74;
# newer releases have a newer default. Pick the newest versioned -dev available.
boost_version() {
  for v in $(apt-cache pkgnames libboost1. 2>/dev/null | sed -n 's/^libboost1\.\([0-9]*\)-dev$/\1/p' | sort -rn); do
    if [ "$v" -ge 81 ]; then echo "1.$v"; return; fi
  done
}

base=(
  build-essential cmake ninja-build ccache pkg-config
  libcli11-dev                     # command lines of spur and of every built server
  zlib1g-dev libbrotli-dev         # response compression (gzip, br)
  libsqlite3-dev                   # spur::db's embedded default database
  libssl-dev                       # HMAC (cookies, webhooks), TLS for fetch
  openssl ca-certificates          # the fetch test's own CA; the store fetch verifies against
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-dev            # libFuzzer and sanitizer runtimes
  clangd                           # the editor-support test (clangd --check on route files)
  curl                             # a real client in the integration tests
  python3                          # the conformance and app-router HTTP tests
  wrk nodejs                       # benchmarks (Node.js is the reference server)
  chromium                         # headless browser for the chat example's test
  haproxy                          # the load balancer of the rolling-restart test
  systemd                          # systemd-socket-activate, for the socket activation test
)

missing() {
  local out=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || out+=("$p")
  done
  echo "${out[@]:-}"
}

todo=$(missing "${base[@]}")
# npm installs the browser test's driver. A NodeSource nodejs already ships npm
# (and conflicts with Debian's npm package), so ask for the command, not dpkg.
if ! command -v npm >/dev/null 2>&1; then todo="${todo:+$todo }npm"; fi
bv=""
for v in 1.81 1.82 1.83 1.84 1.85 1.86 1.87 1.88 1.89 1.90; do
  if dpkg-query -W -f='${Status}' "libboost${v}-dev" 2>/dev/null | grep -q "install ok installed" &&
     dpkg-query -W -f='${Status}' "libboost-json${v}-dev" 2>/dev/null | grep -q "install ok installed"; then
    bv=$v
  fi
done

if [ -z "$todo" ] && [ -n "$bv" ]; then
  echo "install-deps: everything is installed (Boost $bv)"
  exit 0
fi

echo "install-deps: installing missing packages: ${todo:-Boost}"
$SUDO apt-get update -qq
if [ -z "$bv" ]; then
  bv=$(boost_version)
  [ -n "$bv" ] || { echo "install-deps: no Boost >= 1.81 package found (need libboost1.81-dev or newer)" >&2; exit 1; }
  todo="$todo libboost${bv}-dev libboost-json${bv}-dev libboost-url${bv}-dev"
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $todo
echo "install-deps: done (Boost $bv)"
