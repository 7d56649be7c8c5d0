#!/bin/sh
# demo.sh -- the demonstration register `make run` builds imports cleanly, and
# its figures are the ones demo/README.md describes: the import counts, and
# the audit, references, delivery plan and board papers of 22 February 2024.
set -eu
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OVERSIGHT_BIN=$OVERSIGHT OVERSIGHT_DB=$tmp/demo.db sh "$OVERSIGHT_SRC/scripts/run-demo.sh" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out"; echo "FAIL: run-demo.sh"; exit 1; }
for t in "imported 30 sources" "imported 166 actions" "imported 342 updates" \
    "imported 4 programme items"; do
    if grep -qF "$t" "$tmp/out"; then ok; else bad "run-demo.sh did not print: $t"; fi
done
n=$("$OVERSIGHT" --db "$tmp/demo.db" list --as-of 2024-02-22 --status outstanding --format csv | tail -n +2 | wc -l)
echo "outstanding at 2024-02-22: $n"
if [ "$n" -gt 0 ]; then ok; else bad "nothing outstanding at 2024-02-22"; fi

# has FILE TEXT...: every TEXT occurs in FILE; lacks FILE TEXT...: none does.
has() {
    f=$1; shift
    for t in "$@"; do
        if grep -qF -- "$t" "$tmp/$f"; then ok; else bad "$f lacks: $t"; fi
    done
}
lacks() {
    f=$1; shift
    for t in "$@"; do
        if grep -qF -- "$t" "$tmp/$f"; then bad "$f has: $t"; else ok; fi
    done
}
r() { "$OVERSIGHT" --db "$tmp/demo.db" report "$@" --format json; }
plan="Neighbourhood Policing and Engagement Strategy Implementation Plan"
r audit --as-of 2024-02-22 >"$tmp/audit.json"
r references --as-of 2024-02-22 >"$tmp/refs.json"
r references --as-of 2023-11-23 >"$tmp/refs-nov.json"
r references --as-of 2024-05-23 >"$tmp/refs-may.json"
r plan "$plan" --as-of 2024-02-22 >"$tmp/plan.json"
r board --as-of 2024-02-22 >"$tmp/board.json"

# Audit: 9 high-risk actions from six audits, and 6 medium-risk from the four
# of limited assurance. Past their deadline: BCP21-A1, OVT22-A1, SPC23-A1,
# VC23-A1, AFC23-A1. Due by 30 September 2024: OVT22-A2 and SPC23-A2 (both
# extended), SPC23-A3, SPC23-A5, AFC23-A2, AFC23-A3, ITA23-A1. Later:
# AFC23-A4, ITA23-A2, and AFC23-A5 ("TBC").
has audit.json '"monitored":15,"by_risk":{"high":9,"medium":6,"low":0}' \
    '"past_deadline":5,"due_next_three_quarters":7,"due_later":3,"no_due_date":1,"horizon":"2024-09-30"' \
    '{"name":"Local Policing","past_deadline":1,"due_next_three_quarters":3,"due_later":0}'
# Medium risk from a reasonable audit, low risk, and closed actions are not monitored.
lacks audit.json '"ref":"VC23-A2"' '"ref":"OVT22-A4"' '"ref":"OVT22-A3"' '"ref":"SPC23-A4"'

# References: the February paper lists 7/2023/P, 8/2023/P and 10/2023/P as the
# paper does; 6/2023/P and 9/2023/P were done before November and have dropped off.
if [ "$(grep -o '"ref":"[^"]*"' "$tmp/refs.json" | tr '\n' ' ')" = \
    '"ref":"7/2023/P" "ref":"8/2023/P" "ref":"10/2023/P" ' ]; then ok; else
    bad "references at 2024-02-22: $(grep -o '"ref":"[^"]*"' "$tmp/refs.json" | tr '\n' ' ')"
fi
has refs.json '"previous_meeting":"2023-11-23"' \
    '"status_words":"In Progress","note":"target date set for April/May."' \
    '"status_words":"Complete","note":"This is on the agenda."' \
    '"status_words":"Complete","note":"Hate crime data is included under Measure 6.2'
has refs-nov.json '"ref":"6/2023/P"' '"ref":"9/2023/P"'
if [ "$(grep -o '"ref":"[^"]*"' "$tmp/refs-may.json" | tr '\n' ' ')" = '"ref":"7/2023/P" ' ]; then ok; else
    bad "references at 2024-05-23: $(grep -o '"ref":"[^"]*"' "$tmp/refs-may.json" | tr '\n' ' ')"
fi

# The plan: 55 deliverables (0.1-0.4, 1.1-1.15, 2.1-2.10, 3.1-3.11, 4.1-4.15),
# 38 GREEN and 17 AMBER, under the summary position and four objectives.
has plan.json '"deliverables":55,"by_status":{"white":0,"amber":17,"red":0,"green":38,"closed":0}' \
    '{"objective":"OBJECTIVE FOUR: PROMOTE A CULTURE OF TRUST AND CONFIDENCE"'
if [ "$(grep -c '^{"objective":' "$tmp/plan.json")" -eq 5 ]; then ok; else bad "the plan has not 5 objectives"; fi

# Board: the revised target dates of the actions it oversees, from the extend
# commands of run-demo.sh (7/2023/P's revision belongs to the committee's log).
has board.json '{"ref":"OVT22-A2","original":"2023-06-30","current":"2024-04-30","from":"2023-06-20"' \
    '{"ref":"SPC23-A2","original":"2023-12-31","current":"2024-06-30","from":"2023-12-08"'
if [ "$(grep -o '{"ref":"[^"]*","original":' "$tmp/board.json" | wc -l)" -eq 2 ]; then ok; else
    bad "board: not 2 revised target dates"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
