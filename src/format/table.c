/* table.c -- opening a table (telling an XLSX workbook from CSV by its
 * content), dispatching to the CSV and XLSX readers, and what both share: the
 * reusable row buffer and the UTF-8 check every cell goes through. */
#include "format/table.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "format/table_impl.h"

/* A workbook that has to be read into memory (from a pipe) may be this big. */
#define PIPE_WORKBOOK_MAX ((size_t)256 << 20)

/* ---- UTF-8 ---------------------------------------------------------------- */

const char *table_utf8_problem(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;

    while (p < end) {
        unsigned char c, lo = 0x80, hi = 0xBF;
        size_t need, k;

        /* Eight bytes at a time while they are ASCII and none is NUL: cells
         * are mostly that, and this keeps the check off the profile. */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if ((w & 0x8080808080808080u) ||
                ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
                break;
            p += 8;
        }
        if (p == end)
            break;
        c = *p;
        if (c < 0x80) {
            if (c == 0)
                return "NUL byte";
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* past U+10FFFF */
        } else {
            return "invalid UTF-8"; /* a continuation byte, C0/C1 (overlong) or F5-FF */
        }
        if ((size_t)(end - p) <= need || p[1] < lo || p[1] > hi)
            return "invalid UTF-8";
        for (k = 2; k <= need; k++)
            if ((p[k] & 0xC0) != 0x80)
                return "invalid UTF-8";
        p += need + 1;
    }
    return NULL;
}

/* ---- the row buffer ---------------------------------------------------------- */

#define NO_TEXT SIZE_MAX /* off[] of a padding cell: it points at "" */

void table_rowbuf_init(struct table_rowbuf *r)
{
    memset(r, 0, sizeof *r);
    buf_init(&r->text, TABLE_ROW_MAX);
}

void table_rowbuf_reset(struct table_rowbuf *r)
{
    buf_reset(&r->text);
    r->n = 0;
    r->problem = NULL;
    r->problem_cell = 0;
}

void table_rowbuf_release(struct table_rowbuf *r)
{
    buf_release(&r->text);
    free(r->cells);
    free(r->off);
    r->cells = NULL;
    r->off = NULL;
    r->n = r->cap = 0;
}

static void rowbuf_pad(struct table_rowbuf *r, size_t upto)
{
    if (upto > r->cap) {
        size_t cap = r->cap;
        xgrow((void **)&r->cells, &cap, upto, sizeof *r->cells);
        r->off = xrealloc(r->off, cap * sizeof *r->off);
        r->cap = cap;
    }
    while (r->n < upto) {
        r->cells[r->n].text = "";
        r->cells[r->n].len = 0;
        r->cells[r->n].numeric = 0;
        r->off[r->n] = NO_TEXT;
        r->n++;
    }
}

int table_rowbuf_set(struct table_rowbuf *r, size_t col, const char *s, size_t len, int numeric)
{
    size_t off = r->text.len;

    if (buf_add(&r->text, s, len))
        return ERR_LIMIT;
    if (buf_addc(&r->text, '\0')) {
        r->text.len = off;
        return ERR_LIMIT;
    }
    rowbuf_pad(r, col + 1);
    r->off[col] = off;
    r->cells[col].len = len;
    r->cells[col].numeric = numeric;
    if (!r->problem) {
        const char *p = table_utf8_problem(s, len);
        if (p) {
            r->problem = p;
            r->problem_cell = col;
        }
    }
    return 0;
}

void table_rowbuf_finish(struct table_rowbuf *r, struct table_row *row, size_t min)
{
    size_t i;

    rowbuf_pad(r, min);
    for (i = 0; i < r->n; i++)
        if (r->off[i] != NO_TEXT)
            r->cells[i].text = r->text.p + r->off[i];
    row->ncells = r->n;
    row->cells = r->cells;
    row->problem = r->problem;
    row->problem_cell = r->problem_cell;
}

/* ---- opening -------------------------------------------------------------- */

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = s ? strlen(s) : 0, k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* Returns 1 for a workbook (a zip archive), 0 for CSV, or an error for what
 * is neither but would otherwise be read as a CSV of garbage. */
static int classify(const struct table_reader *t, const unsigned char *p, size_t n,
                    const char *path, struct err *e)
{
    static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

    if (n >= 4 && p[0] == 'P' && p[1] == 'K' &&
        ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
        return 1;
    /* Excel saves a workbook with a password, and the old .xls format, as an
     * OLE compound file. */
    if (n >= 8 && memcmp(p, ole, 8) == 0)
        return err_set(e, ERR_INPUT,
                       "%s: not an XLSX workbook (it is encrypted, or an old .xls file: "
                       "save it from Excel as .xlsx without a password)",
                       t->display);
    /* Excel's "Unicode Text" and some other exports: every row would be
     * reported as NUL bytes. */
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return err_set(e, ERR_INPUT,
                       "%s: the file is UTF-16 text, not UTF-8 CSV (in Excel, save it as "
                       "\"CSV UTF-8\")",
                       t->display);
    if (has_suffix(path, ".xlsx") || has_suffix(path, ".xlsm") || has_suffix(t->display, ".xlsx") ||
        has_suffix(t->display, ".xlsm"))
        return err_set(e, ERR_INPUT, "%s: not an XLSX workbook (not a zip archive)", t->display);
    return 0;
}

static int open_csv(struct table_reader *t, const char *sheet, struct err *e)
{
    if (sheet)
        return err_set(e, ERR_INPUT, "%s: a CSV file has no sheets (asked for sheet \"%s\")",
                       t->display, sheet);
    t->kind = TABLE_CSV;
    return csv_read_open(t, e);
}

/* Reads the rest of a workbook arriving through a pipe into t->owned, after
 * the head already read. */
static int slurp(struct table_reader *t, size_t *len, struct err *e)
{
    size_t cap = t->head_len * 2 + TABLE_CHUNK, n = t->head_len;

    t->owned = xmalloc(cap);
    memcpy(t->owned, t->head, n);
    for (;;) {
        size_t got;
        if (n == cap) {
            if (cap >= PIPE_WORKBOOK_MAX)
                return err_set(e, ERR_LIMIT, "%s: workbook larger than %zu MiB", t->display,
                               PIPE_WORKBOOK_MAX >> 20);
            cap *= 2;
            t->owned = xrealloc(t->owned, cap);
        }
        got = fread(t->owned + n, 1, cap - n, t->fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(t->fp))
        return err_set(e, ERR_IO, "%s: cannot read: %s", t->display, strerror(errno));
    *len = n;
    return 0;
}

int table_open(struct table_reader **out, const char *path, const char *display,
               const char *sheet, struct err *e)
{
    struct table_reader *t = xcalloc(1, sizeof *t);
    struct stat st;
    int rc, regular = 0;

    *out = NULL;
    t->display = xstrdup(display ? display : path);
    t->fp = fopen(path, "rb");
    if (!t->fp) {
        rc = err_set(e, ERR_IO, "%s: cannot open: %s", t->display, strerror(errno));
        goto out;
    }
    if (fstat(fileno(t->fp), &st) == 0 && S_ISREG(st.st_mode)) {
        regular = 1;
        t->total = (size_t)st.st_size;
    }
    t->head = xmalloc(TABLE_CHUNK);
    t->head_len = fread(t->head, 1, TABLE_CHUNK, t->fp);
    if (ferror(t->fp)) {
        rc = err_set(e, ERR_IO, "%s: cannot read: %s", t->display, strerror(errno));
        goto out;
    }
    rc = classify(t, t->head, t->head_len, path, e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = open_csv(t, sheet, e);
        goto out;
    }
    t->kind = TABLE_XLSX;
    if (regular) {
        fclose(t->fp);
        t->fp = NULL;
        rc = xlsx_read_open(t, path, NULL, 0, sheet, e);
    } else {
        size_t len = 0;
        rc = slurp(t, &len, e);
        if (rc == 0)
            rc = xlsx_read_open(t, NULL, t->owned, len, sheet, e);
    }
out:
    if (rc) {
        table_close(t);
        return rc;
    }
    *out = t;
    return 0;
}

int table_open_mem(struct table_reader **out, const void *data, size_t len, const char *display,
                   const char *sheet, struct err *e)
{
    struct table_reader *t = xcalloc(1, sizeof *t);
    int rc;

    *out = NULL;
    t->display = xstrdup(display ? display : "(input)");
    t->mem = data;
    t->mem_len = len;
    t->total = len;
    rc = classify(t, data, len, NULL, e);
    if (rc < 0)
        goto out;
    if (rc == 0) {
        rc = open_csv(t, sheet, e);
        goto out;
    }
    t->kind = TABLE_XLSX;
    rc = xlsx_read_open(t, NULL, data, len, sheet, e);
out:
    if (rc) {
        table_close(t);
        return rc;
    }
    *out = t;
    return 0;
}

enum table_kind table_kind(const struct table_reader *t)
{
    return t->kind;
}

int table_date1904(const struct table_reader *t)
{
    return t->kind == TABLE_XLSX ? xlsx_read_date1904(t) : 0;
}

int table_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
               void *ctx, struct err *e)
{
    if (t->used)
        return err_set(e, ERR_INPUT, "%s: the table has already been read", t->display);
    t->used = 1;
    if (t->kind == TABLE_XLSX)
        return xlsx_read_each(t, fn, ctx, e);
    return csv_read_each(t, fn, ctx, e);
}

void table_where(const struct table_reader *t, const struct table_row *row, size_t col,
                 const char *field, char *buf, size_t n)
{
    if (n == 0)
        return;
    if (t->kind == TABLE_XLSX) {
        xlsx_read_where(t, row, col, buf, n);
        return;
    }
    if (field && *field)
        snprintf(buf, n, "%s:%ld:%s", t->display, row->line, field);
    else
        snprintf(buf, n, "%s:%ld", t->display, row->line);
}

void table_progress(const struct table_reader *t, size_t *done, size_t *total)
{
    *done = t->done;
    *total = t->total;
}

void table_close(struct table_reader *t)
{
    if (!t)
        return;
    if (t->csv)
        csv_read_close(t);
    if (t->xlsx)
        xlsx_read_close(t);
    if (t->fp)
        fclose(t->fp);
    free(t->head);
    free(t->owned);
    free(t->display);
    free(t);
}
