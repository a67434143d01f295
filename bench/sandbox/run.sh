#!/bin/sh
# Prints the sandbox benchmark's JSON lines. $1: a configured and built build
# directory. Builds nothing.
set -eu
build=${1:?usage: run.sh BUILDDIR}
exec "$build/bench/sandbox/bench-sandbox"
