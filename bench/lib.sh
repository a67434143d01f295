# bench/lib.sh: what the benchmarks that talk to a sandbox share. Source it
# after `set -euo pipefail`; it makes $tmp (removed on exit, with the
# sandbox stopped).

tmp=$(mktemp -d)
sandbox_pid=
bench_cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap bench_cleanup EXIT

# bench_start_sandbox NAME BUILDDIR USERS: starts plumbline-sandbox with
# USERS people on a free port, as its own process, and sets $url.
bench_start_sandbox() {
  "$2/src/sandbox/plumbline-sandbox" --users "$3" --port 0 > "$tmp/sandbox.out" 2>/dev/null &
  sandbox_pid=$!
  for _ in $(seq 600); do
    grep -q '^Listening on ' "$tmp/sandbox.out" 2>/dev/null && break
    sleep 0.1
  done
  url=$(sed -n 's/^Listening on //p' "$tmp/sandbox.out" | head -1)
  [ -n "$url" ] || { echo "bench/$1: the sandbox did not start" >&2; exit 1; }
}

# bench_service_token: the demo app's client-credentials token for $url.
bench_service_token() {
  curl -sf -d grant_type=client_credentials -d client_id=plumbline-demo \
       -d client_secret=plumbline-demo-secret "$url/oauth/token" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
