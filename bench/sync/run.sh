#!/bin/bash
# The first full sync of a 100,000-person sandbox company into a new store
# (wall time and peak memory of the whole process, database size), beside
# curl downloading the same pages at the same concurrency (the floor); then
# a delta sync after 100 people changed on the server. RUNS times each.
# Prints one JSON line per figure (see HACKING.md).
#
# Usage: bench/sync/run.sh BUILDDIR
set -euo pipefail
build=${1:?usage: bench/sync/run.sh BUILDDIR}
runs=${RUNS:-5}
users=${USERS:-100000}
changed=${CHANGED:-100}
per_page=1000       # PLUMB_SYNC_PER_PAGE in src/core/plumb-sync-private.h
concurrency=6       # PLUMB_SYNC_PAGES_AHEAD there
company=5001
tool="$build/bench/sync/bench-sync"

source "$(dirname "$0")/../lib.sh"

bench_start_sandbox sync "$build" "$users"

token=$(bench_service_token)
umask 077
pages_of() {
  local list=$1
  local total
  total=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $token" -H "Procore-Company-Id: $company" \
            "$url/rest/v1.3/companies/$company/$list?page=1&per_page=$per_page" |
          tr -d '\r' | awk 'tolower($1) == "total:" { print $2 }')
  echo $(( (total + per_page - 1) / per_page ))
}
# The floor: the same pages a full load reads (active and inactive people),
# headers and page list from a file (0600, removed on exit), not argv.
{
  echo "header = \"Authorization: Bearer $token\""
  echo "header = \"Procore-Company-Id: $company\""
  echo "header = \"Accept: application/json\""
  for list in users users/inactive; do
    for page in $(seq 1 "$(pages_of $list)"); do
      echo "url = \"$url/rest/v1.3/companies/$company/$list?page=$page&per_page=$per_page\""
      echo "output = \"/dev/null\""
    done
  done
} > "$tmp/curl.cfg"

run_curl() {
  "$tool" measure curl -sf --no-progress-meter --parallel --parallel-max "$concurrency" -K "$tmp/curl.cfg"
}
run_full() {
  rm -f "$tmp"/store.sqlite3*
  "$tool" measure "$tool" full "$url" "$company" "$tmp/store.sqlite3"
}
db_size() {
  cat "$tmp"/store.sqlite3* | wc -c
}

# Warm the sandbox's per-record caches so neither side pays for them.
run_curl > /dev/null
run_full > /dev/null

: > "$tmp/curl.txt"
: > "$tmp/full.txt"
: > "$tmp/size.txt"
: > "$tmp/delta.txt"
for _ in $(seq "$runs"); do
  run_curl | tail -1 >> "$tmp/curl.txt"
  run_full | tail -1 >> "$tmp/full.txt"
  db_size >> "$tmp/size.txt"
done
# The store of the last full load takes the deltas.
for _ in $(seq "$runs"); do
  "$tool" delta "$url" "$company" "$tmp/store.sqlite3" "$changed" | tail -1 >> "$tmp/delta.txt"
done

python3 - "$tmp" "$users" "$runs" "$concurrency" "$changed" <<'PY'
import json, statistics, sys
tmp, users, runs, conc, changed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
def read(name):
    rows = [line.split() for line in open(f"{tmp}/{name}") if line.strip()]
    if any(r[2] != "0" for r in rows):
        sys.exit(f"bench/sync: a run failed ({name})")
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
full_t, full_rss = read("full.txt")
curl_t, curl_rss = read("curl.txt")
sizes = [int(line) for line in open(f"{tmp}/size.txt") if line.strip()]
delta_t = [float(line.split()[0]) for line in open(f"{tmp}/delta.txt") if line.strip()]
med, base = statistics.median(full_t), statistics.median(curl_t)
peak = max(full_rss) / 1024
print(json.dumps({
    "name": "sync-first-full-100k",
    "median": round(med, 4), "unit": "s",
    "baseline": f"curl --parallel --parallel-max {conc}",
    "baseline_median": round(base, 4),
    "ratio": round(med / base, 3),
    "peak_rss_mb": round(peak, 1),
    "baseline_peak_rss_mb": round(max(curl_rss) / 1024, 1),
    "db_size_mb": round(statistics.median(sizes) / 1e6, 1),
    "users": users, "runs": runs,
    "min": round(min(full_t), 4), "baseline_min": round(min(curl_t), 4),
    "limit": "ratio <= 2.5, peak_rss_mb < 300",
    "meets_limit": med / base <= 2.5 and peak < 300,
}))
dmed = statistics.median(delta_t)
print(json.dumps({
    "name": f"sync-delta-{changed}-of-100k",
    "median": round(dmed, 4), "unit": "s",
    "baseline": "full sync of the same company",
    "baseline_median": round(med, 4),
    "ratio": round(dmed / med, 4),
    "changed": changed, "runs": runs, "max": round(max(delta_t), 4),
    "limit": "median < 1 s",
    "meets_limit": dmed < 1.0,
}))
PY
