#!/bin/sh
# demo.sh -- the demonstration register `make run` builds imports cleanly, and
# its figures are the ones demo/README.md describes.
set -eu
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OVERSIGHT_BIN=$OVERSIGHT OVERSIGHT_DB=$tmp/demo.db sh "$OVERSIGHT_SRC/scripts/run-demo.sh" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; echo "FAIL: run-demo.sh"; exit 1; }
grep -q "imported 20 sources" "$tmp/out" || { cat "$tmp/out"; echo "FAIL: sources"; exit 1; }
grep -q "imported 86 actions" "$tmp/out" || { cat "$tmp/out"; echo "FAIL: actions"; exit 1; }
grep -q "imported 240 updates" "$tmp/out" || { cat "$tmp/out"; echo "FAIL: updates"; exit 1; }
n=$("$OVERSIGHT" --db "$tmp/demo.db" list --as-of 2024-02-22 --status outstanding --format csv | tail -n +2 | wc -l)
echo "outstanding at 2024-02-22: $n"
[ "$n" -gt 0 ]
echo "1 passed, 0 failed"
