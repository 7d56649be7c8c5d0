#!/bin/sh
# paper.sh -- the committee paper of the demonstration register in every
# format: the same paper asked twice, and asked as recorded a moment after it
# was first written, gives the same bytes; the HTML is well formed; the DOCX
# and XLSX open in LibreOffice (both converted in one run) and show the tables.
set -eu
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export OVERSIGHT_DB=$tmp/demo.db OVERSIGHT_NOW=2024-03-01T09:00:00Z
OVERSIGHT_BIN=$OVERSIGHT sh "$OVERSIGHT_SRC/scripts/run-demo.sh" >demo.log 2>&1 || { cat demo.log; exit 1; }
p() { "$OVERSIGHT" report committee --as-of 2024-02-22 "$@"; }

for f in json md html csv xlsx docx; do
    p --format "$f" -o "one.$f"
    OVERSIGHT_NOW=2030-06-30T12:00:00Z p --format "$f" -o "two.$f"
    p --format "$f" --as-recorded-at 2024-03-01T09:00:01Z -o "three.$f"
    if cmp -s "one.$f" "two.$f" && cmp -s "one.$f" "three.$f"; then ok; else bad "$f: bytes differ"; fi
done

# The demonstration register's figures at 22 February 2024, pinned.
if grep -qF '"totals":{"current":{"red":3,"amber":19,"white":9,"green":6,"closed":2,' one.json &&
    grep -qF '"flow":{"from":"2023-04-01","open_at_start":36,"opened":17,"reopened":0,"closed":16,"open_now":37' one.json; then
    ok
else
    bad "the demonstration paper's totals changed"
fi

# A change recorded later changes the paper now, not as recorded before it.
OVERSIGHT_NOW=2024-03-02T09:00:00Z "$OVERSIGHT" update CCP20-R6 --status red --date 2024-02-20 \
    --note "recorded late" >/dev/null
p --format json -o late.json
p --format json --as-recorded-at 2024-03-01T09:00:01Z -o early.json
if cmp -s early.json one.json && ! cmp -s late.json one.json; then ok; else bad "as recorded at"; fi

if command -v xmllint >/dev/null 2>&1; then
    if xmllint --noout one.html 2>xmllint.log; then ok; else cat xmllint.log; bad "HTML not well formed"; fi
elif [ "${OVERSIGHT_REQUIRE_OFFICE:-0}" = 1 ]; then
    bad "xmllint (libxml2-utils) is needed"
fi

soffice=$(command -v soffice || true)
if [ -n "$soffice" ] && command -v pdftotext >/dev/null 2>&1; then
    # Both files in one LibreOffice run; they share a base name, so copy them apart first.
    cp one.docx paper.docx && cp one.xlsx workbook.xlsx && mkdir pdf
    if timeout 300 "$soffice" "-env:UserInstallation=file://$tmp/lo" --headless --norestore \
        --convert-to pdf --outdir pdf paper.docx workbook.xlsx >soffice.log 2>&1; then ok; else
        cat soffice.log; bad "LibreOffice could not convert the paper"
    fi
    for kind in docx xlsx; do
        pdftotext "pdf/$([ $kind = docx ] && echo paper || echo workbook).pdf" - 2>/dev/null | tr -s ' \n\t\f' '    ' >"$kind.txt" || : >"$kind.txt"
        for t in "Crime Data Integrity Review" "Previous reports" "Total outstanding" \
            "NEW GREEN" "PEEL 2021/22" "Open on 1 April 2023"; do
            if grep -qF -- "$t" "$kind.txt"; then ok; else bad "$kind PDF lacks: $t"; fi
        done
    done
    for t in "Quarterly HMICFRS Inspections Update" "Members are asked to note the report" \
        "Outstanding actions by directorate"; do
        if grep -qF -- "$t" docx.txt; then ok; else bad "docx PDF lacks: $t"; fi
    done
elif [ "${OVERSIGHT_REQUIRE_OFFICE:-0}" = 1 ]; then
    bad "LibreOffice and pdftotext are needed"
else
    echo "skipped the LibreOffice checks: not installed"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
