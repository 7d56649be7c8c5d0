#!/bin/sh
# run.sh -- runs the benchmarks and rewrites BENCHMARKS.md (`make bench`).
#
# Usage: bench/run.sh [NAME...]
#   no NAME   every benchmark in BENCHMARKS below; the report replaces
#             BENCHMARKS.md at the top of the tree
#   NAME...   only those; the report goes to build/bench-data/BENCHMARKS.partial.md
#             so that BENCHMARKS.md only ever holds a complete run
#
# Environment:
#   OVERSIGHT      the binary (default build/oversight)
#   OVERSIGHT_GEN  the register generator (default build/bench/oversight-gen)
#   BENCH_SIZE     the generated register (default all); any other size is a
#                  dry run and also writes only the partial report
#   BENCH_RUNS     timed runs per measurement, best taken (default 3)
#
# Scratch space is build/bench-data/ (not committed). Each run regenerates
# the data it needs there (the generator is deterministic) and rewrites the
# report, so running it twice gives the same report but for the figures.
#
# Adding a benchmark -- the hooks:
#   1. write bench_NAME under "The benchmarks". It runs in a subshell with
#      set -e, in the directory $data. It prints its section of the report on
#      stdout:   section "Title" ; table_head ; row ... (one per figure) ;
#      then any notes as plain Markdown. Each figure with a target goes
#      through judge VALUE OP LIMIT, which prints pass or fail and records a
#      fail. The function returns 0 when it has measured everything; any
#      failure (a command under set -e, or a non-zero return) is reported as
#      an error with the end of its log, build/bench-data/NAME.log.
#   2. add NAME to BENCHMARKS (and remove it from PLANNED).
# Planned, with their sections reserved in the summary table: none now.
# The bench_* functions are called by name ("bench_$name"):
# shellcheck disable=SC2317
set -eu

BENCHMARKS="import killtest paper extract spc web load"
PLANNED=""

root=$(cd "$(dirname "$0")/.." && pwd)
ov=${OVERSIGHT:-$root/build/oversight}
gen=${OVERSIGHT_GEN:-$root/build/bench/oversight-gen}
size=${BENCH_SIZE:-all}
runs=${BENCH_RUNS:-3}
data=$root/build/bench-data
timebin=/usr/bin/time

die() {
    echo "bench: $*" >&2
    exit 1
}

[ -x "$ov" ] || die "no oversight binary at $ov (make bench builds it)"
[ -x "$gen" ] || die "no generator at $gen (make bench builds it)"
[ -x "$timebin" ] || die "needs GNU time at $timebin (scripts/deps.sh bench installs it)"
command -v sqlite3 >/dev/null || die "needs the sqlite3 shell (scripts/deps.sh bench installs it)"

if [ $# -gt 0 ]; then
    for name in "$@"; do
        case " $BENCHMARKS " in *" $name "*) ;; *) die "no benchmark '$name' (have: $BENCHMARKS)" ;; esac
    done
    selected=$*
else
    selected=$BENCHMARKS
fi
if [ $# -eq 0 ] && [ "$size" = all ]; then
    report=$root/BENCHMARKS.md
else
    report=$data/BENCHMARKS.partial.md
fi

mkdir -p "$data"
cd "$data"

# Changes are recorded under a fixed name; the clock is left alone (an import
# is timed as a user would run it).
OVERSIGHT_USER=bench
export OVERSIGHT_USER
unset OVERSIGHT_DB 2>/dev/null || :

# ---- helpers ------------------------------------------------------------

# timed OUT CMD...: runs CMD with stdout discarded; OUT gets "seconds KiB".
# On failure the command's stderr is shown and the benchmark errors.
timed() {
    out=$1
    shift
    if ! "$timebin" -f '%e %M' -o "$out" "$@" >/dev/null 2>"$out.err"; then
        echo "bench: failed: $*" >&2
        head -20 "$out.err" >&2
        return 1
    fi
}

# best FILE...: the smallest first field (seconds).
best() {
    awk 'NR == 1 || $1 < m { m = $1 } END { printf "%.2f", m }' "$@"
}

# peak FILE...: the largest second field (KiB), in MB (10^6 bytes).
peak_mb() {
    awk '$2 > m { m = $2 } END { printf "%.1f", m * 1024 / 1e6 }' "$@"
}

# ratio A B: A / B to two places.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
}

# judge VALUE OP LIMIT: prints pass or fail; a fail marks the benchmark failed.
judge() {
    if awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
        ok = op == "<=" ? v <= l : op == "<" ? v < l : op == ">=" ? v >= l : op == ">" ? v > l : v == l
        exit !ok }'; then
        echo pass
    else
        echo "**fail**"
        echo 1 >"$data/.failed"
    fi
}

# thousands N: 1000000 -> 1,000,000
thousands() {
    awk -v n="$1" 'BEGIN {
        s = n ""; out = ""
        while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
        print s out }'
}

section() {
    printf '\n## %s\n\n' "$1"
}

table_head() {
    echo "| figure | value | baseline | ratio | target | result |"
    echo "|---|---|---|---|---|---|"
}

# row FIGURE VALUE BASELINE RATIO TARGET RESULT
row() {
    echo "| $1 | $2 | $3 | $4 | $5 | $6 |"
}

# count_records CSV: data records in a CSV file (quoted fields may span lines).
count_records() {
    awk 'NR > 1 && !open { n++ } { if (gsub(/"/, "\"") % 2) open = !open } END { print n + 0 }' "$1"
}

# The generated register of the given size, in $data/SIZE (made once per run).
dataset() {
    if [ ! -f "$data/$1/.made-$$" ]; then
        rm -rf "${data:?}/$1"
        "$gen" "$1" "$data/$1" >&2
        : >"$data/$1/.made-$$"
    fi
    echo "$data/$1"
}

# The register of the given size made whole, for the benchmarks that read
# one: init, the committee's settings (below), sources, actions, updates and
# every point of points.txt. Its path is printed. It is kept in
# $data/register-SIZE/ and reused, by later benchmarks of the run and by
# later runs, while it was built from the same generated files and the same
# binary; the key file saying so is written last, so a register left half
# built by an interrupted run is never reused.
BENCH_COMMITTEE="Joint Audit Committee"
BENCH_CUTOFF=2023-03-01
BENCH_BASELINE=2024-03-31
register() {
    reg_src=$(dataset "$1")
    reg_dir=$data/register-$1
    reg_db=$reg_dir/oversight.db
    reg_key="$(cat "$reg_src/sources.csv" "$reg_src/actions.csv" "$reg_src/updates.csv" \
        "$reg_src/points.txt" "$ov" | cksum) $BENCH_COMMITTEE $BENCH_CUTOFF $BENCH_BASELINE"
    if [ -f "$reg_db" ] && [ "$(cat "$reg_dir/key" 2>/dev/null)" = "$reg_key" ]; then
        echo "$reg_db"
        return 0
    fi
    rm -rf "$reg_dir"
    mkdir -p "$reg_dir"
    {
        "$ov" --db "$reg_db" init
        "$ov" --db "$reg_db" settings set committee "$BENCH_COMMITTEE"
        "$ov" --db "$reg_db" settings set cutoff "$BENCH_CUTOFF"
        "$ov" --db "$reg_db" settings set baseline "$BENCH_BASELINE"
        "$ov" --db "$reg_db" import sources "$reg_src/sources.csv"
        "$ov" --db "$reg_db" import actions "$reg_src/actions.csv"
        "$ov" --db "$reg_db" import updates "$reg_src/updates.csv"
        while read -r reg_point; do
            "$ov" --db "$reg_db" points add "$reg_point"
        done <"$reg_src/points.txt"
    } >/dev/null
    echo "$reg_key" >"$reg_dir/key"
    echo "$reg_db"
}

# ---- the benchmarks -----------------------------------------------------

# a. Importing 1,000,000 updates, against the sqlite3 shell's own .import.
bench_import() {
    d=$(dataset "$size")
    w=$data/import
    rm -rf "$w"
    mkdir -p "$w"
    nrows=$(count_records "$d/updates.csv")
    cat >"$w/baseline.sql" <<EOF
PRAGMA journal_mode=WAL;
CREATE TABLE updates(ref TEXT, date TEXT, status TEXT, note TEXT, by TEXT, reason TEXT);
CREATE INDEX updates_ref_date ON updates(ref, date);
EOF
    printf 'PRAGMA synchronous=NORMAL;\n.import --csv --skip 1 %s updates\n' "$d/updates.csv" \
        >"$w/import.sql"
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        # oversight: a fresh register with the sources and actions, then the
        # timed import of the updates
        db=$w/oversight.db
        rm -f "$db" "$db-wal" "$db-shm"
        "$ov" --db "$db" init >/dev/null
        timed "$w/sources.$i" "$ov" --db "$db" import sources "$d/sources.csv"
        timed "$w/actions.$i" "$ov" --db "$db" import actions "$d/actions.csv"
        timed "$w/updates.$i" "$ov" --db "$db" import updates "$d/updates.csv"
        # the baseline, in the same run: the sqlite3 shell's .import
        sq=$w/sqlite3.db
        rm -f "$sq" "$sq-wal" "$sq-shm"
        sqlite3 "$sq" <"$w/baseline.sql" >/dev/null
        timed "$w/sqlite3.$i" sqlite3 "$sq" <"$w/import.sql"
    done
    ov_rows=$("$ov" --db "$db" export updates -o "$w/export.csv" >/dev/null && count_records "$w/export.csv")
    sq_rows=$(sqlite3 "$sq" 'SELECT count(*) FROM updates')
    # the registers are 400 MB together; the timings are what is kept
    rm -f "$w/export.csv" "$db" "$db-wal" "$db-shm" "$sq" "$sq-wal" "$sq-shm"

    t_ov=$(best "$w"/updates.[0-9]*)
    t_sq=$(best "$w"/sqlite3.[0-9]*)
    r=$(ratio "$t_ov" "$t_sq")
    m_ov=$(peak_mb "$w"/updates.[0-9]*)
    m_sq=$(peak_mb "$w"/sqlite3.[0-9]*)

    section "Import of $(thousands "$nrows") updates"
    table_head
    row "\`oversight import updates\`, $(thousands "$nrows") rows, best of $runs" "$t_ov s" \
        "$t_sq s (sqlite3 \`.import\`)" "$r" "≤ 1.5" "$(judge "$r" "<=" 1.5)"
    row "peak memory of the oversight import (largest of $runs)" "$m_ov MB" \
        "$m_sq MB (sqlite3)" "-" "< 100 MB" "$(judge "$m_ov" "<" 100)"
    row "updates in the register afterwards (export)" "$(thousands "$ov_rows")" \
        "$(thousands "$sq_rows") (sqlite3 table)" "-" "$(thousands "$nrows")" \
        "$(judge "$ov_rows" "==" "$nrows")"
    row "for information: \`import sources\`, $(thousands "$(count_records "$d/sources.csv")") rows" \
        "$(best "$w"/sources.[0-9]*) s" "-" "-" "-" "-"
    row "for information: \`import actions\`, $(thousands "$(count_records "$d/actions.csv")") rows" \
        "$(best "$w"/actions.[0-9]*) s" "-" "-" "-" "-"
    cat <<EOF

What was compared, in the same run, alternating, best of $runs each (wall
clock of the whole process, \`/usr/bin/time -f '%e %M'\`):

- **oversight**: \`oversight --db R init\`, \`import sources\`, \`import actions\`
  (not part of the figure), then \`oversight --db R import updates updates.csv\`
  of the \`$size\` register from \`oversight-gen $size\`. It checks every row
  (ref, date, status, closure reason) before writing anything, and writes each
  update as a version with \`recorded_at\` and \`recorded_by\`, indexed on
  (action, date, seq).
- **baseline**: the sqlite3 shell ($(sqlite3 --version | cut -d' ' -f1)) importing the same file with
  \`.import --csv --skip 1 updates.csv updates\` into
  \`CREATE TABLE updates(ref TEXT, date TEXT, status TEXT, note TEXT, by TEXT, reason TEXT)\`
  with \`CREATE INDEX updates_ref_date ON updates(ref, date)\`, under the
  journal mode and synchronous setting oversight opens its register with
  (WAL, NORMAL); the shell imports the file in one transaction, as oversight does.
EOF
}

# b. The kill test, full version: 20 SIGKILLs spread over a 100,000-row import.
bench_killtest() {
    n=${BENCH_KILLS:-20}
    rows=${BENCH_KILL_ROWS:-100000}
    if [ "$size" = all ]; then
        KILLTEST_DATA=$(dataset all)
        export KILLTEST_DATA
    fi
    log=$data/killtest.log
    st=0
    OVERSIGHT=$ov OVERSIGHT_GEN=$gen KILLTEST_DIR=$data/killtest \
        sh "$root/bench/killtest.sh" "$n" "$rows" >"$log" 2>&1 || st=$?
    sum=$(grep '^killtest: [0-9]* kills' "$log" || :)
    if [ -z "$sum" ]; then
        echo "bench: the kill test did not finish (status $st):" >&2
        tail -20 "$log" >&2
        return 2
    fi
    # killtest: N kills, B before, A after (C completed before the signal), V in between, X failed ...; import of R rows takes T s
    # shellcheck disable=SC2046
    set -- $(echo "$sum" | sed 's/[^0-9. ]//g')
    kills=$1 before=$2 after=$3 completed=$4 between=$5 corrupt=$6 dur=${8%.}

    section "Kill test: SIGKILL during \`import updates\`"
    table_head
    row "kills spread over the import's duration" "$kills" "-" "-" "$n" "$(judge "$kills" "==" "$n")"
    row "register in between before and after" "$between" "-" "-" "0" "$(judge "$between" "==" 0)"
    row "\`PRAGMA integrity_check\` not ok" "$corrupt" "-" "-" "0" "$(judge "$corrupt" "==" 0)"
    row "kills that left it as before" "$before" "-" "-" "-" "-"
    row "kills that left it as after (of which the import had already exited)" \
        "$after ($completed)" "-" "-" "-" "-"
    row "duration of a complete import of $(thousands "$rows") rows" "$dur s" "-" "-" "-" "-"
    cat <<EOF

\`bench/killtest.sh $n $rows\`: a register with the sources and actions of
$( [ "$size" = all ] && echo "the \`all\` register" || echo "a generated one-force register") and the first $(thousands $((rows / 10))) updates; the
next $(thousands "$rows") are imported $n times, each killed with SIGKILL at a
random moment of its own slice of the import's duration (measured first on a
complete import). After each kill \`sqlite3 DB 'PRAGMA integrity_check'\`
must say ok, and the exports of sources, actions and updates must equal
byte for byte either those before the import or those after a complete one.
\`make check\` runs the short version (tests/e2e/killtest_short.sh: 3 kills,
20,000 rows).
EOF
}

# c. The committee paper at the last of the 40 points, in every format,
# against one SQL query computing the same counts.
bench_paper() {
    db=$(register "$size")
    pts=$(dataset "$size")/points.txt
    w=$data/paper
    rm -rf "$w"
    mkdir -p "$w"
    cd "$w"
    npts=$(wc -l <"$pts")
    d=$(sed -n "${npts}p" "$pts")
    p=$(sed -n "$((npts - 1))p" "$pts")
    p0=$(sed -n "$((npts - 2))p" "$pts")
    q() { if [ -n "$1" ]; then echo "\"'$1'\""; else echo NULL; fi; }
    cat >query.sql <<EOF
.parameter set :d $(q "$d")
.parameter set :p $(q "$p")
.parameter set :p0 $(q "$p0")
.output counts.csv
.read "$root/bench/paper_counts.sql"
EOF
    formats="md html csv xlsx docx"
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        timed "$w/json.$i" "$ov" --db "$db" report committee --as-of "$d" --format json \
            -o paper.json
        timed "$w/sql.$i" sqlite3 "$db" ".read query.sql"
        for f in $formats; do
            # a format that fails is recorded and the others still measured
            timed "$w/$f.$i" "$ov" --db "$db" report committee --as-of "$d" --format "$f" \
                -o "paper.$f" || cp "$w/$f.$i.err" "$w/$f.failed"
        done
    done

    # The SQL's counts against the paper's, entry by entry: each source in
    # the table, each scope and the totals, as one line of the 22 counts
    # (current, then previous); entries with nothing counted are left out on
    # both sides (the paper lists sources newly published with nothing to
    # count, and every scope).
    keys="red amber white green closed new_red new_amber new_white new_green new_closed outstanding"
    jline='' sline=''
    for side in current previous; do
        for k in $keys; do
            jline="$jline || ',' || json_extract(v, '\$.$side.$k')"
            sline="$sline || ',' || ${side%"${side#?}"}_$k"
        done
    done
    cat >compare.sql <<EOF
.mode csv
.import --csv counts.csv sq
CREATE TABLE doc AS SELECT readfile('paper.json') AS t;
CREATE TABLE j AS
    SELECT 'source' AS kind, json_extract(e.value, '\$.title') AS name,
           json_extract(e.value, '\$.scope') AS scope, e.value AS v
    FROM doc, json_each(doc.t, '\$.sources') e
    UNION ALL
    SELECT 'scope', e.key, e.key, e.value FROM doc, json_each(doc.t, '\$.by_scope') e
    UNION ALL
    SELECT 'total', 'total', '', json_extract(doc.t, '\$.totals') FROM doc;
CREATE TABLE jl AS SELECT kind, kind || '|' || name || '|' || scope $jline AS line FROM j
    WHERE json_extract(v, '\$.current.outstanding') + json_extract(v, '\$.current.green')
        + json_extract(v, '\$.current.closed') + json_extract(v, '\$.previous.outstanding')
        + json_extract(v, '\$.previous.green') + json_extract(v, '\$.previous.closed') > 0;
CREATE TABLE sl AS SELECT kind, kind || '|' || name || '|' || scope $sline AS line FROM sq
    WHERE c_outstanding + c_green + c_closed + p_outstanding + p_green + p_closed > 0;
.mode list
.separator ' '
SELECT (SELECT count(*) FROM jl), (SELECT count(*) FROM sl),
       (SELECT count(*) FROM (SELECT line FROM jl EXCEPT SELECT line FROM sl)),
       (SELECT count(*) FROM (SELECT line FROM sl EXCEPT SELECT line FROM jl)),
       (SELECT count(*) FROM jl, sl WHERE jl.kind = 'total' AND sl.kind = 'total'
            AND jl.line = sl.line),
       json_extract(t, '\$.totals.current.outstanding'),
       json_extract(t, '\$.totals.previous.outstanding'),
       json_extract(t, '\$.sources_managed'),
       (SELECT sum(c_red + c_amber + c_white + c_green + c_closed) FROM sq WHERE kind = 'total')
    FROM doc;
SELECT c_outstanding, p_outstanding FROM sq WHERE kind = 'total';
EOF
    # shellcheck disable=SC2046
    set -- $(sqlite3 :memory: ".read compare.sql")
    nj=$1 ns=$2 only_j=$3 only_s=$4 totals_eq=$5 j_cur=$6 j_prev=$7 managed=$8 listed=$9
    shift 9
    s_cur=$1 s_prev=$2

    t_json=$(best "$w"/json.[0-9]*)
    t_sql=$(best "$w"/sql.[0-9]*)
    r=$(ratio "$t_json" "$t_sql")
    section "The committee paper at the last of $npts points"
    table_head
    row "\`report committee --format json\`, best of $runs" "$t_json s" \
        "$t_sql s (sqlite3, one query)" "$r" "≤ 2" "$(judge "$r" "<=" 2)"
    row "totals, current and previous: the SQL's equal the JSON's" \
        "$( [ "$totals_eq" = 1 ] && echo equal || echo differ)" "-" "-" "equal" \
        "$(judge "$totals_eq" "==" 1)"
    row "entries (sources, scopes, totals) with counts: JSON's not in the SQL's" \
        "$only_j of $nj" "-" "-" "0" "$(judge "$only_j" "==" 0)"
    row "entries with counts: the SQL's not in the JSON's" \
        "$only_s of $ns" "-" "-" "0" "$(judge "$only_s" "==" 0)"
    row "for information: outstanding now / at the previous point" \
        "$(thousands "$j_cur") / $(thousands "$j_prev")" \
        "$(thousands "$s_cur") / $(thousands "$s_prev") (SQL)" "-" "-" "-"
    row "for information: actions listed now, sources in the table" \
        "$(thousands "$listed"), $(thousands "$managed")" "-" "-" "-" "-"
    row "peak memory of the JSON paper (largest of $runs)" "$(peak_mb "$w"/json.[0-9]*) MB" \
        "$(peak_mb "$w"/sql.[0-9]*) MB (sqlite3)" "-" "-" "-"
    for f in $formats; do
        if [ -f "$w/$f.failed" ]; then
            row "\`--format $f\`" "failed: $(tail -1 "$w/$f.failed")" "-" "-" \
                "a paper" "$(judge 1 "==" 0)"
        else
            row "\`--format $f\` ($(awk -v n="$(wc -c <"paper.$f")" \
                'BEGIN { printf "%.1f", n / 1e6 }') MB), best of $runs; peak memory" \
                "$(best "$w"/"$f".[0-9]*) s; $(peak_mb "$w"/"$f".[0-9]*) MB" "-" "-" "-" "-"
        fi
    done
    # the paper files are large; the timings and the counts are what is kept
    rm -f paper.*
    cat <<EOF

What was compared, in the same run, alternating, best of $runs each (wall
clock of the whole process, \`/usr/bin/time -f '%e %M'\`), on one register:
\`oversight-gen $size\` imported whole (sources, actions, updates), with the
settings committee "$BENCH_COMMITTEE", cutoff $BENCH_CUTOFF and baseline
$BENCH_BASELINE and the $npts points of points.txt; the paper is as of the
last point, $d (previous point $p, the point before it ${p0:-none}).

- **oversight**: \`oversight --db R report committee --as-of $d --format json
  -o paper.json\`: every action's timeline read in one pass over the
  updates, the table, summary, flows, splits and directorates computed and
  reconciled, every listed action written with its latest note.
- **baseline**: \`sqlite3 R '.read query.sql'\`, which sets :d, :p and :p0
  and runs bench/paper_counts.sql: one query that reads the updates once
  (each action's status at D, P and P0 as the largest date-and-seq key among
  its non-void updates dated on or before each), then the listed and NEW
  counts by status for every source, every scope and in total, written as CSV.
- **checked**: the SQL's counts against the JSON's \`sources\`, \`by_scope\`
  and \`totals\`, all 22 counts of each; a difference is a failure.

Every other format is timed the same way in the same loop (peak memory is
the largest of the $runs runs); a format that cannot write the paper is a
failure, with its message.
EOF
}

# d. `extract` on a 200-page PDF report made with groff, against pdftotext
# on the same file.
bench_extract() {
    w=$data/extract
    rm -rf "$w"
    mkdir -p "$w"
    cd "$w"
    pages=200
    awk -v pages=$pages -f "$root/bench/report.awk" >report.ms
    groff -ms -Tpdf report.ms >report.pdf
    np=$(pdfinfo report.pdf | sed -n 's/^Pages: *//p')
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        # no register: the time is the reading and the finding
        timed "$w/extract.$i" "$ov" --db "$w/none.db" extract report.pdf -o items.json
        timed "$w/pdftotext.$i" pdftotext report.pdf report.txt
    done
    recs=$(grep -c '"kind":"recommendation"' items.json || :)
    afis=$(grep -c '"kind":"afi"' items.json || :)
    running=$(grep -c 'OFFICIAL\|HMICFRS 2024\|Page [0-9]' items.json || :)
    t_ov=$(best "$w"/extract.[0-9]*)
    t_pt=$(best "$w"/pdftotext.[0-9]*)
    r=$(ratio "$t_ov" "$t_pt")

    section "Extract from a $np-page PDF report"
    table_head
    row "\`oversight extract report.pdf\`, best of $runs" "$t_ov s" "$t_pt s (pdftotext)" "$r" \
        "≤ 1.5" "$(judge "$r" "<=" 1.5)"
    row "peak memory of the extract (largest of $runs)" "$(peak_mb "$w"/extract.[0-9]*) MB" \
        "$(peak_mb "$w"/pdftotext.[0-9]*) MB (pdftotext)" "-" "-" "-"
    row "recommendations found (one a page)" "$recs" "-" "-" "$pages" "$(judge "$recs" "==" "$pages")"
    row "areas for improvement found (one every other page)" "$afis" "-" "-" "$((pages / 2))" \
        "$(judge "$afis" "==" "$((pages / 2))")"
    row "items holding a running header, footer or page number" "$running" "-" "-" "0" \
        "$(judge "$running" "==" 0)"
    cat <<EOF

\`bench/report.awk\` writes a report of $pages pages for \`groff -ms -Tpdf\`
($(groff -v 2>/dev/null | head -1)): on every page a heading, four paragraphs of
ninety words (hyphenated where groff breaks them), a labelled recommendation,
and on every other page a labelled area for improvement, under a running
header and a footer with the page number. Both programs read the same
$(wc -c <report.pdf | tr -d ' ')-byte PDF, alternating, best of $runs (wall clock of
the whole process, \`/usr/bin/time -f '%e %M'\`); oversight writes its JSON
(no register, so no de-duplication), pdftotext
($(pdftotext -v 2>&1 | head -1)) its text.
EOF
}

# e. `spc` on 10,000 series of 60 points in one CSV file, against awk
# computing the series' means from the same file, in the same run.
bench_spc() {
    w=$data/spc
    rm -rf "$w"
    mkdir -p "$w"
    cd "$w"
    nseries=${BENCH_SPC_SERIES:-10000}
    npoints=60
    # Deterministic: a Park-Miller generator, exact in any awk's doubles.
    # Every series has its own level; every seventh steps up after point
    # 40, so that the rules find shifts and limits are broken.
    awk -v ns="$nseries" -v np="$npoints" 'BEGIN {
        print "series,period,value"
        x = 20240222
        for (s = 1; s <= ns; s++) {
            level = 50 + (s % 97) * 5
            for (i = 0; i < np; i++) {
                x = (x * 16807) % 2147483647
                v = level + int(x / 2147483647 * 40) + (s % 7 == 0 && i >= 40 ? 30 : 0)
                printf "S%05d,%04d-%02d,%d\n", s, 2019 + int(i / 12), i % 12 + 1, v
            }
        }
    }' >series.csv
    means='NR > 1 { s[$1] += $3; n[$1]++ } END { for (k in s) printf "%s,%.17g\n", k, s[k] / n[k] }'
    i=0
    while [ "$i" -lt "$runs" ]; do
        i=$((i + 1))
        timed "$w/csv.$i" "$ov" spc series.csv --format csv
        timed "$w/awk.$i" awk -F, "$means" series.csv
        timed "$w/json.$i" "$ov" spc series.csv --format json
    done
    # The figures themselves: each series' mean, oversight's against awk's.
    "$ov" spc series.csv --format csv >out.csv 2>/dev/null
    "$ov" spc series.csv --format json >out.json 2>/dev/null
    awk -F, "$means" series.csv | sort >awk-means.csv
    awk -F, 'NR > 1 && !($1 in m) { m[$1] = $5; printf "%s,%s\n", $1, $5 }' out.csv |
        sort >ov-means.csv
    charted=$(wc -l <ov-means.csv | tr -d ' ')
    differ=$(join -t, awk-means.csv ov-means.csv | awk -F, '{ d = $2 - $3; if (d < 0) d = -d
        if (d > 1e-9 * ($2 < 0 ? -$2 : $2)) n++ } END { print n + 0 }')
    flagged=$(awk -F, 'NR > 1 && $10 != "" { n++ } END { print n + 0 }' out.csv)
    rows=$(($(wc -l <series.csv) - 1))

    t_csv=$(best "$w"/csv.[0-9]*)
    t_awk=$(best "$w"/awk.[0-9]*)
    t_json=$(best "$w"/json.[0-9]*)
    r=$(ratio "$t_csv" "$t_awk")
    section "SPC of $(thousands "$nseries") series of $npoints points"
    table_head
    row "\`oversight spc series.csv --format csv\`, best of $runs" "$t_csv s" \
        "$t_awk s (awk, the series' means)" "$r" "≤ 3" "$(judge "$r" "<=" 3)"
    row "\`--format json\`, best of $runs" "$t_json s" "$t_awk s (awk)" \
        "$(ratio "$t_json" "$t_awk")" "-" "-"
    row "series charted" "$(thousands "$charted")" "$(thousands "$nseries") (in the file)" "-" \
        "$(thousands "$nseries")" "$(judge "$charted" "==" "$nseries")"
    row "series whose mean differs from awk's (relative 1e-9)" "$differ" "-" "-" "0" \
        "$(judge "$differ" "==" 0)"
    row "for information: points flagged by a rule, of $(thousands "$rows")" \
        "$(thousands "$flagged")" "-" "-" "-" "-"
    row "peak memory, csv; json (largest of $runs)" \
        "$(peak_mb "$w"/csv.[0-9]*) MB; $(peak_mb "$w"/json.[0-9]*) MB" \
        "$(peak_mb "$w"/awk.[0-9]*) MB (awk)" "-" "-" "-"
    row "for information: output, csv; json" \
        "$(awk -v n="$(wc -c <out.csv)" 'BEGIN { printf "%.1f", n / 1e6 }') MB; $(awk \
        -v n="$(wc -c <out.json)" 'BEGIN { printf "%.1f", n / 1e6 }') MB" "-" "-" "-" "-"
    # the outputs are large; the timings and the checks are what is kept
    rm -f out.csv out.json
    cat <<EOF

One file of $(thousands "$rows") rows (series,period,value), written by a
deterministic generator in the benchmark: $(thousands "$nseries") series of $npoints monthly
values, each at its own level, every seventh stepping up after its 40th
point. Both programs read the same $(wc -c <series.csv | tr -d ' ')-byte file, alternating,
best of $runs (wall clock of the whole process, \`/usr/bin/time -f '%e %M'\`,
standard output discarded):

- **oversight**: \`oversight spc series.csv --format csv\`: every value
  checked, each series charted as an XmR chart (mean, moving ranges, limits,
  2σ lines, the four rules, each point's variation), one row per point with
  all of them; then the same with \`--format json\`.
- **baseline**: $(awk -W version 2>/dev/null | head -1 | cut -d' ' -f1-2) summing
  each series and writing its mean, \`awk -F, '$means'\`.
- **checked**: each series' mean in oversight's CSV against awk's.
EOF
}

# f. The web application under wrk: the actions list and the dashboard of
# the demonstration register and the actions list of the `all` register,
# each against nginx serving the same bytes as a static file, in the same
# run; and oversight-load, a minute of mixed reads and updates through the
# JSON API with the check that no update was lost.
web_seconds=${BENCH_WEB_SECONDS:-20}

# serve_start DB: oversight serve on a free port of 127.0.0.1; sets
# serve_pid and serve_url.
serve_start() {
    "$ov" --db "$1" serve --listen 127.0.0.1:0 >"$w/serve.out" 2>/dev/null &
    serve_pid=$!
    serve_url=
    i=0
    while [ $i -lt 100 ] && [ -z "$serve_url" ]; do
        sleep 0.1
        serve_url=$(sed -n 's|^oversight: serving .* at \(http://127\.0\.0\.1:[0-9]*\)/ .*|\1|p' \
            "$w/serve.out")
        i=$((i + 1))
    done
    [ -n "$serve_url" ] || { echo "bench: oversight serve did not start" >&2; return 1; }
}

serve_stop() {
    kill "$serve_pid" 2>/dev/null || :
    wait "$serve_pid" 2>/dev/null || :
}

# nginx_start DIR: Debian's nginx serving DIR on a free port of 127.0.0.1,
# with a configuration of its own (Debian's defaults for what matters:
# sendfile, tcp_nopush, keep-alive); sets nginx_url.
nginx_start() {
    port=18480
    while [ $port -lt 18580 ]; do
        mkdir -p "$w/nginx/tmp"
        cat >"$w/nginx/nginx.conf" <<NGX
worker_processes auto;
daemon on;
pid $w/nginx/nginx.pid;
error_log $w/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { text/html html; }
    default_type text/html;
    client_body_temp_path $w/nginx/tmp;
    proxy_temp_path $w/nginx/tmp;
    fastcgi_temp_path $w/nginx/tmp;
    uwsgi_temp_path $w/nginx/tmp;
    scgi_temp_path $w/nginx/tmp;
    server {
        listen 127.0.0.1:$port;
        root $1;
    }
}
NGX
        if nginx -c "$w/nginx/nginx.conf" -p "$w/nginx" -e "$w/nginx/error.log" 2>/dev/null; then
            nginx_url=http://127.0.0.1:$port
            return 0
        fi
        port=$((port + 1))
    done
    echo "bench: nginx did not start" >&2
    return 1
}

nginx_stop() {
    [ -f "$w/nginx/nginx.pid" ] && kill "$(cat "$w/nginx/nginx.pid")" 2>/dev/null || :
    rm -f "$w/nginx/nginx.pid"
}

# sign_in URL NAME PASSWORD: prints the Cookie header's value of a session.
sign_in() {
    rm -f "$w/jar"
    csrf=$(curl -s -c "$w/jar" "$1/login" |
        sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$w/jar" -c "$w/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
        --data-urlencode "username=$2" --data-urlencode "password=$3" "$1/login"
    echo "oversight_session=$(awk '$6 == "oversight_session" { print $7 }' "$w/jar")"
}

# wrk_run OUT URL [COOKIE [SCRIPT]]: wrk, 2 threads, 64 keep-alive
# connections; OUT gets "requests/s p99-ms non-2xx".
wrk_run() {
    out=$1
    shift
    if [ $# -gt 2 ]; then
        wrk -t2 -c64 -d"${web_seconds}s" --latency -H "Cookie: $2" -s "$3" "$1" >"$out.raw"
    elif [ $# -gt 1 ]; then
        wrk -t2 -c64 -d"${web_seconds}s" --latency -H "Cookie: $2" "$1" >"$out.raw"
    else
        wrk -t2 -c64 -d"${web_seconds}s" --latency "$1" >"$out.raw"
    fi
    awk '
        /Requests\/sec:/ { rps = $2 }
        $1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                      p99 = u == "us" ? v / 1000 : u == "s" ? v * 1000 : u == "m" ? v * 60000 : v }
        /Non-2xx/ { bad = $NF }
        END { printf "%.0f %.2f %d\n", rps, p99, bad }' "$out.raw" >"$out"
}

# web_page NAME URL COOKIE LABEL TARGETS: fetches the page (it must be 200),
# puts the same bytes in nginx's root, measures both, and prints the rows;
# then the page rendered afresh for every request (a query parameter the
# page ignores, different each time, so that no kept page is given).
web_page() {
    name=$1 url=$2 cookie=$3 what=$4 targets=$5
    code=$(curl -s -o "$w/root/$name.html" -w '%{http_code}' -H "Cookie: $cookie" "$url")
    [ "$code" = 200 ] || { echo "bench: $url answered $code" >&2; return 1; }
    bytes=$(wc -c <"$w/root/$name.html" | tr -d ' ')
    wrk_run "$w/$name.ov" "$url" "$cookie"
    wrk_run "$w/$name.ngx" "$nginx_url/$name.html"
    read -r o_rps o_p99 o_bad <"$w/$name.ov"
    read -r n_rps n_p99 n_bad <"$w/$name.ngx"
    [ "$o_bad" = 0 ] || { echo "bench: $url: $o_bad answers not 2xx" >&2; return 1; }
    [ "$n_bad" = 0 ] || { echo "bench: nginx: $n_bad answers not 2xx" >&2; return 1; }
    wrk_run "$w/$name.fresh" "$url" "$cookie" "$w/fresh.lua"
    read -r f_rps f_p99 f_bad <"$w/$name.fresh"
    [ "$f_bad" = 0 ] || { echo "bench: $url rendered afresh: $f_bad answers not 2xx" >&2; return 1; }
    r=$(ratio "$o_rps" "$n_rps")
    label="\`GET ${url#"$serve_url"}\`, $what ($(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1000 }') kB)"
    if [ "$targets" = yes ]; then
        row "$label: requests/s" "$(thousands "$o_rps")" "$(thousands "$n_rps") (nginx)" "$r" \
            "≥ 0.25" "$(judge "$r" ">=" 0.25)"
        row "$label: p99 latency" "$o_p99 ms" "$n_p99 ms (nginx)" "-" "< 20 ms" \
            "$(judge "$o_p99" "<" 20)"
    else
        row "$label: requests/s" "$(thousands "$o_rps")" "$(thousands "$n_rps") (nginx)" "$r" \
            "-" "-"
        row "$label: p99 latency" "$o_p99 ms" "$n_p99 ms (nginx)" "-" "-" "-"
    fi
    row "for information: the same rendered afresh every time: requests/s; p99" \
        "$(thousands "$f_rps"); $f_p99 ms" "-" "$(ratio "$f_rps" "$n_rps")" "-" "-"
}

bench_web() {
    w=$data/web
    rm -rf "$w"
    mkdir -p "$w/root"
    command -v wrk >/dev/null || die "needs wrk (scripts/deps.sh bench installs it)"
    command -v nginx >/dev/null || die "needs nginx (scripts/deps.sh bench installs it)"
    trap 'serve_stop; nginx_stop' EXIT
    # The demonstration register, and a copy of the all register, each with
    # a user to sign in as.
    OVERSIGHT_BIN=$ov OVERSIGHT_DB=$w/demo.db sh "$root/scripts/run-demo.sh" >/dev/null
    cp "$(register "$size")" "$w/all.db"
    for db in "$w/demo.db" "$w/all.db"; do
        printf 'bench password 1\n' | "$ov" --db "$db" user add bench --role admin >/dev/null
    done
    nactions=$(sqlite3 "$w/all.db" 'SELECT count(*) FROM actions')
    # Each thread its own numbers, so that no two requests ask for the same.
    cat >"$w/fresh.lua" <<'LUA'
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("tid", threads)
end
function init(args)
    n = tid * 1000000000
end
function request()
    n = n + 1
    return wrk.format(nil, wrk.path .. "?fresh=" .. n)
end
LUA
    nginx_start "$w/root"

    section "The web application under load"
    table_head
    serve_start "$w/demo.db"
    cookie=$(sign_in "$serve_url" bench 'bench password 1')
    web_page demo-actions "$serve_url/actions" "$cookie" "demonstration register" yes
    web_page demo-dashboard "$serve_url/" "$cookie" "demonstration register" no
    serve_stop
    serve_start "$w/all.db"
    cookie=$(sign_in "$serve_url" bench 'bench password 1')
    web_page all-actions "$serve_url/actions" "$cookie" \
        "\`oversight-gen $size\` register, $(thousands "$nactions") actions" yes
    serve_stop
    nginx_stop
    cat <<EOF2

Each page is fetched once (it must answer 200), its bytes are written to a
file that nginx ($(nginx -v 2>&1 | sed 's|.*nginx/||'), Debian's, with a configuration of its own:
\`worker_processes auto\`, sendfile, keep-alive) serves from 127.0.0.1, and
both are measured in the same run, one after the other, with
$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2): 2 threads, 64 keep-alive connections,
${web_seconds} s each, signed in with a session cookie
(\`wrk -H 'Cookie: oversight_session=...'\`). \`oversight serve\` runs on the
same machine with its request log to /dev/null; the all register is the one
the paper benchmark reads, with a user added. The targets are for the
actions list: at least a quarter of nginx's requests per second for the same
bytes, and a 99th percentile under 20 ms.

The list reads the register's kept state (store/state.h): each action's
status, target date, latest note and version now, and the counts by status,
kept current as changes arrive, so a page of 50 reads 50 rows and no
update. The list and the dashboard are kept once rendered (web/cache.h),
under a key naming the session, the query, today's date and the register's
change counter, so the first request after any change renders afresh and
the others are given the same bytes; the rows "rendered afresh" measure
every request rendered (\`wrk -s\`, a query parameter the page ignores,
different each time).
EOF2
}

bench_load() {
    w=$data/load
    rm -rf "$w"
    mkdir -p "$w"
    load=${OVERSIGHT_LOAD:-$root/build/bench/oversight-load}
    [ -x "$load" ] || die "no load generator at $load (make bench builds it)"
    OVERSIGHT_BIN=$ov OVERSIGHT_DB=$w/demo.db sh "$root/scripts/run-demo.sh" >/dev/null
    printf 'load password 1\n' | "$ov" --db "$w/demo.db" user add loader --role admin >/dev/null
    token=$("$ov" --db "$w/demo.db" token add loader 2>/dev/null)
    secs=${BENCH_LOAD_SECONDS:-60}
    st=0
    "$load" "$ov" "$w/demo.db" "$token" "$secs" 64 >"$w/load.out" || st=$?
    cat "$w/load.out" >&2
    fig() { sed -n "s/^$1 //p" "$w/load.out"; }
    section "Mixed reads and updates through the JSON API for $secs s"
    table_head
    row "requests, all kinds (requests/s)" "$(thousands "$(fig requests)") ($(thousands "$(fig requests_per_second)")/s)" \
        "-" "-" "-" "-"
    for k in list action update; do
        row "\`$k\` requests: p50 / p99 latency" \
            "$(thousands "$(fig ${k}_requests)"): $(fig ${k}_p50_ms) / $(fig ${k}_p99_ms) ms" \
            "-" "-" "-" "-"
    done
    row "errors (not 200 or 201, or a connection lost)" "$(fig errors)" "-" "-" "0" \
        "$(judge "$(fig errors)" "==" 0)"
    row "updates answered 201" "$(thousands "$(fig updates_201)")" "-" "-" "> 0" \
        "$(judge "$(fig updates_201)" ">" 0)"
    row "of them not in the register afterwards" "$(fig updates_missing)" "-" "-" "0" \
        "$(judge "$(fig updates_missing)" "==" 0)"
    row "updates of the run in the register not answered 201" "$(fig updates_unexpected)" "-" \
        "-" "0" "$(judge "$(fig updates_unexpected)" "==" 0)"
    row "oversight-load's own verdict (exit status)" "$st" "-" "-" "0" "$(judge "$st" "==" 0)"
    cat <<EOF2

\`oversight-load\` (bench/load.c) starts \`oversight serve\` on the
demonstration register, takes its outstanding actions from the API, and
keeps 64 keep-alive connections busy for $secs s with an administrator's API
token: one request in ten \`POST /api/actions/REF/updates\` (a status and a
note naming the request), the others, alternately, \`GET /api/actions\` (a
page of 50 at a random offset) and \`GET /api/actions/REF\`. Each update's id
from its 201 is kept; after the run the server is stopped, the register
dumped (\`oversight dump\`), and every id must be there as an update with its
note, and no other update with the run's notes. \`make check\` runs the same
for 10 s (tests/e2e/web_load.sh).
EOF2
}

# ---- the run ------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 * 1024 / 1e9 }' /proc/meminfo 2>/dev/null || :)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "none yet")
dirty=$(git -C "$root" status --porcelain 2>/dev/null | head -1)

summary=
sections=
status=0
for name in $selected; do
    echo "bench: $name ..." >&2
    rm -f "$data/.failed"
    st=0
    set +e
    (set -e; "bench_$name") >"$data/$name.md" 2>"$data/$name.log"
    st=$?
    set -e
    case $st in
    0)
        if [ -f "$data/.failed" ]; then result="**fail**" status=1; else result=pass; fi
        ;;
    *)
        result="**error**" status=1
        {
            section "$name"
            echo "The benchmark did not complete; the end of build/bench-data/$name.log:"
            echo
            echo '```'
            tail -15 "$data/$name.log"
            echo '```'
        } >>"$data/$name.md"
        ;;
    esac
    echo "bench: $name: $result" >&2
    summary="$summary| $name | $result |
"
    sections="$sections $data/$name.md"
done
rm -f "$data/.failed"
for name in $PLANNED; do
    summary="$summary| $name | planned |
"
done

{
    echo "# Benchmarks"
    echo
    echo "Written by \`make bench\` (bench/run.sh); do not edit by hand."
    echo
    echo "| machine | |"
    echo "|---|---|"
    echo "| date | $when |"
    echo "| CPU | ${cpu:-unknown} |"
    echo "| cores (nproc) | $(nproc 2>/dev/null || echo '?') |"
    echo "| memory | ${mem:-unknown} |"
    echo "| system | $(uname -sr) |"
    echo "| SQLite | $(sqlite3 --version | cut -d' ' -f1) |"
    echo "| oversight | commit $commit${dirty:+ with local changes} |"
    echo "| register | \`oversight-gen $size\` |"
    echo
    echo "| benchmark | result |"
    echo "|---|---|"
    printf '%s' "$summary"
    # shellcheck disable=SC2086
    cat $sections
} >"$report.tmp"
mv "$report.tmp" "$report"
echo "bench: wrote $report" >&2
exit "$status"
