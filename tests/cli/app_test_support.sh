# Sourced by the command-line tests that make an app (after `set -euo
# pipefail`, with the spur binary as $1): a scratch folder $work, removed at
# exit with any server still running, fail(), and serving an app with
# `spur start` or `spur dev` in the background, stopped by its PID.
#   serve start --port 0     # waits for the "Local:" line; sets $pid and $port
#   stop_server              # SIGTERM, and the server must exit with 0
spur=$1
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

serve() {
  "$spur" "$@" >server.log 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 600); do  # a first `spur dev` compiles the app
    port=$(sed -n 's|.*Local: http://localhost:\([0-9]*\).*|\1|p' server.log)
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  cat server.log; fail "spur $* did not start"
}
stop_server() { kill -TERM "$pid"; wait "$pid" || fail "server exited non-zero on SIGTERM"; pid=""; }
