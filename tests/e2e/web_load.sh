#!/bin/sh
# web_load.sh -- ten seconds of mixed reads and updates through the JSON API
# at 64 connections (bench/load.c, oversight-load; `make bench` runs the
# full minute): no request fails, and every update answered 201 is in the
# register afterwards (read back with `oversight dump` by the load
# generator, and with `oversight export updates` here), with its note, and
# no other.
set -u
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
load=${OVERSIGHT_LOAD:-$(dirname "$OVERSIGHT")/bench/oversight-load}
seconds=${WEB_LOAD_SECONDS:-10}
tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}
[ -x "$load" ] || { bad "no load generator at $load"; finish; }

# The demonstration register and an administrator's token.
db=$tmp/demo.db
OVERSIGHT_BIN=$OVERSIGHT OVERSIGHT_DB=$db sh "$OVERSIGHT_SRC/scripts/run-demo.sh" >"$tmp/demo.out" 2>&1 ||
    { cat "$tmp/demo.out"; bad "run-demo.sh"; finish; }
printf 'load password 1\n' | "$OVERSIGHT" --db "$db" user add loader --role admin >/dev/null ||
    bad "user add"
token=$("$OVERSIGHT" --db "$db" token add loader 2>/dev/null) || bad "token add"
before=$("$OVERSIGHT" --db "$db" export updates | wc -l)

"$load" "$OVERSIGHT" "$db" "$token" "$seconds" 64 >"$tmp/load.out" 2>"$tmp/load.err"
st=$?
cat "$tmp/load.out" "$tmp/load.err"
check "oversight-load exit status" 0 "$st"
figure() { sed -n "s/^$1 //p" "$tmp/load.out"; }
check "errors" 0 "$(figure errors)"
check "updates answered 201 but missing" 0 "$(figure updates_missing)"
check "updates of the run not answered 201" 0 "$(figure updates_unexpected)"
n=$(figure updates_201)
[ "${n:-0}" -gt 0 ] && ok || bad "no update was made"
check "every 201 found" "$n" "$(figure updates_found)"
[ "$(figure list_requests)" -gt 0 ] && [ "$(figure action_requests)" -gt 0 ] && ok ||
    bad "no reads"
# one request in ten an update
reqs=$(figure requests)
[ $((n * 10)) -le $((reqs + 10)) ] && [ $((n * 10)) -ge $((reqs - 640)) ] && ok ||
    bad "updates are not one request in ten: $n of $reqs"
# the export has exactly the updates made, with their notes (load RUN C-N)
after=$("$OVERSIGHT" --db "$db" export updates | wc -l)
check "updates in the export afterwards" $((before + n)) "$after"
check "the load's notes in the export" "$n" \
    "$("$OVERSIGHT" --db "$db" export updates | grep -c ',load [0-9]*-[0-9]* [0-9]*-[0-9]*,')"

finish
