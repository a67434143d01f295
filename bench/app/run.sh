#!/bin/bash
# Plumbline's time from start to its first frame painted, with no account
# and with 100,000 people already in its store, beside a bare libadwaita
# window started the same way. Both report their first frame through
# PLUMB_REPORT_FIRST_FRAME=1 (the monotonic time, then they quit). Needs a
# display: run inside build-aux/test-env.sh. $1: a built build directory;
# $2: runs (default 15: the two medians move by several per cent between
# runs of 5).
set -euo pipefail
build=${1:?usage: run.sh BUILDDIR [RUNS]}
runs=${2:-15}

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$(dirname "$0")/../../build-aux/test-env.sh" "$0" "$@"
fi
export GSK_RENDERER=cairo GDK_DEBUG=gl-disable NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$build/data"

python3 - "$build" "$runs" <<'PY'
import glob, json, os, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

build, runs = sys.argv[1], int(sys.argv[2])
app = os.path.join(build, "src", "plumbline")
bare = os.path.join(build, "bench", "app", "bench-bare-window")
top = tempfile.mkdtemp(prefix="plumb-bench-app-")

def home(name):
    root = os.path.join(top, name)
    env = dict(os.environ)
    for var, sub in (("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
        env[var] = os.path.join(root, sub)
    env["GSETTINGS_BACKEND"] = "keyfile"
    return root, env

def first_frame_ms(argv, env):
    env = dict(env, PLUMB_REPORT_FIRST_FRAME="1")
    start = time.monotonic_ns() // 1000
    out = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         timeout=300, check=True).stdout.decode()
    for line in out.splitlines():
        if line.startswith("first_frame_us "):
            return (int(line.split()[1]) - start) / 1000.0
    raise SystemExit(f"{argv[0]} did not report a first frame")

def people_in_store(root):
    best = 0
    for path in glob.glob(os.path.join(root, "data", "plumbline", "**", "store.sqlite3"), recursive=True):
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
            # The rows written one by one, and the pages of the last full
            # load (src/core/plumb-store-snapshot.c).
            best = max(best, db.execute(
                "SELECT (SELECT count(*) FROM users) + (SELECT coalesce(sum(p.n), 0) FROM user_pages p"
                " JOIN user_snapshots s ON s.company_id = p.company_id AND s.generation = p.generation)"
            ).fetchone()[0])
            db.close()
        except sqlite3.Error:
            pass
    return best

try:
    # Once: sign in to a sandbox of 100,000 people and let the store fill.
    big, big_env = home("100k")
    proc = subprocess.Popen([app, "--sandbox-people", "100000"], env=big_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 900
    while people_in_store(big) < 100000:
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise SystemExit("the store did not fill with 100,000 people")
        time.sleep(1)
    proc.terminate()
    proc.wait(timeout=60)

    bare_ms, empty_ms, big_ms = [], [], []
    for i in range(runs):
        _, env = home(f"bare{i}")
        bare_ms.append(first_frame_ms([bare], env))
        _, env = home(f"empty{i}")
        empty_ms.append(first_frame_ms([app], env))
        big_ms.append(first_frame_ms([app, "--sandbox-people", "100000"], big_env))
    people = people_in_store(big)
finally:
    shutil.rmtree(top, ignore_errors=True)

med = statistics.median
b = med(bare_ms)
for name, values, limit, people_note in (("app.first_frame_empty", empty_ms, 1.3, 0),
                                         ("app.first_frame_100k", big_ms, 1.5, people)):
    m = med(values)
    line = {"name": name, "median": round(m, 1), "unit": "ms",
            "baseline": "bare libadwaita window, started the same way", "baseline_median": round(b, 1),
            "ratio": round(m / b, 2), "runs": runs, "limit": f"<= {limit} x baseline",
            "meets_limit": m <= limit * b}
    if people_note:
        line["people"] = people_note
    print(json.dumps(line))
PY
