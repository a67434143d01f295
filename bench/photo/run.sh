#!/bin/sh
# Prints the photo benchmark's JSON lines. $1: a configured and built build
# directory; $2: runs per figure (default 7). Builds nothing.
set -eu
build=${1:?usage: run.sh BUILDDIR [RUNS]}
exec "$build/bench/photo/bench-photo" "$build/src/cli/plumb" "${2:-7}"
