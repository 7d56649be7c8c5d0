#!/bin/sh
# run-demo.sh -- build a demonstration register for the City of London Police
# from demo/*.csv and print its summary. `make run` builds oversight first and
# then calls this script; it builds nothing itself.
#
# The register is ./oversight.db, or $OVERSIGHT_DB; any existing file there is
# removed first. Stops at the first failure with a message saying what failed.
#
# With --serve (as `make run` calls it), it then adds a first admin user with
# a random password, prints how to sign in, and runs the web application in
# the foreground on $OVERSIGHT_LISTEN (default 127.0.0.1:8080) until Ctrl-C.
set -eu

serve=
case "${1:-}" in
--serve) serve=1 ;;
"") ;;
*) echo "usage: $0 [--serve]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${OVERSIGHT_BIN:-$root/build/oversight}
demo=$root/demo
db=${OVERSIGHT_DB:-./oversight.db}
committee="Strategic Planning and Performance Committee"

fail() {
    echo "run-demo: $*" >&2
    exit 1
}

[ -x "$bin" ] || fail "$bin not found: build it first with 'make' (or run 'make run')"
for f in sources actions updates; do
    [ -r "$demo/$f.csv" ] || fail "missing $demo/$f.csv"
done

# Run one oversight command against the demo register; on failure name it.
ov() {
    "$bin" --db "$db" "$@" || fail "failed: oversight $*"
}

rm -f "$db" "$db-wal" "$db-shm" "$db-journal" || fail "cannot remove $db"

echo "== creating $db"
ov init --org "City of London Police"
ov settings set committee "$committee"
ov settings set cutoff 2023-03-01
ov settings set baseline 2023-04-01
ov settings set report_of "Commissioner of Police"
ov settings set report_author "Head of Strategy & Planning"

echo "== importing the demonstration data"
ov import sources "$demo/sources.csv"
ov import actions "$demo/actions.csv"
ov import updates "$demo/updates.csv"
ov import programme "$demo/programme.csv"
ov import measures "$demo/measures.csv"
ov import observations "$demo/observations.csv"
ov import narratives "$demo/narratives.csv"

echo "== revising target dates"
# The CSV files carry each action's original target date; revisions are
# changes of their own, with a reason and who agreed them.
ov extend OVT22-A2 --due 2024-04-30 --date 2023-06-20 \
    --reason "The exception report depends on the next payroll system release." \
    --agreed-by "Chief Finance Officer"
ov extend SPC23-A2 --due 2024-06-30 --date 2023-12-08 \
    --reason "The rest of the store can only be audited after the move to the new store." \
    --agreed-by "Head of Custody"
ov extend 7/2023/P --due 2024-05-31 --date 2024-01-15 \
    --reason "Target date set for April/May, for implementation in the financial year 2024-2025." \
    --agreed-by "Strategic Planning and Performance Committee"

echo "== adding reporting points"
# The committee's quarterly meetings: each receives the quarter before it.
ov points add 2022-11-17 --label "Q2 2022/23"
ov points add 2023-02-16 --label "Q3 2022/23"
ov points add 2023-05-25 --label "Q4 2022/23"
ov points add 2023-09-14 --label "Q1 2023/24"
ov points add 2023-11-23 --label "Q2 2023/24"
ov points add 2024-02-22 --label "Q3 2023/24"
# Earlier reporting, before the committee was formed.
ov points add 2020-11-25 --label "HMICFRS annual update 2019/20" --committee "Police Authority Board"
ov points add 2020-11-20 --label "Q2 2020/21" --committee "Police Performance and Resource Management Committee"
ov points add 2021-05-21 --label "Q4 2020/21" --committee "Police Performance and Resource Management Committee"
ov points add 2021-11-19 --label "Q2 2021/22" --committee "Police Performance and Resource Management Committee"
ov points add 2022-05-20 --label "Q4 2021/22" --committee "Police Performance and Resource Management Committee"

echo
echo "== reporting points"
ov points list

echo
echo "== the register as of 2024-02-22"
ov list --as-of 2024-02-22

echo
echo "Demonstration register ready: $db. Try:"
echo "  $bin --db $db show PEEL22-AFI-8"
echo "  $bin --db $db list --overdue --as-of 2024-02-22"
echo "  $bin --db $db report committee --as-of 2024-02-22 --format html -o paper.html"
echo "  $bin --db $db report performance --as-of \"2023/24 Q3\" --format html -o performance.html"
echo "  $bin --db $db report audit --as-of 2024-02-22 (also: references, board)"
echo "  $bin --db $db report plan \"Neighbourhood Policing and Engagement Strategy Implementation Plan\" --as-of 2024-02-22"

[ -n "$serve" ] || exit 0
listen=${OVERSIGHT_LISTEN:-127.0.0.1:8080}
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=\n')
printf '%s\n' "$password" | ov user add admin --role admin >/dev/null
echo
echo "Sign in at http://$listen/ as admin with password $password"
exec "$bin" --db "$db" serve --listen "$listen"
