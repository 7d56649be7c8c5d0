#!/bin/sh
# cases.sh -- the data-driven end-to-end cases: each directory in cases/ holds
# a script `run` and the output it must give, `expected` (stdout and stderr
# together). The script runs in an empty temporary directory with:
#   the case's input files copied in (so messages name them plainly)
#   o ARGS...    runs oversight and prints "[exit N]" after it
# and a fixed clock and user, so the output is the same every time.
# Set UPDATE_EXPECTED=1 to rewrite the expected files after a deliberate change.
set -u
: "${OVERSIGHT:?path to the oversight binary}"
here=$(cd "$(dirname "$0")" && pwd)
case "$OVERSIGHT" in /*) ;; *) OVERSIGHT="$(pwd)/$OVERSIGHT" ;; esac
fail=0 pass=0
for dir in "$here"/cases/*/; do
    name=$(basename "$dir")
    [ -f "$dir/run" ] || continue
    tmp=$(mktemp -d)
    (
        cd "$tmp" || exit 1
        cp -R "$dir". . && rm -f run expected
        export CASE="$dir" OVERSIGHT_DB=register.db OVERSIGHT_USER=tester \
            OVERSIGHT_NOW=2024-03-01T09:00:00Z OVERSIGHT_TODAY=2024-03-01
        o() { "$OVERSIGHT" "$@"; echo "[exit $?]"; }
        . "$dir/run"
    ) >"$tmp/.out" 2>&1
    if [ "${UPDATE_EXPECTED:-0}" = 1 ]; then
        cp "$tmp/.out" "$dir/expected"
    fi
    if cmp -s "$tmp/.out" "$dir/expected"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        diff -u "$dir/expected" "$tmp/.out" | head -60
    fi
    rm -rf "$tmp"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
