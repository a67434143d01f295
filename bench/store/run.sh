#!/bin/sh
# Prints the store benchmark's JSON lines. $1: a configured and built build
# directory; $2: runs per figure (default 3). Builds nothing.
set -eu
build=${1:?usage: run.sh BUILDDIR [RUNS]}
exec "$build/bench/store/bench-store" "${2:-3}"
