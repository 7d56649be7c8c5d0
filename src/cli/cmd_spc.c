/* cmd_spc.c -- oversight spc: XmR charts (DESIGN.md section 6) of the series
 * in a CSV file or workbook, as JSON, CSV or SVG.
 *
 * The whole file is read first (a series' rows need not be together), each
 * value and period kept once in a text pool; then each series is charted
 * with one reused chart and written through a buffer flushed as it fills, so
 * that ten thousand series cost little more than reading them. */
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/jsonw.h"
#include "base/strmap.h"
#include "base/xalloc.h"
#include "cli/cli.h"
#include "domain/spc.h"
#include "format/csv_write.h"
#include "format/svg.h"
#include "format/table.h"

#define MAX_LISTED 1000                 /* problems listed; the rest are counted */
#define POOL_MAX ((size_t)1 << 30)      /* periods and values kept, in bytes */
#define FLUSH_AT ((size_t)1 << 20)      /* output written out in pieces this big */
#define NUM_BUFSZ 40

enum { COL_PERIOD, COL_VALUE, COL_SERIES, NCOLS };
static const char *const COL_NAMES[NCOLS] = {"period", "value", "series"};

/* One data row. Its period, and its value's text when that is already the
 * shortest form (so need not be formatted again), are in the pool at text. */
struct in_row {
    double value;
    size_t text;
    uint32_t series;
    uint32_t plen; /* the period's length; the value's text follows its NUL */
    uint32_t vlen; /* 0: format the value */
};

struct in_series {
    size_t name;   /* in the pool */
    uint32_t nlen;
    size_t count;  /* rows */
    size_t first;  /* into the order of rows by series */
};

struct input {
    struct table_reader *t;
    const char *display;
    struct arena *a;
    int have_header, bad_header;
    size_t nheader;
    char **header;   /* as written, for messages */
    int col[NCOLS];  /* table column, -1 absent */
    struct buf pool;
    struct in_row *rows;
    size_t nrows, caprows;
    struct in_series *series;
    size_t nseries, capseries;
    struct strmap names;
    size_t last;     /* the previous row's series: rows of a series usually come together */
    size_t nproblems, nlisted;
    char **problems;
};

/* ---- reading ------------------------------------------------------------- */

static void problem(struct input *in, const struct table_row *row, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void problem(struct input *in, const struct table_row *row, long col, const char *fmt, ...)
{
    char where[512], msg[768];
    va_list ap;

    if (in->nproblems++ >= MAX_LISTED)
        return;
    if (row)
        table_where(in->t, row, col >= 0 ? (size_t)col : 0,
                    col >= 0 && (size_t)col < in->nheader ? in->header[col] : "", where,
                    sizeof where);
    else
        snprintf(where, sizeof where, "%s", in->display);
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!in->problems)
        in->problems = arena_alloc(in->a, MAX_LISTED * sizeof *in->problems);
    in->problems[in->nlisted++] = arena_printf(in->a, "%s: %s", where, msg);
}

/* Header names compare case-insensitively, with spaces and underscores alike. */
static void norm_name(const char *s, size_t n, char *out, size_t cap)
{
    size_t j = 0;
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    for (size_t i = 0; i < n && j + 1 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[j++] = ch == ' ' || ch == '-' ? '_' : (char)tolower(ch);
    }
    out[j] = '\0';
}

static void read_header(struct input *in, const struct table_row *row)
{
    in->have_header = 1;
    in->nheader = row->ncells;
    in->header = arena_alloc(in->a, (row->ncells + 1) * sizeof *in->header);
    for (size_t c = 0; c < row->ncells; c++) {
        char name[128];
        int k;
        in->header[c] = arena_strndup(in->a, row->cells[c].text, row->cells[c].len);
        if (row->problem && row->problem_cell == c) {
            problem(in, row, (long)c, "%s", row->problem);
            in->bad_header = 1;
            continue;
        }
        norm_name(row->cells[c].text, row->cells[c].len, name, sizeof name);
        if (!name[0])
            continue; /* a trailing comma, a workbook's unused column: nothing under it */
        for (k = 0; k < NCOLS && strcmp(name, COL_NAMES[k]) != 0; k++)
            ;
        if (k == NCOLS) {
            problem(in, row, (long)c, "unknown column \"%s\" (expected: period, value, series)",
                    in->header[c]);
            in->bad_header = 1;
        } else if (in->col[k] >= 0) {
            problem(in, row, (long)c, "column \"%s\" appears twice", COL_NAMES[k]);
            in->bad_header = 1;
        } else {
            in->col[k] = (int)c;
        }
    }
    for (int k = 0; k < COL_SERIES; k++)
        if (in->col[k] < 0) {
            problem(in, row, -1, "missing column \"%s\"", COL_NAMES[k]);
            in->bad_header = 1;
        }
}

/* Parses a number written plainly (123, -4.5, 1e3). Returns 0 with *v set
 * and *canon 1 when s[0..n) is exactly how jsonw_num writes *v (its digits
 * are then copied rather than formatted), or -1 if s is not a number. Up to
 * 15 significant digits are read exactly without strtod: the digits as an
 * integer (below 2^53) divided by a power of ten (exact up to 1e22) is one
 * correctly rounded operation, the same double strtod gives. */
static int parse_value(const char *s, size_t n, double *v, int *canon)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0, start, intd, frac = 0, sig = 0, zeros = 0;
    uint64_t m = 0;
    int neg = 0, plain = 1;

    *canon = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) {
        neg = s[i] == '-';
        plain = neg;
        i++;
    }
    start = i;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        if (m || s[i] != '0') {
            if (sig++ < 19)
                m = m * 10 + (uint64_t)(s[i] - '0');
        }
    intd = i - start;
    if (intd == 0 || (intd > 1 && s[start] == '0'))
        plain = 0;
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac++) {
            if (m || s[i] != '0') {
                if (sig++ < 19)
                    m = m * 10 + (uint64_t)(s[i] - '0');
            } else {
                zeros++;
            }
        }
        if (frac == 0 || s[i - 1] == '0')
            plain = 0;
    }
    if (intd + frac == 0)
        return -1;
    if (i == n && sig <= 15 && frac <= 22) {
        *v = frac ? (double)m / p10[frac] : (double)m;
        if (neg)
            *v = -*v;
        /* jsonw_num writes "0" for -0, and exponents below 1e-6. */
        *canon = plain && !(neg && m == 0) && (m == 0 || s[start] != '0' || zeros <= 5);
        return 0;
    }
#if LDBL_MANT_DIG >= 64
    /* 16 to 19 digits (as programs write doubles): the division in long
     * double is exact to 64 bits, and rounding that to double gives strtod's
     * double unless it fell exactly halfway between two doubles. */
    if (i == n && sig <= 19 && frac <= 27) {
        long double q = (long double)m, ten = 1;
        double d, lo, hi;
        for (size_t k = 0; k < frac; k++)
            ten *= 10;
        q /= ten;
        d = (double)q;
        lo = nextafter(d, -INFINITY);
        hi = nextafter(d, INFINITY);
        if (q != ((long double)lo + d) / 2 && q != ((long double)hi + d) / 2) {
            *v = neg ? -d : d;
            return 0;
        }
    }
#endif
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t k = i + 1;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k == n)
            return -1;
        for (; k < n; k++)
            if (s[k] < '0' || s[k] > '9')
                return -1;
    } else if (i < n) {
        return -1;
    }
    {
        char tmp[128], *end;
        if (n >= sizeof tmp)
            return -1;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        *v = strtod(tmp, &end);
        return *end || !isfinite(*v) ? -1 : 0;
    }
}

static size_t series_of(struct input *in, const char *name, size_t n)
{
    int64_t k;
    const struct in_series *last = in->nseries ? &in->series[in->last] : NULL;

    if (last && last->nlen == n && memcmp(in->pool.p + last->name, name, n) == 0)
        return in->last;
    if (!strmap_get(&in->names, name, n, &k)) {
        struct in_series *s;
        if (in->nseries >= UINT32_MAX)
            return SIZE_MAX;
        if (in->nseries == in->capseries)
            xgrow((void **)&in->series, &in->capseries, in->nseries + 1, sizeof *in->series);
        s = &in->series[in->nseries];
        memset(s, 0, sizeof *s);
        s->name = in->pool.len;
        s->nlen = (uint32_t)n;
        if (buf_add(&in->pool, name, n) || buf_addc(&in->pool, '\0'))
            return SIZE_MAX;
        k = (int64_t)in->nseries++;
        strmap_put(&in->names, name, n, k);
    }
    in->last = (size_t)k;
    return in->last;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* The cell of column k, spaces around it removed. */
static const char *cell(const struct input *in, const struct table_row *row, int k, size_t *n)
{
    const char *s = "";
    size_t len = 0;
    if (in->col[k] >= 0 && (size_t)in->col[k] < row->ncells) {
        s = row->cells[in->col[k]].text;
        len = row->cells[in->col[k]].len;
    }
    while (len && is_space(*s))
        s++, len--;
    while (len && is_space(s[len - 1]))
        len--;
    *n = len;
    return s;
}

static int on_row(void *ctx, const struct table_row *row)
{
    struct input *in = ctx;
    const char *period, *value, *name;
    size_t plen, vlen, nlen, s;
    struct in_row *r;
    double v;
    int canon;

    if (!in->have_header) {
        read_header(in, row);
        return in->bad_header; /* stop: rows read by a wrong header would only repeat it */
    }
    if (table_kind(in->t) == TABLE_CSV && row->ncells != in->nheader) {
        problem(in, row, -1, "%zu fields, expected %zu as in the header", row->ncells,
                in->nheader);
        return 0;
    }
    for (size_t c = 0; c < row->ncells; c++)
        if (row->cells[c].len && (c >= in->nheader || (c != (size_t)in->col[COL_PERIOD] &&
                                                        c != (size_t)in->col[COL_VALUE] &&
                                                        c != (size_t)in->col[COL_SERIES]))) {
            problem(in, row, (long)c, "a value in a column without a name");
            return 0;
        }
    if (row->problem) {
        problem(in, row, (long)row->problem_cell, "%s", row->problem);
        return 0;
    }
    period = cell(in, row, COL_PERIOD, &plen);
    value = cell(in, row, COL_VALUE, &vlen);
    name = cell(in, row, COL_SERIES, &nlen);
    if (!vlen) {
        problem(in, row, in->col[COL_VALUE], "a value is required");
        return 0;
    }
    if (parse_value(value, vlen, &v, &canon)) {
        problem(in, row, in->col[COL_VALUE], "\"%.*s\" is not a number", (int)(vlen > 60 ? 60 : vlen),
                value);
        return 0;
    }
    if (in->col[COL_SERIES] >= 0 && !nlen) {
        problem(in, row, in->col[COL_SERIES], "a series name is required");
        return 0;
    }
    if (in->nproblems)
        return 0; /* nothing will be charted: only look for more problems */
    if ((s = series_of(in, name, nlen)) == SIZE_MAX || plen > UINT32_MAX)
        goto too_big;
    if (in->nrows == in->caprows)
        xgrow((void **)&in->rows, &in->caprows, in->nrows + 1, sizeof *in->rows);
    r = &in->rows[in->nrows++];
    r->value = v;
    r->series = (uint32_t)s;
    r->text = in->pool.len;
    r->plen = (uint32_t)plen;
    r->vlen = canon ? (uint32_t)vlen : 0;
    if (buf_add(&in->pool, period, plen) || buf_addc(&in->pool, '\0') ||
        (canon && (buf_add(&in->pool, value, vlen) || buf_addc(&in->pool, '\0'))))
        goto too_big;
    in->series[s].count++;
    return 0;
too_big:
    problem(in, row, -1, "the file is too large to chart (over %zu MiB of periods and values)",
            POOL_MAX >> 20);
    return 1;
}

static void input_release(struct input *in)
{
    if (in->t)
        table_close(in->t);
    buf_release(&in->pool);
    free(in->rows);
    free(in->series);
    strmap_release(&in->names);
}

/* Reads the file; returns 0, or an ERR_* with every problem printed. */
static int input_read(struct input *in, const char *path, const char *sheet, struct err *e)
{
    int rc;

    for (int k = 0; k < NCOLS; k++)
        in->col[k] = -1;
    buf_init(&in->pool, POOL_MAX);
    strmap_init(&in->names);
    if ((rc = table_open(&in->t, path, in->display, sheet, e)))
        return rc;
    rc = table_each(in->t, on_row, in, e);
    for (size_t i = 0; i < in->nlisted; i++)
        fprintf(stderr, "%s\n", in->problems[i]);
    if (in->nproblems > in->nlisted)
        fprintf(stderr, "... and %zu more\n", in->nproblems - in->nlisted);
    if (rc < 0) /* the file cannot be read on; rc > 0: stopped at a problem */
        return rc;
    if (in->nproblems)
        return err_set(e, ERR_INPUT, "%s: %zu problem%s found; nothing was charted", in->display,
                       in->nproblems, in->nproblems == 1 ? "" : "s");
    if (!in->have_header)
        return err_set(e, ERR_INPUT, "%s: empty file: no header row", in->display);
    if (!in->nrows)
        return err_set(e, ERR_INPUT, "%s: no values to chart (a header row only)", in->display);
    return 0;
}

/* ---- numbers --------------------------------------------------------------- */

__extension__ typedef unsigned __int128 u128;

/* f / 2^shift rounded to s decimal places, half to even as printf rounds,
 * into *n (so that the decimal is *n / 10^s); returns 1 when that decimal
 * reads back as f / 2^shift: when it lies within half a unit in the last
 * place, the boundary itself counting when f is even (strtod rounds ties to
 * even), the gap below being half as wide when f is a power of two. */
static int places(uint64_t f, int shift, int s, uint64_t *n)
{
    static const uint64_t p10[20] = {1,
                                     10,
                                     100,
                                     1000,
                                     10000,
                                     100000,
                                     1000000,
                                     10000000,
                                     100000000,
                                     1000000000,
                                     10000000000,
                                     100000000000,
                                     1000000000000,
                                     10000000000000,
                                     100000000000000,
                                     1000000000000000,
                                     10000000000000000,
                                     100000000000000000,
                                     1000000000000000000,
                                     10000000000000000000u};
    u128 p = s <= 19 ? p10[s] : (u128)p10[19] * 10;
    u128 big = (u128)f * p, one = (u128)1 << shift;
    u128 q = big >> shift, r = big & (one - 1), half = one >> 1, d;
    int up = r > half || (r == half && (q & 1));

    *n = (uint64_t)q + (uint64_t)up;
    if (up) {
        d = 4 * (one - r);
        return d < 2 * p || (d == 2 * p && !(f & 1));
    }
    d = 4 * r;
    p = f == (uint64_t)1 << 52 ? p : 2 * p;
    return d < p || (d == p && !(f & 1));
}

/* The shortest decimal that reads back as v, for v not a whole number with
 * 1e-6 <= |v| < 2^53 (the means and limits of ordinary measures), in exact
 * integer arithmetic: v = f / 2^shift, and the fewest decimal places that
 * read back give the digits jsonw_num writes (it tries precisions in turn;
 * a precision is a number of places here). Reading back holds from some
 * number of places on, so they are found by bisection, except when f is a
 * power of two (the gap below v narrower than above, where a nearer
 * rounding can fall outside it). Returns the length, or 0 outside that
 * range. */
static size_t shortest_plain(double v, char *out)
{
    double a = fabs(v);
    int exp2, shift, lo = 1, hi, s;
    uint64_t f, n;
    char digits[24];
    size_t nd = 0, len = 0, k;

    if (!(a >= 1e-6 && a < 9007199254740992.0) || a == floor(a))
        return 0;
    f = (uint64_t)ldexp(frexp(a, &exp2), 53);
    shift = 53 - exp2; /* 1 <= shift <= 72 */
    /* 17 digits always read back: 16 - X places, X = floor(log10 a), which
     * is at least floor((exp2 - 1) log10 2). jsonw_num writes at most 20
     * places plainly (|v| >= 1e-4 never needs more). */
    hi = 16 - (int)floor((exp2 - 1) * 0.30102999566398120);
    if (hi > 20)
        hi = 20;
    if (f == (uint64_t)1 << 52) {
        for (s = 1; s <= hi && !places(f, shift, s, &n); s++)
            ;
        if (s > hi)
            return 0;
    } else {
        if (!places(f, shift, hi, &n))
            return 0;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (places(f, shift, mid, &n))
                hi = mid;
            else
                lo = mid + 1;
        }
        s = lo;
        places(f, shift, s, &n);
    }
    while (s > 0 && n % 10 == 0)
        n /= 10, s--;
    if (s == 0)
        return 0; /* cannot be: a whole number does not read back as v */
    do
        digits[nd++] = (char)('0' + n % 10);
    while ((n /= 10) != 0);
    if (v < 0)
        out[len++] = '-';
    if (nd > (size_t)s) {
        for (k = nd; k > (size_t)s; k--)
            out[len++] = digits[k - 1];
        out[len++] = '.';
    } else {
        out[len++] = '0';
        out[len++] = '.';
        for (k = nd; k < (size_t)s; k++)
            out[len++] = '0';
    }
    for (k = nd < (size_t)s ? nd : (size_t)s; k > 0; k--)
        out[len++] = digits[k - 1];
    out[len] = '\0';
    return len;
}

/* Writes v as jsonw_num does (the shortest decimal that reads back as v),
 * but whole numbers and the usual magnitudes without printf, which is most
 * of the time taken by charting many series. NAN writes nothing (an empty
 * CSV cell). Returns the length. */
static size_t fmt_num(double v, char *out)
{
    struct buf b;
    size_t n;

    if (!isfinite(v)) {
        out[0] = '\0';
        return 0;
    }
    if (v == (double)(int64_t)v && fabs(v) < 1e15) {
        char tmp[24], *p = tmp + sizeof tmp;
        int64_t k = (int64_t)v;
        uint64_t u = k < 0 ? (uint64_t)0 - (uint64_t)k : (uint64_t)k;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (k < 0)
            *--p = '-';
        n = (size_t)(tmp + sizeof tmp - p);
        memcpy(out, p, n);
        out[n] = '\0';
        return n;
    }
    if ((n = shortest_plain(v, out)) != 0)
        return n;
    buf_init(&b, NUM_BUFSZ - 1);
    if (jsonw_num(&b, v) == 0)
        memcpy(out, b.p, b.len + 1);
    else
        out[0] = '\0';
    n = b.len;
    buf_release(&b);
    return n;
}

/* ---- writing --------------------------------------------------------------- */

enum format { FMT_JSON, FMT_CSV, FMT_SVG };

struct out {
    struct cli_ctx *c;
    struct buf b;
    enum format fmt;
    int several;  /* a series column: name the series */
    int named;    /* the file has series names (one may be chosen) */
    int nwritten; /* series written so far */
    double target;
    /* Pieces of a point's line written once and copied for every point:
     * the rules (CSV "beyond_limit+trend,", JSON "\"beyond_limit\"],..."),
     * the variation and line end, and per segment its number, mean and limits. */
    char rules[16][80];
    size_t rules_len[16];
    char var[SPC_NO_VERDICT + 1][32];
    size_t var_len[SPC_NO_VERDICT + 1];
    char (*seg)[320];
    size_t *seg_len, capseg, capseglen;
    struct buf name;    /* the series name as the format writes it */
    struct buf scratch; /* a period that needs quoting or escaping */
    double *y;
    size_t capy;
};

static int flush(struct out *o, int force)
{
    if (o->b.len && (force || o->b.len >= FLUSH_AT)) {
        if (fwrite(o->b.p, 1, o->b.len, o->c->out) != o->b.len)
            return err_set(&o->c->err, ERR_IO, "writing the output failed");
        buf_reset(&o->b);
    }
    return 0;
}

static void out_pieces(struct out *o)
{
    int json = o->fmt == FMT_JSON;

    for (unsigned k = 0; k < 16; k++) {
        size_t used = 0;
        for (unsigned r = SPC_BEYOND_LIMIT; r <= SPC_TWO_OF_THREE; r <<= 1)
            if (k & r)
                used += (size_t)snprintf(o->rules[k] + used, sizeof o->rules[k] - used,
                                         json ? "%s\"%s\"" : "%s%s", !used ? "" : json ? "," : "+",
                                         spc_rule_name(r));
        used += (size_t)snprintf(o->rules[k] + used, sizeof o->rules[k] - used, "%s",
                                 json ? "],\"variation\":" : ",");
        o->rules_len[k] = used;
    }
    for (int v = 0; v <= SPC_NO_VERDICT; v++) {
        const char *name = spc_variation_name((enum spc_variation)v);
        if (json)
            snprintf(o->var[v], sizeof o->var[v], name ? "\"%s\"}" : "null}", name);
        else
            snprintf(o->var[v], sizeof o->var[v], "%s\n", name ? name : "");
        o->var_len[v] = strlen(o->var[v]);
    }
}

/* A number as the format writes it: jsonw_num for JSON, its equal fmt_num
 * for CSV (an empty cell for NAN). */
static void num_text(const struct out *o, double v, char *out)
{
    if (o->fmt == FMT_JSON) {
        struct buf b;
        buf_init(&b, NUM_BUFSZ - 1);
        if (jsonw_num(&b, v) == 0)
            memcpy(out, b.p, b.len + 1);
        else
            strcpy(out, "null");
        buf_release(&b);
    } else {
        fmt_num(v, out);
    }
}

static void segment_texts(struct out *o, const struct spc_chart *ch)
{
    if (ch->nsegments > o->capseg)
        xgrow((void **)&o->seg, &o->capseg, ch->nsegments, sizeof *o->seg);
    if (ch->nsegments > o->capseglen)
        xgrow((void **)&o->seg_len, &o->capseglen, ch->nsegments, sizeof *o->seg_len);
    for (size_t k = 0; k < ch->nsegments; k++) {
        const struct spc_segment *s = &ch->segments[k];
        char t[5][NUM_BUFSZ];
        num_text(o, s->mean, t[0]);
        num_text(o, s->lpl, t[1]);
        num_text(o, s->upl, t[2]);
        num_text(o, s->lower_2s, t[3]);
        num_text(o, s->upper_2s, t[4]);
        if (o->fmt == FMT_JSON)
            snprintf(o->seg[k], sizeof o->seg[k],
                     ",\"segment\":%zu,\"mean\":%s,\"lpl\":%s,\"upl\":%s,\"lower_2s\":%s,"
                     "\"upper_2s\":%s,\"rules\":[",
                     k + 1, t[0], t[1], t[2], t[3], t[4]);
        else
            snprintf(o->seg[k], sizeof o->seg[k], ",%zu,%s,%s,%s,%s,%s,", k + 1, t[0], t[1], t[2],
                     t[3], t[4]);
        o->seg_len[k] = strlen(o->seg[k]);
    }
}

/* The period cell: as it is, or through the escaping when it needs it. */
static void period_text(struct out *o, const char *s, size_t n, const char **p, size_t *len)
{
    int plain = 1;

    if (o->fmt == FMT_JSON) {
        for (size_t i = 0; i < n && plain; i++)
            plain = (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\';
    } else {
        plain = !n || (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@');
        for (size_t i = 0; i < n && plain; i++)
            plain = s[i] != ',' && s[i] != '"' && s[i] != '\n' && s[i] != '\r';
    }
    if (plain) {
        *p = s;
        *len = n;
        return;
    }
    buf_reset(&o->scratch);
    if (o->fmt == FMT_JSON)
        jsonw_strn(&o->scratch, s, n);
    else
        csv_write_cell(&o->scratch, s, n);
    *p = o->scratch.p;
    *len = o->scratch.len;
}

/* One point as a CSV row or a JSON object, copied out whole when it fits. */
static int write_point(struct out *o, const struct input *in, const struct in_row *r,
                       const struct spc_point *p, int first)
{
    struct {
        const char *p;
        size_t n;
    } piece[7];
    char value[NUM_BUFSZ], line[1024];
    size_t total = 0, np = 0, plen;
    const char *period;
    int json = o->fmt == FMT_JSON, rc = 0;

    if (json) {
        piece[np].p = first ? "{\"period\":\"" : ",\n{\"period\":\"";
        piece[np++].n = first ? 11 : 13;
    } else if (o->several) {
        piece[np].p = o->name.p;
        piece[np++].n = o->name.len;
    }
    period_text(o, in->pool.p + r->text, r->plen, &period, &plen);
    if (json && period == o->scratch.p) { /* escaped: quotes included */
        period++;
        plen -= 2;
    }
    piece[np].p = period;
    piece[np++].n = plen;
    piece[np].p = json ? "\",\"value\":" : ",";
    piece[np++].n = json ? 10 : 1;
    if (r->vlen) {
        piece[np].p = in->pool.p + r->text + r->plen + 1;
        piece[np++].n = r->vlen;
    } else {
        num_text(o, r->value, value);
        piece[np].p = value;
        piece[np++].n = strlen(value);
    }
    piece[np].p = o->seg[p->segment];
    piece[np++].n = o->seg_len[p->segment];
    piece[np].p = o->rules[p->rules & 15];
    piece[np++].n = o->rules_len[p->rules & 15];
    piece[np].p = o->var[p->variation];
    piece[np++].n = o->var_len[p->variation];
    for (size_t k = 0; k < np; k++)
        total += piece[k].n;
    if (total <= sizeof line) {
        char *w = line;
        for (size_t k = 0; k < np; k++) {
            memcpy(w, piece[k].p, piece[k].n);
            w += piece[k].n;
        }
        rc = buf_add(&o->b, line, total);
    } else {
        for (size_t k = 0; k < np && rc == 0; k++)
            rc = buf_add(&o->b, piece[k].p, piece[k].n);
    }
    if (rc)
        return err_set(&o->c->err, rc, "the output is too large");
    return o->b.len >= FLUSH_AT ? flush(o, 0) : 0;
}

static void warnings(const struct spc_chart *ch, struct buf *b, int json, const char *series)
{
    static const unsigned all[] = {SPC_WARN_TRIAL, SPC_WARN_NO_VARIATION, SPC_WARN_NO_TWO_OF_THREE,
                                   SPC_WARN_NO_DIRECTION};
    int first = 1;
    char text[512];

    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++) {
        if (!spc_warning_text(ch, all[k], text, sizeof text))
            continue;
        if (json) {
            if (!first)
                buf_addc(b, ',');
            jsonw_str(b, text);
        } else if (series) {
            fprintf(stderr, "oversight spc: warning: series \"%s\": %s\n", series, text);
        } else {
            fprintf(stderr, "oversight spc: warning: %s\n", text);
        }
        first = 0;
    }
}

static int write_csv(struct out *o, const struct input *in, const struct in_series *se,
                     const size_t *order, const struct spc_chart *ch)
{
    int rc = 0;

    if (o->nwritten == 0)
        rc = buf_adds(&o->b, o->several ? "series,period,value,segment,mean,lpl,upl,lower_2s,"
                                          "upper_2s,rules,variation\n"
                                        : "period,value,segment,mean,lpl,upl,lower_2s,upper_2s,"
                                          "rules,variation\n");
    buf_reset(&o->name);
    if (o->several && rc == 0) {
        rc = csv_write_cell(&o->name, in->pool.p + se->name, se->nlen);
        rc = rc ? rc : buf_addc(&o->name, ',');
    }
    if (rc)
        return err_set(&o->c->err, rc, "the output is too large");
    for (size_t i = 0; i < ch->n; i++)
        if ((rc = write_point(o, in, &in->rows[order[i]], &ch->points[i], i == 0)))
            return rc;
    return 0;
}

static int write_json(struct out *o, const struct input *in, const struct in_series *se,
                      const size_t *order, const struct spc_chart *ch)
{
    struct buf *b = &o->b;
    int rc;

    if (o->several) {
        buf_adds(b, o->nwritten ? ",\n{\"name\":" : "{\"series\":[\n{\"name\":");
        jsonw_strn(b, in->pool.p + se->name, se->nlen);
        buf_adds(b, ",\"points\":[\n");
    } else {
        buf_adds(b, "{\"points\":[\n");
    }
    for (size_t i = 0; i < ch->n; i++)
        if ((rc = write_point(o, in, &in->rows[order[i]], &ch->points[i], i == 0)))
            return rc;
    buf_adds(b, "\n],\"variation\":");
    jsonw_str(b, spc_variation_name(ch->variation));
    buf_adds(b, ",\"assurance\":");
    jsonw_str(b, spc_assurance_name(ch->assurance));
    buf_adds(b, ",\"limits_sigma\":");
    jsonw_num(b, ch->limits_sigma);
    buf_adds(b, ch->trial_limits ? ",\"trial_limits\":true" : ",\"trial_limits\":false");
    buf_adds(b, ",\"warnings\":[");
    warnings(ch, b, 1, NULL);
    rc = buf_adds(b, "]}");
    if (rc)
        return err_set(&o->c->err, rc, "the output is too large");
    return 0;
}

static enum svg_variation svg_var(enum spc_variation v)
{
    switch (v) {
    case SPC_IMPROVEMENT: return SVG_VAR_IMPROVEMENT;
    case SPC_CONCERN: return SVG_VAR_CONCERN;
    case SPC_NEITHER_HIGH:
    case SPC_NEITHER_LOW: return SVG_VAR_NEITHER;
    default: return SVG_VAR_COMMON;
    }
}

static int write_svg(struct out *o, const struct input *in, const struct in_series *se,
                     const size_t *order, const struct spc_chart *ch)
{
    static const char *const var_label[] = {
        [SPC_COMMON_CAUSE] = "Common cause variation", [SPC_IMPROVEMENT] = "Special cause improvement",
        [SPC_CONCERN] = "Special cause concern",       [SPC_NEITHER_HIGH] = "Special cause, high",
        [SPC_NEITHER_LOW] = "Special cause, low",      [SPC_NO_VERDICT] = "No variation"};
    static const char *const assure_label[] = {
        [SPC_ASSURANCE_NONE] = NULL, [SPC_PASS] = "Consistently passing the target",
        [SPC_FAIL] = "Consistently failing the target", [SPC_HIT_OR_MISS] = "Hit or miss"};
    static const enum svg_assurance assure[] = {[SPC_ASSURANCE_NONE] = SVG_ASSURE_NONE,
                                                [SPC_PASS] = SVG_ASSURE_PASS,
                                                [SPC_FAIL] = SVG_ASSURE_FAIL,
                                                [SPC_HIT_OR_MISS] = SVG_ASSURE_HIT_OR_MISS};
    struct arena *a = &o->c->arena;
    size_t n = ch->n;
    const char **periods = arena_alloc(a, n * sizeof *periods);
    double *mean = arena_alloc(a, 5 * n * sizeof *mean), *lpl = mean + n, *upl = lpl + n,
           *l2 = upl + n, *u2 = l2 + n;
    enum svg_variation *var = arena_alloc(a, n * sizeof *var);
    int *segment = arena_alloc(a, n * sizeof *segment);
    char *desc;
    struct svg_control_chart sc = {0};

    for (size_t i = 0; i < n; i++) {
        const struct spc_point *p = &ch->points[i];
        periods[i] = in->pool.p + in->rows[order[i]].text;
        mean[i] = p->mean;
        lpl[i] = p->lpl;
        upl[i] = p->upl;
        l2[i] = p->lower_2s;
        u2[i] = p->upper_2s;
        var[i] = svg_var(p->variation);
        segment[i] = (int)p->segment;
    }
    desc = arena_printf(a, "Control chart of %zu points in %zu segment%s: %s%s%s.", n,
                        ch->nsegments, ch->nsegments == 1 ? "" : "s",
                        var_label[ch->variation],
                        ch->assurance != SPC_ASSURANCE_NONE ? "; " : "",
                        ch->assurance != SPC_ASSURANCE_NONE ? assure_label[ch->assurance] : "");
    sc.id = "spc";
    sc.title = o->named ? in->pool.p + se->name : "Control chart";
    sc.desc = desc;
    sc.n = n;
    sc.periods = periods;
    sc.values = o->y;
    sc.mean = mean;
    sc.lpl = lpl;
    sc.upl = upl;
    sc.lower_2s = l2;
    sc.upper_2s = u2;
    sc.variation = var;
    sc.segment = segment;
    sc.target = o->target;
    sc.limits_sigma = ch->limits_sigma;
    sc.trial = ch->trial_limits;
    sc.chart_variation = svg_var(ch->variation);
    sc.variation_label = var_label[ch->variation];
    sc.assurance = assure[ch->assurance];
    sc.assurance_label = assure_label[ch->assurance];
    return svg_control_chart(&o->b, &sc, &o->c->err);
}

/* ---- the command ----------------------------------------------------------- */

static int number_opt(struct cli_ctx *c, const char *flag, const char *s, double *out)
{
    int canon;
    if (parse_value(s, strlen(s), out, &canon))
        return err_set(&c->err, ERR_USAGE, "--%s: \"%s\" is not a number", flag, s);
    return 0;
}

static int count_opt(struct cli_ctx *c, const char *flag, const char *s, long min, long max,
                     long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || !isdigit((unsigned char)*s) || v < min || v > max)
        return err_set(&c->err, ERR_USAGE, "--%s: \"%s\" is not a whole number from %ld to %ld",
                       flag, s, min, max);
    *out = v;
    return 0;
}

static int rebase_opt(struct cli_ctx *c, const char *s, struct arena *a, size_t **out, size_t *n)
{
    size_t cap = 1, k = 0;
    const char *p = s;
    size_t *v;

    for (const char *q = s; *q; q++)
        cap += *q == ',';
    v = arena_alloc(a, cap * sizeof *v);
    while (1) {
        char *end;
        long x;
        if (!isdigit((unsigned char)*p))
            break;
        x = strtol(p, &end, 10);
        if (x < 2 || x > 100000000)
            break;
        if (k && (size_t)x <= v[k - 1])
            return err_set(&c->err, ERR_USAGE, "--rebase: points in ascending order, as in 18,30");
        v[k++] = (size_t)x;
        p = end;
        if (!*p) {
            *out = v;
            *n = k;
            return 0;
        }
        if (*p++ != ',')
            break;
    }
    return err_set(&c->err, ERR_USAGE,
                   "--rebase: \"%s\" is not a list of points from 2 on (1-based, as in 18,30)", s);
}

static int run_spc(struct cli_ctx *c, int argc, char **argv)
{
    const char *improvement, *target, *limits, *shift, *trend, *baseline, *rebase, *screen,
        *format, *only, *sheet;
    const struct cli_opt opts[] = {
        {"improvement", 1, &improvement}, {"target", 1, &target},   {"limits", 1, &limits},
        {"shift", 1, &shift},             {"trend", 1, &trend},     {"baseline", 1, &baseline},
        {"rebase", 1, &rebase},           {"screen", 0, &screen},   {"format", 1, &format},
        {"series", 1, &only},             {"sheet", 1, &sheet},     {0}};
    struct spc_settings s;
    struct input in = {0};
    struct out o = {0};
    struct spc_chart ch;
    size_t *order = NULL, *rebase_at = NULL, nrebase = 0, nseries;
    char **rest;
    int nrest, rc;
    long k;

    spc_chart_init(&ch);
    buf_init(&o.b, 0);
    buf_init(&o.name, 0);
    buf_init(&o.scratch, 0);
    if ((rc = cli_options(c, &CMD_SPC, argc, argv, opts, &rest, &nrest)))
        return rc;
    if (nrest > 1)
        return err_set(&c->err, ERR_USAGE, "one FILE (or - for standard input)");
    spc_settings_default(&s);
    if (improvement) {
        if (strcmp(improvement, "up") == 0)
            s.improvement = SPC_UP;
        else if (strcmp(improvement, "down") == 0)
            s.improvement = SPC_DOWN;
        else if (strcmp(improvement, "neither") != 0)
            return err_set(&c->err, ERR_USAGE,
                           "--improvement: \"%s\" is not a direction (up, down or neither)",
                           improvement);
    }
    if (target && (rc = number_opt(c, "target", target, &s.target)))
        return rc;
    if (limits) {
        if ((rc = number_opt(c, "limits", limits, &s.limits_sigma)))
            return rc;
        if (!(s.limits_sigma > 0 && s.limits_sigma <= 10))
            return err_set(&c->err, ERR_USAGE, "--limits: the width in sigma, above 0 and up to 10");
    }
    if (shift && (rc = count_opt(c, "shift", shift, 2, 1000, &k)) == 0)
        s.shift = (int)k;
    if (rc)
        return rc;
    if (trend && (rc = count_opt(c, "trend", trend, 2, 1000, &k)) == 0)
        s.trend = (int)k;
    if (rc)
        return rc;
    if (baseline && (rc = count_opt(c, "baseline", baseline, 0, 100000000, &k)) == 0)
        s.baseline = (size_t)k;
    if (rc)
        return rc;
    if (rebase && (rc = rebase_opt(c, rebase, &c->arena, &rebase_at, &nrebase)))
        return rc;
    s.rebase = rebase_at;
    s.nrebase = nrebase;
    s.screen = screen != NULL;
    if (!format || strcmp(format, "json") == 0)
        o.fmt = FMT_JSON;
    else if (strcmp(format, "csv") == 0)
        o.fmt = FMT_CSV;
    else if (strcmp(format, "svg") == 0)
        o.fmt = FMT_SVG;
    else
        return err_set(&c->err, ERR_USAGE, "--format: json, csv or svg");

    in.a = &c->arena;
    in.display = nrest == 0 || strcmp(rest[0], "-") == 0 ? "stdin" : rest[0];
    rc = input_read(&in, nrest == 0 || strcmp(rest[0], "-") == 0 ? "/dev/stdin" : rest[0], sheet,
                    &c->err);
    if (rc)
        goto out;
    nseries = in.nseries;
    o.c = c;
    o.several = o.named = in.col[COL_SERIES] >= 0;
    o.target = s.target;
    out_pieces(&o);
    if (only) {
        int64_t idx;
        if (!o.several) {
            rc = err_set(&c->err, ERR_USAGE, "--series: %s has no series column", in.display);
            goto out;
        }
        if (!strmap_get(&in.names, only, strlen(only), &idx)) {
            rc = err_set(&c->err, ERR_INPUT, "%s: no series \"%s\"", in.display, only);
            goto out;
        }
        o.several = 0;
    }
    if (o.fmt == FMT_SVG && o.several && nseries > 1) {
        rc = err_set(&c->err, ERR_USAGE,
                     "--format svg draws one chart: %s holds %zu series (choose one with --series "
                     "NAME)",
                     in.display, nseries);
        goto out;
    }

    /* A rebase past the end of a series is found before anything is
     * written, so that a failure never leaves half an output. */
    for (size_t i = 0; nrebase && i < nseries; i++) {
        const char *name = in.pool.p + in.series[i].name;
        if ((!only || strcmp(name, only) == 0) && rebase_at[nrebase - 1] > in.series[i].count) {
            rc = o.named ? err_set(&c->err, ERR_INPUT,
                                   "%s: series \"%s\": rebase at point %zu: the series has only "
                                   "%zu point%s",
                                   in.display, name, rebase_at[nrebase - 1], in.series[i].count,
                                   in.series[i].count == 1 ? "" : "s")
                         : err_set(&c->err, ERR_INPUT,
                                   "%s: rebase at point %zu: the series has only %zu point%s",
                                   in.display, rebase_at[nrebase - 1], in.series[i].count,
                                   in.series[i].count == 1 ? "" : "s");
            goto out;
        }
    }

    /* The rows of each series, in file order: a counting sort by series. */
    order = xmalloc(in.nrows * sizeof *order);
    for (size_t i = 0, at = 0; i < nseries; i++) {
        in.series[i].first = at;
        at += in.series[i].count;
        in.series[i].count = 0;
    }
    for (size_t i = 0; i < in.nrows; i++) {
        struct in_series *se = &in.series[in.rows[i].series];
        order[se->first + se->count++] = i;
    }

    for (size_t i = 0; i < nseries; i++) {
        const struct in_series *se = &in.series[i];
        const size_t *idx = order + se->first;
        const char *name = in.pool.p + se->name;
        if (only && strcmp(name, only) != 0)
            continue;
        if (se->count > o.capy)
            xgrow((void **)&o.y, &o.capy, se->count, sizeof *o.y);
        for (size_t j = 0; j < se->count; j++)
            o.y[j] = in.rows[idx[j]].value;
        if ((rc = spc_compute(&ch, o.y, se->count, &s, &c->err))) {
            if (o.several || only)
                err_prefix(&c->err, "%s: series \"%s\"", in.display, name);
            else
                err_prefix(&c->err, "%s", in.display);
            goto out;
        }
        segment_texts(&o, &ch);
        switch (o.fmt) {
        case FMT_CSV:
            rc = write_csv(&o, &in, se, idx, &ch);
            warnings(&ch, NULL, 0, o.several || only ? name : NULL);
            break;
        case FMT_JSON: rc = write_json(&o, &in, se, idx, &ch); break;
        case FMT_SVG: rc = write_svg(&o, &in, se, idx, &ch); break;
        }
        if (rc || (rc = flush(&o, 0)))
            goto out;
        o.nwritten++;
    }
    if (o.fmt == FMT_JSON)
        buf_adds(&o.b, o.several ? "]}\n" : "\n");
    else if (o.fmt == FMT_SVG && o.b.len && o.b.p[o.b.len - 1] != '\n')
        buf_addc(&o.b, '\n');
    rc = flush(&o, 1);
out:
    free(order);
    free(o.seg);
    free(o.seg_len);
    buf_release(&o.name);
    buf_release(&o.scratch);
    free(o.y);
    buf_release(&o.b);
    spc_chart_release(&ch);
    input_release(&in);
    return rc;
}

const struct cli_command CMD_SPC = {
    "spc", "statistical process control charts of performance measures",
    "usage: oversight spc [FILE|-] [--improvement up|down|neither] [--target X]\n"
    "                     [--limits 3] [--shift 7] [--trend 7] [--baseline N]\n"
    "                     [--rebase I[,J...]] [--screen] [--format json|csv|svg]\n"
    "                     [--series NAME] [--sheet NAME]\n\n"
    "Charts each series of FILE (CSV, or an .xlsx workbook; - or nothing reads\n"
    "standard input) as an XmR chart the way Making Data Count does: the mean,\n"
    "process limits at mean -+ 2.66 MR-bar (sigma = MR-bar x 2.66 / 3), and the\n"
    "rules, each with strict comparisons: a point beyond a limit; a shift (7 or\n"
    "more points on one side of the mean); a trend (7 or more points each higher,\n"
    "or lower, than the last); two of three (3 points on one side of the mean,\n"
    "2 or more beyond 2 sigma but not beyond the limit).\n\n"
    "Columns: period (a label), value, and optionally series (several series in\n"
    "one file). Header names in any case; spaces and underscores alike.\n\n"
    "  --improvement  which way is better: each flagged point is then improvement\n"
    "                 or concern (neither_high / neither_low without a direction)\n"
    "  --target X     assurance: pass, fail or hit_or_miss against the limits\n"
    "  --limits S     the limits' width in sigma (2 turns two of three off)\n"
    "  --shift N, --trend N   the run lengths of those rules\n"
    "  --baseline N   the first N points of each segment fix its mean and limits\n"
    "  --rebase I,J   points (1-based) that start a new segment\n"
    "  --screen       drop moving ranges above 3.267 MR-bar before the limits\n"
    "  --format       json (default), csv (one row per point) or svg (one series)\n"
    "  --series NAME  chart only that series of the file\n\n"
    "Limits from fewer than 12 points are trial limits; a segment without\n"
    "variation (every moving range 0) gets no verdict. Warnings go into the JSON,\n"
    "or to standard error with --format csv.\n",
    CLI_NO_STORE, run_spc};
