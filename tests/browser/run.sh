#!/usr/bin/env bash
# Runs the chat example's browser test in headless Chromium:
#   tests/browser/run.sh <chat-server-binary>
# Installs the test's npm dependencies (playwright-core) on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ $# -ne 1 ]; then
  echo "usage: $0 <chat-server-binary>" >&2
  exit 2
fi
binary=$1
if [ ! -x "$binary" ]; then
  echo "run.sh: $binary is not an executable file" >&2
  exit 2
fi

if ! command -v node >/dev/null 2>&1; then
  echo "run.sh: node is not installed; run scripts/install-deps.sh" >&2
  exit 1
fi

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "run.sh: Chromium is not installed at $CHROMIUM; run scripts/install-deps.sh" \
       "(Debian package chromium), or set CHROMIUM to a Chromium binary" >&2
  exit 1
fi

if [ ! -d "$here/node_modules/playwright-core" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "run.sh: npm is not installed; run scripts/install-deps.sh" >&2
    exit 1
  fi
  log="$(mktemp)"
  if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run.sh: npm ci failed in $here" >&2
    exit 1
  fi
  rm -f "$log"
fi

exec node "$here/chat_test.mjs" --binary "$binary"
