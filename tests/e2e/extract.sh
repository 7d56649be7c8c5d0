#!/bin/sh
# extract.sh -- `oversight extract` on reports made here: a three-page PDF
# (groff) with running headers, footers and page numbers and words
# hyphenated across a line break and a page break; the same PDF encrypted
# (qpdf), damaged and truncated; a DOCX (LibreOffice, from HTML: headings, a
# numbered list and a table); the seed committee papers as text; the CSV
# imported and extracted again against the register.
#
# groff and qpdf come with `scripts/deps.sh check`. Without LibreOffice the
# DOCX part is skipped, unless OVERSIGHT_REQUIRE_OFFICE=1.
set -u
: "${OVERSIGHT:?}" "${OVERSIGHT_SRC:?}"
shared=${OVERSIGHT_SHARED:-$OVERSIGHT_SRC/../shared}

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}
# same NAME EXPECTED-FILE ACTUAL-FILE
same() {
    if cmp -s "$2" "$3"; then ok; else
        bad "$1"
        diff -u "$2" "$3" | head -40
    fi
}
# has NAME FILE TEXT: FILE holds TEXT (a fixed string)
has() {
    if grep -qF -- "$3" "$2"; then ok; else
        bad "$1: no \"$3\" in:"
        head -20 "$2"
    fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export OVERSIGHT_USER=tester OVERSIGHT_NOW=2024-03-01T09:00:00Z OVERSIGHT_TODAY=2024-03-01
unset OVERSIGHT_DB
ov() { "$OVERSIGHT" --db "$tmp/register.db" "$@"; }

for tool in groff qpdf; do
    command -v $tool >/dev/null 2>&1 || { bad "$tool is needed (scripts/deps.sh check installs it)"; finish; }
done

# ---- a PDF of three pages --------------------------------------------------
# The first area for improvement is broken as "inter-" at the foot of page 2
# and "nationally" at the top of page 3; "account-/ability" and
# "problem-/solving" are broken at line ends on page 3. Every page has a
# header (left, right), a footer and its number.
{
    cat <<'EOF'
.ds LH Anyshire Police inspection
.ds CH
.ds RH OFFICIAL
.ds LF HMICFRS 2024
.ds RF Page %
.TL
An inspection of Anyshire Police
.SH
Introduction
EOF
    i=0
    while [ $i -lt 6 ]; do
        i=$((i + 1))
        echo ".PP"
        echo "This inspection looked at how the force works with its partners and how it"
        echo "understands the demand it faces across its neighbourhoods and communities, and at"
        echo "the way its leaders use that understanding to plan their services for the year to"
        echo "come, paragraph $i of the introduction, with some further words to fill the page."
    done
    cat <<'EOF'
.bp
.SH
Findings
.PP
The force has improved its understanding of demand since our last inspection, and it
now plans its neighbourhood services with its partners.
.SH
Areas for improvement
.PP
Area for improvement 1: The force should improve the way it records and reviews inter-
.bp
nationally significant requests for information, so that supervisors understand their
account-
.br
ability for the outcomes.
.PP
Area for improvement 2: The force should make sure its officers receive training in problem-
.br
solving and safeguarding.
.SH
Recommendations
.IP 1.
By 31 March 2025, the force should make sure that its control room answers emergency calls
within ten seconds.
.IP 2.
Within three months, the College of Policing should update its guidance on stalking.
.SH
Conclusion
.PP
The force made 2 recommendations last year, and its problem-solving work goes on.
EOF
} >report.ms
if groff -ms -Tpdf report.ms >report.pdf 2>groff.log && [ -s report.pdf ]; then ok; else
    cat groff.log
    bad "groff could not make the PDF"
    finish
fi
# the PDF is as described: three pages, the break and the running lines there
if [ "$(pdfinfo report.pdf 2>/dev/null | sed -n 's/^Pages: *//p')" = 3 ] ||
    ! command -v pdfinfo >/dev/null; then ok; else bad "report.pdf should have 3 pages"; fi

ov extract report.pdf >out.json 2>err.txt
echo "exit $?" >>err.txt
cat >want.json <<'EOF'
[
  {"kind":"afi","number":"1","text":"The force should improve the way it records and reviews internationally significant requests for information, so that supervisors understand their accountability for the outcomes.","deadline":null,"due":null,"addressee":"the force","owner":null,"scope":null,"section":"Areas for improvement","page":2},
  {"kind":"afi","number":"2","text":"The force should make sure its officers receive training in problem-solving and safeguarding.","deadline":null,"due":null,"addressee":"the force","owner":null,"scope":null,"section":"Areas for improvement","page":3},
  {"kind":"recommendation","number":"1","text":"By 31 March 2025, the force should make sure that its control room answers emergency calls within ten seconds.","deadline":"By 31 March 2025","due":"2025-03-31","addressee":"the force","owner":null,"scope":null,"section":"Recommendations","page":3},
  {"kind":"recommendation","number":"2","text":"Within three months, the College of Policing should update its guidance on stalking.","deadline":"Within three months","due":null,"addressee":"the College of Policing","owner":null,"scope":null,"section":"Recommendations","page":3}
]
EOF
cat >want.err <<'EOF'
report.pdf: 4 items (2 recommendations, 2 areas for improvement, 0 causes of concern); no register at TMP/register.db, so no check for duplicates
exit 0
EOF
sed "s|TMP|$tmp|" want.err >want2.err
same "extract report.pdf (JSON)" want.json out.json
same "extract report.pdf (summary)" want2.err err.txt

# CSV for import, with the source and issued date given
ov extract report.pdf --format csv --source "Anyshire PEEL 2024" --issued 2024-02-01 -o drafted.csv 2>err.txt
cat >want.csv <<'EOF'
ref,source,text,kind,owner,directorate,theme,risk,scope,marking,issued,due
APEEL24-AFI-1,Anyshire PEEL 2024,"The force should improve the way it records and reviews internationally significant requests for information, so that supervisors understand their accountability for the outcomes.",afi,,,,,,public,2024-02-01,
APEEL24-AFI-2,Anyshire PEEL 2024,The force should make sure its officers receive training in problem-solving and safeguarding.,afi,,,,,,public,2024-02-01,
APEEL24-R-1,Anyshire PEEL 2024,"By 31 March 2025, the force should make sure that its control room answers emergency calls within ten seconds.",recommendation,,,,,,public,2024-02-01,2025-03-31
APEEL24-R-2,Anyshire PEEL 2024,"Within three months, the College of Policing should update its guidance on stalking.",recommendation,,,,,,public,2024-02-01,
EOF
same "extract --format csv" want.csv drafted.csv

# into a register, then again: every item is already there
ov init --org "Anyshire Police" >/dev/null 2>&1
if ov import actions drafted.csv --create-sources >imp.txt 2>&1; then ok; else bad "import of the drafted CSV"; cat imp.txt; fi
has "import of the drafted CSV" imp.txt "imported 4 actions"
ov extract report.pdf --format csv >again.csv 2>err.txt
printf 'ref,source,text,kind,owner,directorate,theme,risk,scope,marking,issued,due\n' >header.csv
same "extract against the register leaves out what it holds" header.csv again.csv
has "extract against the register" err.txt "4 already in the register (left out)"
ov extract report.pdf >again.json 2>/dev/null
if [ "$(grep -c '"duplicate_of":"APEEL24-' again.json)" = 4 ]; then ok; else
    bad "JSON should mark 4 items duplicate_of"
    cat again.json
fi
has "duplicate_of names the ref" again.json '"duplicate_of":"APEEL24-R-2"}'

# ---- PDFs that cannot be read ---------------------------------------------------
qpdf --encrypt secret owner 256 -- report.pdf locked.pdf
ov extract locked.pdf >out.txt 2>err.txt
echo "exit $?" >>err.txt
printf 'oversight extract: locked.pdf: the PDF is encrypted\nexit 1\n' >want.txt
same "an encrypted PDF" want.txt err.txt

# garbage, garbage behind a PDF header, and the PDF cut short: a clear error
# or what can be read, never a crash
awk 'BEGIN { srand(7); for (i = 0; i < 3000; i++) printf "%c", int(rand() * 256) }' >garbage.pdf
ov extract garbage.pdf >out.txt 2>err.txt
echo "exit $?" >>err.txt
printf 'oversight extract: garbage.pdf: not a readable PDF (no PDF header)\nexit 1\n' >want.txt
same "a garbage .pdf" want.txt err.txt
{ printf '%%PDF-1.7\n'; cat garbage.pdf; } >damaged.pdf
ov extract damaged.pdf >out.txt 2>err.txt
echo "exit $?" >>err.txt
printf 'oversight extract: damaged.pdf: not a readable PDF (PDF document is damaged)\nexit 1\n' >want.txt
same "a damaged PDF" want.txt err.txt
size=$(wc -c <report.pdf)
head -c $((size * 2 / 3)) report.pdf >cut.pdf
ov extract cut.pdf >out.txt 2>err.txt
st=$?
if [ $st -eq 0 ] || [ $st -eq 1 ]; then ok; else bad "a truncated PDF: exit $st"; cat err.txt; fi

# ---- text: the seed papers ---------------------------------------------------------
ov extract "$shared/seeds/002_3450b4de33f3822f.txt" --format csv --source "Seed 002" >seed.csv 2>err.txt
has "seed 002" err.txt "20 items (9 recommendations, 11 areas for improvement, 0 causes of concern)"
has "seed 002: a regional recommendation" seed.csv 'S002-R-1,Seed 002,"The Metropolitan Police Service (MPS), British Transport Police (BTP) and the City of London Police (CoLP) should create a single sensitive intelligence unit (SIU).",recommendation,,,,,regional,public,,'
has "seed 002: CDI appendix 2 row 6" seed.csv ',recommendation,"Strategy, Planning & Service Improvement - FCIR",,,,,public,,February 2024'
ov extract "$shared/seeds/001_833ab441338c044b.txt" >out.json 2>err.txt
printf '[]\n' >want.json
same "seed 001 counts recommendations only in prose: nothing drafted" want.json out.json

# ---- usage and missing files ------------------------------------------------------
ov extract report.pdf --format xml >/dev/null 2>err.txt
echo "exit $?" >>err.txt
printf 'oversight extract: --format: json or csv\nexit 2\n' >want.txt
same "--format xml" want.txt err.txt
ov extract nosuch.pdf >/dev/null 2>err.txt
echo "exit $?" >>err.txt
printf 'oversight extract: nosuch.pdf: cannot read: No such file or directory\nexit 1\n' >want.txt
same "a missing file" want.txt err.txt

# ---- DOCX --------------------------------------------------------------------------
soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ]; then
    if [ "${OVERSIGHT_REQUIRE_OFFICE:-0}" = 1 ]; then
        bad "LibreOffice (soffice) is needed for the DOCX report"
    else
        echo "skipped: the DOCX report (LibreOffice is not installed)"
    fi
    finish
fi
cat >vetting.html <<'EOF'
<html><head><meta charset="utf-8"><title>An inspection of vetting in Anyshire Police</title></head><body>
<h1>An inspection of vetting in Anyshire Police</h1>
<p>This report sets out what we found. We made three recommendations to the force.</p>
<h2>Recommendations</h2>
<ol>
<li>By 31 March 2025, the force should review the vetting status of all officers and staff.</li>
<li>Within six months, the force should make sure its vetting unit has enough staff.</li>
<li>The College of Policing should update the vetting code of practice.</li>
</ol>
<h2>Areas for improvement</h2>
<ul><li>The force should analyse its vetting data for disproportionality.</li></ul>
<h2>Appendix – Action plan</h2>
<table border="1"><tr><th>No.</th><th>Recommendation</th><th>Owner</th><th>Timescale</th></tr>
<tr><td>1.</td><td>Vetting unit to clear the backlog of renewals.</td><td>Head of Vetting</td><td>31 March 2025</td></tr>
</table>
<p>Members are asked to note the report.</p>
</body></html>
EOF
if timeout 300 "$soffice" "-env:UserInstallation=file://$tmp/lo" --headless --norestore \
    --convert-to 'docx:MS Word 2007 XML' vetting.html >soffice.log 2>&1 && [ -s vetting.docx ]; then ok; else
    cat soffice.log
    bad "LibreOffice could not make the DOCX"
    finish
fi
ov extract vetting.docx --format csv >out.csv 2>err.txt
cat >want.csv <<'EOF'
ref,source,text,kind,owner,directorate,theme,risk,scope,marking,issued,due
IVAP-R-1,An inspection of vetting in Anyshire Police,"By 31 March 2025, the force should review the vetting status of all officers and staff.",recommendation,,,,,,public,,2025-03-31
IVAP-R-2,An inspection of vetting in Anyshire Police,"Within six months, the force should make sure its vetting unit has enough staff.",recommendation,,,,,,public,,
IVAP-R-3,An inspection of vetting in Anyshire Police,The College of Policing should update the vetting code of practice.,recommendation,,,,,,public,,
IVAP-AFI-1,An inspection of vetting in Anyshire Police,The force should analyse its vetting data for disproportionality.,afi,,,,,,public,,
IVAP-R-4,An inspection of vetting in Anyshire Police,Vetting unit to clear the backlog of renewals.,recommendation,Head of Vetting,,,,,public,,2025-03-31
EOF
same "extract vetting.docx" want.csv out.csv
has "extract vetting.docx (summary)" err.txt "vetting.docx: 5 items (4 recommendations, 1 area for improvement, 0 causes of concern)"
finish
