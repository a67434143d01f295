#!/usr/bin/env python3
"""Prints the closing line of a test run from one or more testlog.json files
(meson's, and fuzz/run's in the same form): 'N passed, N failed'
(', N skipped' when any were skipped).
An expected failure (a test proving a validator rejects a broken file)
counts as passed; a skipped test never does. A log that is missing (a stage
that could not start) counts as one failure."""
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        log = open(path)
    except OSError:
        failed += 1
        continue
    with log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1

tail = f", {skipped} skipped" if skipped else ""
print(f"{passed} passed, {failed} failed{tail}")
sys.exit(0)
