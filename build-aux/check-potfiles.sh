#!/bin/bash
# Fails when a file with text a person reads is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -eu
# With --update, rewrites po/POTFILES.in to list exactly those files.
top=${1:-.}
cd "$top"

listed=$(grep -v '^\s*#' po/POTFILES.in | sed '/^\s*$/d' | sort -u)
status=0

candidates=$( {
  grep -rlE '(^|[^A-Za-z0-9_])N?_ *\(' --include='*.c' src 2>/dev/null || true
  grep -rl 'translatable="yes"' --include='*.ui' ui 2>/dev/null || true
  ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml 2>/dev/null || true
} | sort -u)

if [ "${2:-}" = "--update" ]; then
  {
    echo "# Files with text a person reads. build-aux/check-potfiles.sh keeps this complete."
    printf '%s\n' "$candidates"
  } > po/POTFILES.in
  listed=$(printf '%s\n' "$candidates")
fi

for f in $listed; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES.in names $f, which does not exist"
    status=1
  fi
done



for f in $candidates; do
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "$f has translatable text but is not in po/POTFILES.in"
    status=1
  fi
done

if [ $status -eq 0 ]; then
  echo "po/POTFILES.in lists all $(printf '%s\n' "$candidates" | wc -l) files with translatable text"
fi
exit $status
