#!/bin/sh
# remind.sh -- reminder digests end to end: each user gets one email with the
# actions that are theirs (owner name or directorate) and overdue or due
# within N days; the strategy team gets the owners no user answers to; the
# messages reach a real SMTP server (tests/tools/smtp_sink on 127.0.0.1).
set -eu
: "${OVERSIGHT:?}"
sink=$(dirname "$OVERSIGHT")/smtp_sink
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
has() { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks: $2"; fi; }
lacks() { if grep -qF -- "$2" "$1"; then bad "$1 has: $2"; else ok; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export OVERSIGHT_DB=$tmp/r.db OVERSIGHT_TODAY=2024-02-20 OVERSIGHT_NOW=2024-02-20T08:00:00Z
o() { "$OVERSIGHT" "$@"; }
o init --org "City of London Police" >/dev/null
cat >sources.csv <<'CSV'
title,scope,source_kind,published
PEEL 2022,force,inspection,2022-10-14
CSV
cat >actions.csv <<'CSV'
ref,source,text,owner,directorate,due
PP-1,PEEL 2022,Monitor registered sex offenders,Head of Public Protection,Specialist Operations,2024-01-31
PP-2,PEEL 2022,Grade child abuse images,Head of Public Protection,Specialist Operations,2024-03-01
PP-3,PEEL 2022,Due much later,Head of Public Protection,Specialist Operations,2024-12-31
PP-4,PEEL 2022,Already done,Head of Public Protection,Specialist Operations,2024-01-31
LP-1,PEEL 2022,Neighbourhood strategy,Chief Superintendent,Local Policing,2024-02-25
OR-1,PEEL 2022,"Owned by someone
Bcc: victim@example.org",Nobody Answers,Corporate Services,2024-02-01
CSV
cat >updates.csv <<'CSV'
ref,date,status,note
PP-4,2024-01-15,green,Delivered
PP-2,2024-01-15,amber,Under way
CSV
o import sources sources.csv >/dev/null
o import actions actions.csv >/dev/null
o import updates updates.csv >/dev/null
pw=correct-horse-battery
printf '%s\n' "$pw" | o user add alice --role owner --owner-name "head of public protection" --email alice@force.example >/dev/null
printf '%s\n' "$pw" | o user add bob --role owner --directorate "Local Policing" --email bob@force.example >/dev/null
printf '%s\n' "$pw" | o user add carol --role editor --email carol@force.example >/dev/null
printf '%s\n' "$pw" | o user add dave --role owner --owner-name "Nobody Answers" --email dave@force.example >/dev/null
o user disable dave >/dev/null

echo "-- a dry run prints and sends nothing"
o remind --days 14 --dry-run >dry.txt 2>dry.err
has dry.txt "---- to alice@force.example"
has dry.txt "PP-1  due 31 January 2024  WHITE  OVERDUE"
has dry.txt "PP-2  due 1 March 2024  AMBER"
lacks dry.txt "PP-3"
lacks dry.txt "PP-4"
has dry.txt "---- to bob@force.example"
has dry.txt "LP-1  due 25 February 2024  WHITE"
has dry.txt "---- to carol@force.example"
has dry.txt "  Nobody Answers"
has dry.err "would send 3 messages: 2 users with actions due; 1 owner no user answers to"

echo "-- without a mail server, a clear error"
if o remind >err.txt 2>&1; then bad "remind without smtp_host succeeded"; else ok; fi
has err.txt "no mail server: set smtp_host and smtp_from"

echo "-- sent through SMTP"
mkdir mail
"$sink" port mail 3 &
sinkpid=$!
i=0
while [ ! -s port ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
o settings set smtp_host 127.0.0.1 >/dev/null
o settings set smtp_port "$(cat port)" >/dev/null
o settings set smtp_from oversight@force.example >/dev/null
if o remind --days 14 >sent.txt 2>&1; then ok; else cat sent.txt; bad "remind failed"; fi
wait "$sinkpid" || bad "the SMTP sink did not get 3 messages"
has sent.txt "sent 3 messages"
cat mail/*.eml >all.eml 2>/dev/null || : >all.eml
has all.eml "RCPT TO:<alice@force.example>"
has all.eml "Subject: oversight: 2 actions due or overdue (1 overdue)"
has all.eml "RCPT TO:<bob@force.example>"
has all.eml "RCPT TO:<carol@force.example>"
has all.eml "Subject: oversight: 1 owner no user answers to"
lacks all.eml "RCPT TO:<dave@force.example>"
# An owner name or action text with a line break cannot add a header.
if grep -q '^Bcc:' all.eml; then bad "a header was injected"; else ok; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
