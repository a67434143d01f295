#!/bin/bash
# Runs a command inside a throwaway desktop session: a virtual X server, a
# private D-Bus session bus and an unlocked, empty keyring, so tests can use a
# display, GSettings, portals and libsecret without touching the real ones.
#
# Usage: build-aux/test-env.sh COMMAND [ARGS...]
set -eu

if [ -z "${PLUMB_TEST_ENV_INNER:-}" ]; then
  export PLUMB_TEST_ENV_INNER=1
  runtime=$(mktemp -d "${TMPDIR:-/tmp}/plumb-test-env.XXXXXX")
  chmod 700 "$runtime"
  mkdir -p "$runtime/home" "$runtime/config" "$runtime/data" "$runtime/cache"
  export XDG_RUNTIME_DIR="$runtime"
  export HOME="$runtime/home"
  export XDG_CONFIG_HOME="$runtime/config"
  export XDG_DATA_HOME="$runtime/data"
  export XDG_CACHE_HOME="$runtime/cache"
  status=0
  xvfb-run -a -s "-screen 0 1600x1200x24 -nolisten tcp" \
    dbus-run-session -- "$0" "$@" || status=$?
  rm -rf "$runtime"
  exit $status
fi

# Inside the session: start a keyring whose login collection is unlocked
# with a throwaway password, so libsecret has a Secret Service to talk to.
keyring_out=$(printf 'plumbline-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null || true)
if [ -n "$keyring_out" ]; then
  eval "export $(printf '%s\n' "$keyring_out" | tr '\n' ' ')"
fi

exec "$@"
