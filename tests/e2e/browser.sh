#!/bin/sh
# browser.sh -- the web application in a real browser: Debian's Chromium
# driven by npm's playwright-core (tests/browser/). On the demonstration
# register with an administrator, an action owner, a board member and a
# viewer, it walks through signing in, the actions list and its filters, an
# update, a proposed closure, sign-off (and its refusal to the person who
# proposed it), the CSV and XLSX downloads and an import with a bad row;
# then it checks every page with axe-core against WCAG 2.2 AA and saves a
# screenshot of each.
#
# Screenshots go to $SCREENSHOT_DIR when set; otherwise to a temporary
# directory, kept (and named) only when something failed. Without Chromium
# or the npm packages this prints "skipped" and passes, unless
# OVERSIGHT_REQUIRE_OFFICE=1 (CI): then it fails.
set -u
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
chromium=/usr/bin/chromium

missing=
lack() { missing="${missing:+$missing; }$1"; }
[ -x "$chromium" ] || lack "Chromium at $chromium (scripts/deps.sh check installs the Debian package chromium)"
command -v node >/dev/null 2>&1 || lack "Node.js (node)"
for m in playwright-core axe-core; do
    [ -f "$OVERSIGHT_SRC/node_modules/$m/package.json" ] ||
        lack "the npm package $m (run 'npm ci' in $OVERSIGHT_SRC)"
done
if [ -n "$missing" ]; then
    if [ "${OVERSIGHT_REQUIRE_OFFICE:-0}" = 1 ]; then
        echo "FAIL: the browser tests need $missing"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "skipped: the browser tests need $missing"
    echo "0 passed, 0 failed"
    exit 0
fi

tmp=$(mktemp -d)
pid=
shots=${SCREENSHOT_DIR:-}
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
die() {
    echo "FAIL: $*"
    echo "0 passed, 1 failed"
    exit 1
}
[ -n "$shots" ] || shots=$tmp/shots
mkdir -p "$shots" || die "cannot make $shots"
rm -f "$shots"/[0-9][0-9]-*.png # this run's, not an earlier one's

# The demonstration register, and one user of each kind the walk-through needs.
db=$tmp/demo.db
OVERSIGHT_BIN=$OVERSIGHT OVERSIGHT_DB=$db sh "$OVERSIGHT_SRC/scripts/run-demo.sh" >"$tmp/demo.log" 2>&1 ||
    { cat "$tmp/demo.log"; die "scripts/run-demo.sh"; }
ov() { "$OVERSIGHT" --db "$db" "$@"; }
adduser() { # adduser NAME PASSWORD ARGS...
    name=$1 password=$2
    shift 2
    printf '%s\n' "$password" | ov user add "$name" "$@" >/dev/null || die "user add $name"
}
export ADMIN_PASSWORD='admin password 1' OWNER_PASSWORD='owner password 1'
export BOARD_PASSWORD='board password 1' VIEWER_PASSWORD='viewer password 1'
adduser admin "$ADMIN_PASSWORD" --role admin
adduser owen "$OWNER_PASSWORD" --role owner --owner-name "Head of Professional Standards" \
    --directorate "Professionalism and Trust"
adduser bea "$BOARD_PASSWORD" --role board
adduser vic "$VIEWER_PASSWORD" --role viewer

"$OVERSIGHT" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
base=
i=0
while [ $i -lt 100 ]; do
    base=$(sed -n 's|^oversight: serving .* at \(http://127\.0\.0\.1:[0-9]*\)/ .*|\1|p' "$tmp/serve.out" 2>/dev/null)
    [ -n "$base" ] && curl -s -o /dev/null "$base/health" && break
    i=$((i + 1))
    sleep 0.1
done
[ -n "$base" ] || { cat "$tmp/serve.err"; die "the server did not start"; }

# Each script prints "N passed, M failed" last; the totals are summed.
pass=0
fail=0
for script in walkthrough accessibility; do
    mkdir "$tmp/$script"
    TMPDIR=$tmp/$script BASE_URL=$base OVERSIGHT_DB=$db SCREENSHOT_DIR=$shots WORK_DIR=$tmp/$script \
        node "$OVERSIGHT_SRC/tests/browser/$script.mjs" >"$tmp/$script.out" 2>&1
    rc=$?
    cat "$tmp/$script.out"
    line=$(tail -n 1 "$tmp/$script.out")
    p=$(printf '%s\n' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        echo "FAIL: tests/browser/$script.mjs ended without its count (exit status $rc)"
        p=0 f=1
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL: tests/browser/$script.mjs exited with status $rc"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
done

# The server stops cleanly, and (in the sanitizer build) found nothing.
kill "$pid"
wait "$pid"
rc=$?
pid=
if [ "$rc" -ne 0 ]; then
    echo "FAIL: the server exited with status $rc on SIGTERM"
    fail=$((fail + 1))
elif grep -q 'Sanitizer\|runtime error:' "$tmp/serve.err"; then
    echo "FAIL: the sanitizers found a problem in the server:"
    grep -A 20 -m 1 'Sanitizer\|runtime error:' "$tmp/serve.err"
    fail=$((fail + 1))
else
    pass=$((pass + 1))
fi

if [ "$fail" -ne 0 ]; then
    echo "server log (last lines):"
    tail -n 20 "$tmp/serve.err"
    if [ -z "${SCREENSHOT_DIR:-}" ]; then
        kept=$(mktemp -d)
        cp -r "$shots/." "$kept/" && echo "screenshots kept in $kept"
    fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
