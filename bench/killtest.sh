#!/bin/sh
# killtest.sh -- kill `oversight import updates` at random moments with SIGKILL
# and check that the register is always either exactly as it was before the
# import or exactly as a completed import leaves it: never in between, and
# always passing SQLite's integrity check.
#
# Usage: bench/killtest.sh N ROWS
#   N     how many kills (the full test uses 20, make check's short one 3)
#   ROWS  rows in the updates file that is imported and killed
#
# The register: the generated sources and actions and a first slice of the
# generated updates (ROWS/10 of them, so "before" is not empty); the killed
# import is the next ROWS updates.  With ROWS >= 100000 the data is the `all`
# register (every force, 100,000 actions), otherwise a one-force register of
# ROWS/10 actions.  Each kill lands in its own slice of the import's duration
# (measured first, on a complete import), at a random point of the slice.
#
# Environment:
#   OVERSIGHT      the binary (default: build/oversight)
#   OVERSIGHT_GEN  the generator (default: bench/oversight-gen beside the binary)
#   KILLTEST_DATA  a directory oversight-gen already filled (default: generate)
#   KILLTEST_DIR   the working directory (default: a temporary one, removed);
#                  emptied first, kept afterwards for inspection
#   KILLTEST_SEED  seed of the random delays (default 1)
#
# Prints one line per kill and ends with a summary line
#   killtest: N kills, B before, A after (C completed before the signal), V in between; ...
# Exit status: 0 every kill left the register before or after, 1 one did not
# (or the import failed), 2 bad usage.
set -eu

usage() {
    echo "usage: $0 N ROWS" >&2
    exit 2
}
[ $# -eq 2 ] || usage
n=$1
rows=$2
case $n in '' | *[!0-9]*) usage ;; esac
case $rows in '' | *[!0-9]*) usage ;; esac
if [ "$n" -lt 1 ] || [ "$rows" -lt 10 ]; then usage; fi

root=$(cd "$(dirname "$0")/.." && pwd)
ov=${OVERSIGHT:-$root/build/oversight}
gen=${OVERSIGHT_GEN:-$(dirname "$ov")/bench/oversight-gen}
seed=${KILLTEST_SEED:-1}
[ -x "$ov" ] || { echo "killtest: no oversight binary at $ov" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "killtest: needs the sqlite3 shell" >&2; exit 1; }

if [ -n "${KILLTEST_DIR:-}" ]; then
    work=$KILLTEST_DIR
    case $work in / | . | .. | "$HOME") echo "killtest: will not empty $work" >&2; exit 2 ;; esac
    rm -rf "$work"
    mkdir -p "$work"
    keep=1
else
    work=$(mktemp -d)
    keep=0
fi
pid=
cleanup() {
    if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || :; fi
    [ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Fixed identity and clock: the exports of two registers built the same way
# are then byte-identical, recorded_at included.
OVERSIGHT_USER=killtest
OVERSIGHT_NOW=2025-01-15T12:00:00Z
export OVERSIGHT_USER OVERSIGHT_NOW
unset OVERSIGHT_DB 2>/dev/null || :

pre=$((rows / 10))
if [ -n "${KILLTEST_DATA:-}" ]; then
    data=$KILLTEST_DATA
else
    [ -x "$gen" ] || { echo "killtest: no generator at $gen" >&2; exit 1; }
    if [ "$rows" -ge 100000 ]; then size=all; else size=$((rows / 10)):$((rows + pre)); fi
    data=$work/data
    "$gen" "$size" "$data"
fi

# Splits updates.csv into the first $pre records and the next $rows, each
# with the header. Records, not lines: a quoted note may span lines, so a line
# starts a record only when the quotes before it are balanced.
awk -v pre="$pre" -v rows="$rows" -v a="$work/pre.csv" -v b="$work/kill.csv" '
    NR == 1 { print > a; print > b; next }
    {
        if (!open) rec++
        if (rec > pre + rows) exit
        if (rec <= pre) print > a; else print > b
        q = gsub(/"/, "\"")
        if (q % 2) open = !open
    }
    END {
        if (rec < pre + rows) {
            print "killtest: the updates file has " rec " records, not " pre + rows > "/dev/stderr"
            exit 1
        }
    }' "$data/updates.csv"

ovx() {
    "$ov" --db "$@"
}

# The state an import must leave whole or not at all: every export.
state() {
    for what in sources actions updates; do
        echo "### $what"
        ovx "$1" export "$what"
    done
}

now() {
    date +%s.%N
}

copy_db() {
    rm -f "$2" "$2-wal" "$2-shm" "$2-journal"
    for ext in "" -wal -shm -journal; do
        [ ! -f "$1$ext" ] || cp "$1$ext" "$2$ext"
    done
}

echo "killtest: building the register ($pre updates before the import, $rows in it)"
base=$work/base.db
ovx "$base" init >/dev/null
ovx "$base" import sources "$data/sources.csv" >/dev/null
ovx "$base" import actions "$data/actions.csv" >/dev/null
ovx "$base" import updates "$work/pre.csv" >/dev/null
state "$base" >"$work/before.txt"

# A complete import: the "after" state, and how long the import takes.
copy_db "$base" "$work/full.db"
t0=$(now)
if ! ovx "$work/full.db" import updates "$work/kill.csv" >"$work/full.log" 2>&1; then
    echo "killtest: the complete import failed:" >&2
    head -20 "$work/full.log" >&2
    exit 1
fi
t1=$(now)
dur=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
state "$work/full.db" >"$work/after.txt"
if cmp -s "$work/before.txt" "$work/after.txt"; then
    echo "killtest: the import changed nothing; nothing to test" >&2
    exit 1
fi
echo "killtest: a complete import of $rows rows takes $dur s"

# The delays: kill i lands in the i-th of n equal slices of the duration.
awk -v n="$n" -v d="$dur" -v seed="$seed" 'BEGIN {
    srand(seed)
    for (i = 0; i < n; i++) printf "%.3f\n", d * (i + rand()) / n
}' >"$work/delays"

before=0 after=0 completed=0 between=0 corrupt=0 i=0
while read -r delay; do
    i=$((i + 1))
    db=$work/kill.db
    copy_db "$base" "$db"
    (exec "$ov" --db "$db" import updates "$work/kill.csv" </dev/null >"$work/kill.log" 2>&1) &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || :
    st=0
    wait "$pid" 2>/dev/null || st=$?
    pid=
    case $st in
    0) how="completed before the signal" ;;
    137) how="killed" ;;
    *)
        echo "killtest: kill $i: the import failed with status $st:" >&2
        head -20 "$work/kill.log" >&2
        exit 1
        ;;
    esac
    ic=$(sqlite3 "$db" 'PRAGMA integrity_check' </dev/null 2>&1 || :)
    if [ "$ic" != ok ]; then
        corrupt=$((corrupt + 1))
        verdict="CORRUPT: $ic"
        cp "$db" "$work/corrupt-$i.db"
    else
        state "$db" </dev/null >"$work/state.txt"
        if cmp -s "$work/state.txt" "$work/before.txt"; then
            before=$((before + 1))
            verdict=before
        elif cmp -s "$work/state.txt" "$work/after.txt"; then
            after=$((after + 1))
            [ "$st" != 0 ] || completed=$((completed + 1))
            verdict=after
        else
            between=$((between + 1))
            verdict="IN BETWEEN (kept as $work/between-$i.txt)"
            cp "$work/state.txt" "$work/between-$i.txt"
        fi
    fi
    echo "kill $i/$n at $delay s of $dur s ($how): $verdict"
done <"$work/delays"

echo "killtest: $n kills, $before before, $after after ($completed completed before the signal)," \
    "$between in between, $corrupt failed the integrity check; import of $rows rows takes $dur s"
[ "$between" -eq 0 ] && [ "$corrupt" -eq 0 ]
