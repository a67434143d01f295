#!/bin/bash
# Fetches every user of a 100,000-person sandbox company through the client
# (PlumbSession, paged, concurrent, every record checked and kept in a
# PlumbUserList) and the same pages with curl at the same concurrency (the
# floor), RUNS times each. The same fetch into 100,000 PlumbUser objects is
# reported beside it ("objects_median"). Prints one JSON line (see
# HACKING.md).
#
# Usage: bench/client/run.sh BUILDDIR
set -euo pipefail
build=${1:?usage: bench/client/run.sh BUILDDIR}
runs=${RUNS:-5}
users=${USERS:-100000}
per_page=1000
concurrency=6      # MAX_CONCURRENT in src/core/plumb-session.c
company=5001
tool="$build/bench/client/bench-client"

source "$(dirname "$0")/../lib.sh"

bench_start_sandbox client "$build" "$users"

token=$(bench_service_token)
total=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $token" -H "Procore-Company-Id: $company" \
          "$url/rest/v1.3/companies/$company/users?page=1&per_page=$per_page" |
        tr -d '\r' | awk 'tolower($1) == "total:" { print $2 }')
pages=$(( (total + per_page - 1) / per_page ))

# curl reads the headers and the page list from a file (0600, removed on exit)
# rather than the command line.
umask 077
{
  echo "header = \"Authorization: Bearer $token\""
  echo "header = \"Procore-Company-Id: $company\""
  echo "header = \"Accept: application/json\""
  for page in $(seq 1 "$pages"); do
    echo "url = \"$url/rest/v1.3/companies/$company/users?page=$page&per_page=$per_page\""
    echo "output = \"/dev/null\""
  done
} > "$tmp/curl.cfg"

run_curl() {
  "$tool" measure curl -sf --no-progress-meter --parallel --parallel-max "$concurrency" -K "$tmp/curl.cfg"
}
run_client() {
  "$tool" measure "$tool" fetch "$url" "$company" "$per_page"
}
run_objects() {
  "$tool" measure "$tool" fetch-objects "$url" "$company" "$per_page"
}

# Warm the sandbox's per-record caches so neither side pays for them.
run_curl > /dev/null
run_client > /dev/null

: > "$tmp/curl.txt"
: > "$tmp/client.txt"
: > "$tmp/objects.txt"
for _ in $(seq "$runs"); do
  run_curl | tail -1 >> "$tmp/curl.txt"
  run_client | tail -1 >> "$tmp/client.txt"
  run_objects | tail -1 >> "$tmp/objects.txt"
done

python3 - "$tmp/client.txt" "$tmp/curl.txt" "$total" "$pages" "$concurrency" "$runs" "$tmp/objects.txt" <<'PY'
import json, statistics, sys
def read(path):
    rows = [line.split() for line in open(path) if line.strip()]
    if any(r[2] != "0" for r in rows):
        sys.exit(f"bench/client: a run failed ({path})")
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
client_t, client_rss = read(sys.argv[1])
curl_t, curl_rss = read(sys.argv[2])
objects_t, objects_rss = read(sys.argv[7])
med, base = statistics.median(client_t), statistics.median(curl_t)
peak = max(client_rss) / 1024
print(json.dumps({
    "name": "client-fetch-all-users-100k",
    "median": round(med, 4), "unit": "s",
    "baseline": f"curl --parallel --parallel-max {sys.argv[5]}",
    "baseline_median": round(base, 4),
    "ratio": round(med / base, 3),
    "peak_rss_mb": round(peak, 1),
    "baseline_peak_rss_mb": round(max(curl_rss) / 1024, 1),
    "users": int(sys.argv[3]), "pages": int(sys.argv[4]), "runs": int(sys.argv[6]),
    "min": round(min(client_t), 4), "baseline_min": round(min(curl_t), 4),
    "objects_median": round(statistics.median(objects_t), 4),
    "objects_ratio": round(statistics.median(objects_t) / base, 3),
    "objects_peak_rss_mb": round(max(objects_rss) / 1024, 1),
    "limit": "ratio <= 2, peak_rss_mb < 300",
    "meets_limit": med / base <= 2 and peak < 300,
}))
PY
