/* test_spc_vectors.c -- the SPC engine against the published reference
 * results in ../shared/spc-vectors (DESIGN.md section 6): every row of every
 * Making Data Count v2.5 file (mean, limits to a relative 1e-9, each point's
 * rules and variation), and the centre lines and limits NHSRplotthedots gives
 * for the series it was run on (screened and unscreened, baselines, rebases).
 * The files are read at run time from $OVERSIGHT_SHARED, which CTest sets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/spc.h"

#define MAX_ROWS 200
#define MAX_COLS 16

/* A small CSV file as the reference files are written: no commas inside
 * fields, quotes only around whole fields. */
struct table {
    size_t nrows, ncols;
    char *cell[MAX_ROWS][MAX_COLS]; /* row 0 is the header */
};

static const char *dir(void)
{
    static char path[4096];
    const char *shared = getenv("OVERSIGHT_SHARED");
    if (!shared || !*shared)
        fail_msg("OVERSIGHT_SHARED is not set: it must name the shared directory that holds "
                 "spc-vectors/ (CTest sets it to the source tree's ../shared)");
    snprintf(path, sizeof path, "%s/spc-vectors", shared);
    return path;
}

static void table_load(struct table *t, const char *name)
{
    char path[4200], line[1024];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir(), name);
    if (!(f = fopen(path, "r")))
        fail_msg("cannot open %s (is OVERSIGHT_SHARED right?)", path);
    memset(t, 0, sizeof *t);
    while (fgets(line, sizeof line, f)) {
        size_t nc = 0;
        char *p = line, *field;
        line[strcspn(line, "\r\n")] = '\0';
        if (!*line)
            continue;
        if (t->nrows >= MAX_ROWS)
            fail_msg("%s: more than %d rows", name, MAX_ROWS);
        while ((field = strsep(&p, ",")) != NULL) {
            size_t n = strlen(field);
            if (nc >= MAX_COLS)
                fail_msg("%s: more than %d columns", name, MAX_COLS);
            if (n >= 2 && field[0] == '"' && field[n - 1] == '"') {
                field[n - 1] = '\0';
                field++;
            }
            t->cell[t->nrows][nc++] = strdup(field);
        }
        if (t->nrows && nc != t->ncols)
            fail_msg("%s: row %zu has %zu fields, the header %zu", name, t->nrows + 1, nc, t->ncols);
        t->ncols = nc;
        t->nrows++;
    }
    fclose(f);
}

static void table_free(struct table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            free(t->cell[r][c]);
}

static size_t col(const struct table *t, const char *name, const char *file)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->cell[0][c], name) == 0)
            return c;
    fail_msg("%s: no column %s", file, name);
    return 0;
}

static double num(const char *s, const char *file, size_t row, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end)
        fail_msg("%s row %zu: %s \"%s\" is not a number", file, row, what, s);
    return v;
}

static void expect_close(double got, double want, const char *file, size_t i, const char *what)
{
    if (!(fabs(got - want) <= 1e-9 * fmax(fabs(want), 1e-300) || got == want))
        fail_msg("%s point %zu: %s is %.17g, expected %.17g", file, i, what, got, want);
}

static void rules_text(unsigned rules, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned r = SPC_BEYOND_LIMIT; r <= SPC_TWO_OF_THREE; r <<= 1)
        if (rules & r)
            used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? "+" : "",
                                     spc_rule_name(r));
    if (!used)
        snprintf(buf, n, "-");
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

/* The reference files in spc-vectors/ whose names start with prefix and end
 * with suffix, sorted; returns how many. */
static size_t list(const char *prefix, const char *suffix, char names[][256], size_t max)
{
    DIR *d = opendir(dir());
    struct dirent *ent;
    size_t n = 0;

    if (!d)
        fail_msg("cannot open the directory %s (is OVERSIGHT_SHARED right?)", dir());
    while ((ent = readdir(d)) != NULL)
        if (strncmp(ent->d_name, prefix, strlen(prefix)) == 0 && ends_with(ent->d_name, suffix) &&
            n < max)
            snprintf(names[n++], 256, "%s", ent->d_name);
    closedir(d);
    qsort(names, n, 256, (int (*)(const void *, const void *))strcmp);
    return n;
}

/* Making Data Count v2.5: mdc_SERIES[_baseline12|_rebase18]_v25.csv. The
 * four nhsi_sql series come from nhsi_sql_sample_input.csv with their
 * direction; the edge series from its own input, higher being better (its
 * points beyond the upper limit are improvement). */
static void test_mdc_v25(void **state)
{
    char names[32][256];
    size_t nfiles = list("mdc_", "_v25.csv", names, 32), checked = 0;
    struct table in, want;
    struct spc_chart c;

    spc_chart_init(&c);
    assert_true(nfiles >= 7);
    table_load(&in, "nhsi_sql_sample_input.csv");
    for (size_t f = 0; f < nfiles; f++) {
        const char *file = names[f];
        char series[256];
        double y[MAX_ROWS];
        size_t n = 0, rebase[1] = {18};
        struct spc_settings s;
        struct err e;

        spc_settings_default(&s);
        snprintf(series, sizeof series, "%s", file + 4);
        series[strlen(series) - strlen("_v25.csv")] = '\0';
        if (ends_with(series, "_baseline12")) {
            s.baseline = 12;
            series[strlen(series) - strlen("_baseline12")] = '\0';
        } else if (ends_with(series, "_rebase18")) {
            s.rebase = rebase;
            s.nrebase = 1;
            series[strlen(series) - strlen("_rebase18")] = '\0';
        }
        if (strcmp(series, "edge_ties_on_mean") == 0) {
            struct table edge;
            table_load(&edge, "edge_ties_on_mean_input.csv");
            for (size_t r = 1; r < edge.nrows; r++)
                y[n++] = num(edge.cell[r][col(&edge, "value", file)], file, r, "value");
            s.improvement = SPC_UP;
            table_free(&edge);
        } else {
            size_t cs = col(&in, "series", file), cv = col(&in, "value", file),
                   cd = col(&in, "improvement", file);
            for (size_t r = 1; r < in.nrows; r++) {
                if (strcmp(in.cell[r][cs], series) != 0)
                    continue;
                y[n++] = num(in.cell[r][cv], file, r, "value");
                s.improvement = strcmp(in.cell[r][cd], "increase") == 0 ? SPC_UP : SPC_DOWN;
            }
        }
        if (n == 0)
            fail_msg("%s: no input series \"%s\"", file, series);
        if (spc_compute(&c, y, n, &s, &e) != 0)
            fail_msg("%s: %s", file, e.msg);

        table_load(&want, file);
        if (want.nrows - 1 != n)
            fail_msg("%s: %zu rows for %zu input values", file, want.nrows - 1, n);
        for (size_t r = 1; r < want.nrows; r++) {
            const struct spc_point *p = &c.points[r - 1];
            const char *var = spc_variation_name(p->variation);
            char rules[128];
            expect_close(y[r - 1], num(want.cell[r][col(&want, "y", file)], file, r, "y"), file, r,
                         "y");
            expect_close(p->mean, num(want.cell[r][col(&want, "mean", file)], file, r, "mean"),
                         file, r, "mean");
            expect_close(p->lpl, num(want.cell[r][col(&want, "lpl", file)], file, r, "lpl"), file,
                         r, "lpl");
            expect_close(p->upl, num(want.cell[r][col(&want, "upl", file)], file, r, "upl"), file,
                         r, "upl");
            if (!var || strcmp(var, want.cell[r][col(&want, "variation", file)]) != 0)
                fail_msg("%s point %zu: variation %s, expected %s", file, r, var ? var : "none",
                         want.cell[r][col(&want, "variation", file)]);
            rules_text(p->rules, rules, sizeof rules);
            if (strcmp(rules, want.cell[r][col(&want, "rules", file)]) != 0)
                fail_msg("%s point %zu: rules %s, expected %s", file, r, rules,
                         want.cell[r][col(&want, "rules", file)]);
            checked++;
        }
        table_free(&want);
    }
    table_free(&in);
    spc_chart_release(&c);
    print_message("%zu Making Data Count files, %zu points checked\n", nfiles, checked);
}

/* NHSRplotthedots: every ptd_*.csv holds its input (y) and its segments
 * (rebase_group); screened unless the name says unscreened, a baseline of N
 * where it says fixN. Its rule results differ from Making Data Count's by
 * design (see spc-vectors/README.md), so only the mean and limits are
 * compared. */
static void test_ptd_limits(void **state)
{
    char names[64][256];
    size_t nfiles = list("ptd_", ".csv", names, 64), checked = 0;
    struct spc_chart c;

    spc_chart_init(&c);
    assert_true(nfiles >= 20);
    for (size_t f = 0; f < nfiles; f++) {
        const char *file = names[f], *fix = strstr(file, "fix");
        struct table t;
        double y[MAX_ROWS];
        size_t rebase[MAX_ROWS], nrebase = 0, n = 0, cy, cg;
        struct spc_settings s;
        struct err e;

        table_load(&t, file);
        cy = col(&t, "y", file);
        cg = col(&t, "rebase_group", file);
        for (size_t r = 1; r < t.nrows; r++) {
            y[n++] = num(t.cell[r][cy], file, r, "y");
            if (r > 1 && strcmp(t.cell[r][cg], t.cell[r - 1][cg]) != 0)
                rebase[nrebase++] = r;
        }
        spc_settings_default(&s);
        s.screen = strstr(file, "unscreened") == NULL;
        s.baseline = fix ? (size_t)atoi(fix + 3) : 0;
        s.rebase = rebase;
        s.nrebase = nrebase;
        if (spc_compute(&c, y, n, &s, &e) != 0)
            fail_msg("%s: %s", file, e.msg);
        for (size_t r = 1; r < t.nrows; r++) {
            const struct spc_point *p = &c.points[r - 1];
            expect_close(p->mean, num(t.cell[r][col(&t, "mean", file)], file, r, "mean"), file, r,
                         "mean");
            expect_close(p->lpl, num(t.cell[r][col(&t, "lpl", file)], file, r, "lpl"), file, r,
                         "lpl");
            expect_close(p->upl, num(t.cell[r][col(&t, "upl", file)], file, r, "upl"), file, r,
                         "upl");
            checked++;
        }
        table_free(&t);
    }
    spc_chart_release(&c);
    print_message("%zu NHSRplotthedots files, %zu points checked\n", nfiles, checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mdc_v25),
        cmocka_unit_test(test_ptd_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
