#!/bin/bash
# The README's two commands.
#
#   build-aux/dev.sh run    install what is missing, build, start Plumbline on
#                           the embedded sandbox
#   build-aux/dev.sh test   install what is missing, build, run the whole test
#                           suite headless, then again under AddressSanitizer
#                           and UndefinedBehaviorSanitizer (DIR-asan), then
#                           each libFuzzer target briefly (clang, DIR-fuzz);
#                           the last line is "N passed, N failed" over all
#
# Options: --werror (warnings are errors, as in CI), --builddir DIR (default _build),
# --quick (the ordinary suite only), --fuzz-seconds N (per target, default 20).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"

mode=${1:-}
shift || true
werror=false
builddir=_build
quick=false
fuzz_seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --werror) werror=true ;;
    --builddir) builddir=$2; shift ;;
    --quick) quick=true ;;
    --fuzz-seconds) fuzz_seconds=$2; shift ;;
    *) echo "dev.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

case "$mode" in
  run|test) ;;
  *) echo "usage: build-aux/dev.sh run|test [--werror] [--builddir DIR]" >&2; exit 2 ;;
esac

# What a fresh Debian 12 needs to build, run and test Plumbline.
packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
  libjson-glib-dev libsecret-1-dev libsqlite3-dev libgdk-pixbuf-2.0-dev
  librsvg2-common iso-codes gettext desktop-file-utils appstream python3
  adwaita-icon-theme fonts-cantarell
)
if [ "$mode" = test ]; then
  packages+=(
    xvfb xauth dbus-daemon gnome-keyring curl
    imagemagick webp libheif-examples
    clang libclang-rt-14-dev valgrind
  )
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "dev.sh: run as root (or install these yourself): ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ -f "$builddir/build.ninja" ]; then
  meson configure "$builddir" -Dwerror=$werror >/dev/null
else
  meson setup "$builddir" -Dwerror=$werror
fi
ninja -C "$builddir"

if [ "$mode" = run ]; then
  export GSETTINGS_SCHEMA_DIR="$here/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
  exec "$builddir/src/plumbline" --sandbox
fi

status=0
build-aux/test-env.sh meson test -C "$builddir" --print-errorlogs --timeout-multiplier 4 || status=$?
logs=("$builddir/meson-logs/testlog.json")

if [ "$quick" = false ]; then
  # The same suite, window tests included, with every memory and
  # undefined-behaviour check on (tests/meson.build: why the window tests
  # keep shorter allocation stacks).
  asan="$builddir-asan"
  if [ -f "$asan/build.ninja" ]; then
    meson configure "$asan" -Dwerror=$werror >/dev/null
  else
    meson setup "$asan" -Dwerror=$werror -Db_sanitize=address,undefined -Db_lundef=false
  fi
  # `--setup asan` names its log after the setup.
  rm -f "$asan/meson-logs/testlog-asan.json"
  if ninja -C "$asan"; then
    build-aux/test-env.sh meson test -C "$asan" --setup asan --print-errorlogs || status=$?
  else
    status=1
  fi
  logs+=("$asan/meson-logs/testlog-asan.json")

  # The fuzz targets, a short run each (fuzz/README.md: the long runs).
  # Only the targets are built; clang warns where gcc does not, so no -Werror.
  fuzz="$builddir-fuzz"
  if [ ! -f "$fuzz/build.ninja" ]; then
    CC=clang meson setup "$fuzz" -Db_sanitize=address,undefined -Db_lundef=false \
      -Dc_args=-fsanitize=fuzzer-no-link -Dtests=false
  fi
  # A fixed seed: the same inputs every run, so CI says the same thing twice.
  PLUMB_FUZZ_SEED=1 fuzz/run --build "$fuzz" "$fuzz_seconds" || status=$?
  logs+=("$fuzz/fuzz-findings/testlog.json")
fi

python3 build-aux/count-tests.py "${logs[@]}"
exit $status
