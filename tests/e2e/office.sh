#!/bin/sh
# office.sh -- the DOCX and XLSX papers open in LibreOffice: both are
# converted to PDF in one LibreOffice run and the text of their tables,
# headings and chart caption is found in the PDFs.
#
# The papers are written by the unit test binary test_doc_office (built
# beside $OVERSIGHT) into OVERSIGHT_OFFICE_OUT. Without LibreOffice or
# pdftotext this prints "skipped" and passes, unless OVERSIGHT_REQUIRE_OFFICE=1
# (CI, where `scripts/deps.sh check` installs them): then it fails.
set -eu
: "${OVERSIGHT:?}"

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
finish() {
    echo "$pass passed, $fail failed"
    if [ "$fail" -eq 0 ]; then exit 0; fi
    exit 1
}

soffice=$(command -v soffice || command -v libreoffice || true)
if [ -z "$soffice" ] || ! command -v pdftotext >/dev/null 2>&1; then
    if [ "${OVERSIGHT_REQUIRE_OFFICE:-0}" = 1 ]; then
        bad "LibreOffice (soffice) and pdftotext are needed: scripts/deps.sh check installs" \
            "libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation"
        finish
    fi
    echo "skipped: LibreOffice (soffice) or pdftotext is not installed"
    finish
fi

writer=$(dirname "$OVERSIGHT")/test_doc_office
[ -x "$writer" ] || { bad "$writer not built"; finish; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/out" "$tmp/pdf"
if OVERSIGHT_OFFICE_OUT=$tmp/out "$writer" >"$tmp/writer.log" 2>&1; then ok; else
    cat "$tmp/writer.log"
    bad "test_doc_office could not write the papers"
    finish
fi

# One run for both files; its own profile, so it needs no home directory and
# never meets a LibreOffice the user has open.
if timeout 300 "$soffice" "-env:UserInstallation=file://$tmp/lo" --headless --norestore \
    --convert-to pdf --outdir "$tmp/pdf" "$tmp/out/paper.docx" "$tmp/out/workbook.xlsx" \
    >"$tmp/soffice.log" 2>&1; then ok; else
    cat "$tmp/soffice.log"
    bad "LibreOffice failed to convert the papers"
fi

for pdf in paper workbook; do
    # Words in reading order on one line: a cell's text may wrap in the PDF.
    if [ -s "$tmp/pdf/$pdf.pdf" ] && pdftotext "$tmp/pdf/$pdf.pdf" - | tr -s ' \n\t\f' '    ' \
        >"$tmp/$pdf.txt"; then ok; else
        cat "$tmp/soffice.log"
        bad "no PDF of $pdf"
        : >"$tmp/$pdf.txt"
    fi
done

# Text a reader must see, in each format.
expect() {
    if grep -qF -- "$2" "$tmp/$1.txt"; then ok; else bad "$1.pdf lacks: $2"; fi
}
for t in "HMICFRS inspections update: Q3 2023/24" "Report author" "Strategy & Planning <Team>" \
    "Reports and their actions" "An inspection of vetting" "3 AMBER" "1 NEW RED" "1 NEW GREEN" \
    "No actions for the force" "New reports" "Previous reports" "Total outstanding" \
    'Fish & chips <b>bold</b> "quoted"' "Summary of actions"; do
    expect paper "$t"
    expect workbook "$t"
done
# Word only: the headings, numbered paragraphs, the chart's caption.
for t in "Main Report" "Background" "1. This report provides Members" \
    "Bar chart: open actions fell from 12 at Q2 to 7 at Q3 2023/24."; do
    expect paper "$t"
done
# The appendix runs over a page in both: its header row is printed again.
for pdf in paper workbook; do
    n=$(grep -o "Target date" "$tmp/$pdf.txt" | wc -l)
    if [ "$n" -ge 2 ]; then ok; else bad "$pdf.pdf: the header \"Target date\" is printed $n time(s)"; fi
    expect $pdf "PEEL22-AFI-40"
done
expect paper "Page 1 of"
# The wide appendix is on landscape pages, the rest portrait.
sizes=$(pdfinfo -f 1 -l 100 "$tmp/pdf/paper.pdf" 2>/dev/null | grep "^Page .* size:" || true)
if echo "$sizes" | grep -q "841.89 x 595"; then ok; else bad "paper.pdf has no landscape page"; fi
if echo "$sizes" | head -1 | grep -q "595.* x 841.89"; then ok; else bad "paper.pdf does not start portrait"; fi

finish
