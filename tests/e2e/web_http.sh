#!/bin/sh
# web_http.sh -- the web application over HTTP, as a browser or a script
# meets it: oversight serve on 127.0.0.1, users made with oversight user
# add, requests with curl. Every route in the routing table (serve --routes)
# refuses visitors who have not signed in, except /login, /health and the
# assets; a viewer cannot post to any route but /login and /logout; a form
# post without its CSRF token is refused and changes nothing; security
# headers on every response; limits on bodies and headers; evidence files
# kept and given back only as downloads; sign-in and sign-out; an API token.
set -u
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected [$2], got [$3]"; fi
}
# POST routes a viewer may use; a new one belongs here only if viewers are
# meant to change something through it.
VIEWER_MAY_POST="/login /logout"

db=$tmp/web.db
ov() { "$OVERSIGHT" --db "$db" "$@"; }
ov init --org "City of London <Police>" >/dev/null || { echo "FAIL: init"; exit 1; }
printf 'admin password 1\n' | ov user add admin --role admin >/dev/null || bad "user add admin"
printf 'viewer password 1\n' | ov user add vera --role viewer >/dev/null || bad "user add vera"

"$OVERSIGHT" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
base=
i=0
while [ $i -lt 100 ]; do
    base=$(sed -n 's|^oversight: serving .* at \(http://127\.0\.0\.1:[0-9]*\)/ .*|\1|p' "$tmp/serve.out")
    [ -n "$base" ] && curl -s -o /dev/null "$base/health" && break
    i=$((i + 1))
    sleep 0.1
done
[ -n "$base" ] || { cat "$tmp/serve.err"; echo "FAIL: the server did not start"; echo "0 passed, 1 failed"; exit 1; }

# curl with the response headers in $tmp/h and the body in $tmp/b; prints the status.
req() {
    curl -s -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' "$@"
}
hdr() { # the value of a response header in $tmp/h
    grep -i "^$1:" "$tmp/h" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
security_headers() { # security_headers WHAT
    check "$1: CSP" "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" "$(hdr Content-Security-Policy)"
    check "$1: nosniff" "nosniff" "$(hdr X-Content-Type-Options)"
    check "$1: X-Frame-Options" "DENY" "$(hdr X-Frame-Options)"
    check "$1: Referrer-Policy" "same-origin" "$(hdr Referrer-Policy)"
}

# /health, without signing in
check "/health" 200 "$(req "$base/health")"
check "/health body" "ok" "$(cat "$tmp/b")"
security_headers "/health"

# every route of the table refuses visitors, except the open ones
"$OVERSIGHT" serve --routes >"$tmp/routes" || bad "serve --routes"
[ -s "$tmp/routes" ] || bad "serve --routes printed nothing"
while read -r method pattern who; do
    path=$(printf '%s' "$pattern" | sed 's|:[a-z_]*|x|g; s|\*[a-z_]*|x|g')
    case "$method" in GET) m="" ;; *) m="-X $method" ;; esac
    # shellcheck disable=SC2086
    status=$(req $m "$base$path")
    case "$who" in
    anon)
        case "$pattern" in
        /login | /health | /assets/*) ok ;;
        *) bad "$method $pattern is open to visitors" ;;
        esac
        ;;
    api)
        check "$method $pattern without signing in" 401 "$status"
        security_headers "$method $pattern (401)"
        ;;
    *)
        check "$method $pattern without signing in" 303 "$status"
        check "$method $pattern redirects to" "/login" "$(hdr Location | sed 's/?.*//')"
        security_headers "$method $pattern (303)"
        ;;
    esac
done <"$tmp/routes"

# 404 and 405 are pages with the headers too
check "404" 404 "$(req "$base/no/such/page")"
security_headers "404"
grep -q "Page not found" "$tmp/b" || bad "404 page text"
check "405" 405 "$(req -X DELETE "$base/login")"
check "405 Allow" "GET, HEAD, POST" "$(hdr Allow)"

# the sign-in page: its CSRF cookie, the organisation's name escaped
check "GET /login" 200 "$(req -c "$tmp/anon" "$base/login")"
security_headers "/login"
grep -q 'City of London &lt;Police&gt;' "$tmp/b" || bad "the organisation's name is not escaped"
csrf0=$(awk '$6 == "oversight_csrf" { print $7 }' "$tmp/anon")
[ ${#csrf0} -eq 43 ] || bad "no CSRF cookie with the sign-in form"
grep -q "name=\"csrf\" value=\"$csrf0\"" "$tmp/b" || bad "the form does not carry the CSRF token"

# the assets: long-cached, with the headers
asset=$(grep -o '/assets/[0-9a-f]*/app.css' "$tmp/b" | head -n 1)
check "app.css" 200 "$(req "$base$asset")"
check "app.css type" "text/css; charset=utf-8" "$(hdr Content-Type)"
check "app.css cache" "public, max-age=31536000, immutable" "$(hdr Cache-Control)"
security_headers "app.css"
grep -q "GDS Transport" "$tmp/b" && bad "app.css names GDS Transport"
grep -q "arial" "$tmp/b" || bad "app.css does not use Arial"
check "asset of another version" 404 "$(req "$base/assets/000000000000/app.css")"

# sign-in without the CSRF field: refused, no session
check "POST /login without csrf" 403 "$(req -b "$tmp/anon" -c "$tmp/jar0" --data-urlencode username=admin --data-urlencode 'password=admin password 1' "$base/login")"
security_headers "403"
grep -q oversight_session "$tmp/jar0" && bad "a session was made without the CSRF token"

# a wrong password: the form again, with the error
check "wrong password" 200 "$(req -b "$tmp/anon" --data-urlencode "csrf=$csrf0" --data-urlencode username=admin --data-urlencode 'password=not the password' "$base/login")"
grep -q "The username or password is not right" "$tmp/b" || bad "wrong password message"

# signing in sets an HttpOnly, SameSite=Lax session cookie
check "sign in" 303 "$(req -b "$tmp/anon" -c "$tmp/admin" --data-urlencode "csrf=$csrf0" --data-urlencode username=admin --data-urlencode 'password=admin password 1' "$base/login")"
cookie=$(grep -i '^set-cookie: oversight_session=' "$tmp/h" | tr -d '\r')
case "$cookie" in *"; HttpOnly"*) ok ;; *) bad "session cookie not HttpOnly: $cookie" ;; esac
case "$cookie" in *"; SameSite=Lax"*) ok ;; *) bad "session cookie not SameSite=Lax: $cookie" ;; esac
case "$cookie" in *Secure*) bad "Secure cookie without the web_https setting" ;; *) ok ;; esac
check "dashboard" 200 "$(req -b "$tmp/admin" "$base/")"
grep -q "You are signed in as <strong>admin</strong>" "$tmp/b" || bad "dashboard does not say who is signed in"
csrf=$(grep -o 'name="csrf" value="[^"]*"' "$tmp/b" | head -n 1 | sed 's/.*value="//; s/"$//')
[ ${#csrf} -eq 43 ] || bad "no CSRF token in the signed-in page"

# a form post without its token: 403, and the session goes on
check "POST /logout without csrf" 403 "$(req -b "$tmp/admin" -X POST "$base/logout")"
check "still signed in" 200 "$(req -b "$tmp/admin" "$base/")"
check "POST /logout with a wrong csrf" 403 "$(req -b "$tmp/admin" --data "csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "$base/logout")"
check "still signed in" 200 "$(req -b "$tmp/admin" "$base/")"

# a viewer cannot change anything
check "viewer GET /login" 200 "$(req -c "$tmp/vanon" "$base/login")"
vc0=$(awk '$6 == "oversight_csrf" { print $7 }' "$tmp/vanon")
check "viewer signs in" 303 "$(req -b "$tmp/vanon" -c "$tmp/viewer" --data-urlencode "csrf=$vc0" --data-urlencode username=vera --data-urlencode 'password=viewer password 1' "$base/login")"
req -b "$tmp/viewer" "$base/" >/dev/null
vcsrf=$(grep -o 'name="csrf" value="[^"]*"' "$tmp/b" | head -n 1 | sed 's/.*value="//; s/"$//')
grep -q 'href="/users"' "$tmp/b" && bad "a viewer sees the Users page in the navigation"
while read -r method pattern who; do
    [ "$method" = GET ] && continue
    case " $VIEWER_MAY_POST " in *" $pattern "*) continue ;; esac
    path=$(printf '%s' "$pattern" | sed 's|:[a-z_]*|x|g; s|\*[a-z_]*|x|g')
    check "viewer $method $pattern" 403 "$(req -b "$tmp/viewer" -X "$method" --data "csrf=$vcsrf" "$base$path")"
done <"$tmp/routes"

# the JSON API with a token
token=$(ov token add admin --label e2e 2>/dev/null)
check "GET /api/me with a token" 200 "$(req -H "Authorization: Bearer $token" "$base/api/me")"
check "/api/me body" '{"name":"admin","role":"admin","owner_name":null,"directorate":null,"email":null,"clearance":null}' "$(cat "$tmp/b")"
check "GET /api/me with a bad token" 401 "$(req -H "Authorization: Bearer ovt_nope" "$base/api/me")"

# limits: 413 for a body over 1 MB, 431 for headers over 16 KB
head -c 1100000 /dev/zero | tr '\0' a >"$tmp/big"
check "oversized body" 413 "$(req -b "$tmp/admin" -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/big" "$base/logout")"
security_headers "413"
check "oversized chunked body" 413 "$(req -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$tmp/big" "$base/login")"
big=$(head -c 20000 /dev/zero | tr '\0' b)
check "oversized headers" 431 "$(req -H "X-Big: $big" "$base/health")"
security_headers "431"
check "still signed in after the refusals" 200 "$(req -b "$tmp/admin" "$base/")"

# evidence: a PDF kept in the register and given back only as a download;
# HTML named .pdf refused; an upload over 20 MB refused before it is read
printf 'title,published\nPEEL 2023,2023-05-01\n' >"$tmp/sources.csv"
printf 'ref,source,text,owner\n7/2023/P,PEEL 2023,Improve,PA Director\n' >"$tmp/actions.csv"
{ ov import sources "$tmp/sources.csv" && ov import actions "$tmp/actions.csv"; } >/dev/null || bad "import an action"
printf '%%PDF-1.4\n%%%%EOF\n' >"$tmp/ev.pdf"
check "upload a PDF" 303 "$(req -b "$tmp/admin" -F "csrf=$csrf" -F form=green -F 'green-note=Published' -F "green-file=@$tmp/ev.pdf;filename=report.pdf" "$base/actions/7%2F2023%2FP/updates")"
check "its page" 200 "$(req -b "$tmp/admin" "$base/actions/7%2F2023%2FP")"
ev=$(grep -o '/actions/7%2F2023%2FP/evidence/[0-9]*' "$tmp/b" | head -n 1)
check "download the PDF" 200 "$(req -b "$tmp/admin" "$base$ev")"
check "the PDF's type" "application/pdf" "$(hdr Content-Type)"
check "the PDF as an attachment" "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf" "$(hdr Content-Disposition)"
security_headers "evidence download"
cmp -s "$tmp/ev.pdf" "$tmp/b" || bad "the PDF comes back changed"
printf '<html><script>alert(1)</script></html>' >"$tmp/evil.pdf"
check "HTML called .pdf" 400 "$(req -b "$tmp/admin" -F "csrf=$csrf" -F form=update -F update-status=amber -F "update-file=@$tmp/evil.pdf" "$base/actions/7%2F2023%2FP/updates")"
grep -q "The selected file is not a PDF" "$tmp/b" || bad "HTML called .pdf: the message"
head -c 21000000 /dev/zero >"$tmp/huge.pdf"
check "an upload over 20 MB" 413 "$(req -b "$tmp/admin" -F "csrf=$csrf" -F form=update -F update-status=amber -F "update-file=@$tmp/huge.pdf" "$base/actions/7%2F2023%2FP/updates")"
rm -f "$tmp/huge.pdf"

# signing out ends the session: the old cookie no longer works
check "sign out" 303 "$(req -b "$tmp/admin" --data "csrf=$csrf" "$base/logout")"
check "sign out goes to" "/login" "$(hdr Location)"
check "the old session cookie after signing out" 303 "$(req -b "$tmp/admin" "$base/")"

# failed sign-ins are limited: the fifth wrong password, then 429
check "GET /login" 200 "$(req -c "$tmp/lim" "$base/login")"
lc=$(awk '$6 == "oversight_csrf" { print $7 }' "$tmp/lim")
n=0
while [ $n -lt 5 ]; do # (signing in since cleared the earlier failure)
    req -b "$tmp/lim" --data-urlencode "csrf=$lc" --data-urlencode username=admin --data-urlencode 'password=wrong' "$base/login" >/dev/null
    n=$((n + 1))
done
check "too many failures" 429 "$(req -b "$tmp/lim" --data-urlencode "csrf=$lc" --data-urlencode username=admin --data-urlencode 'password=admin password 1' "$base/login")"
check "Retry-After" 900 "$(hdr Retry-After)"
grep -q "too many failed attempts" "$tmp/b" || bad "429 message"

# SIGTERM stops the server cleanly
kill "$pid"
wait "$pid"
check "exit status on SIGTERM" 0 "$?"
pid=
grep -q "^oversight: stopping" "$tmp/serve.err" || bad "no stopping message"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
