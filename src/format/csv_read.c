/* csv_read.c -- reading CSV with libcsv, streaming, each record knowing the
 * physical line it starts on.
 *
 * libcsv is fed one physical line at a time (a line split across read chunks
 * in pieces), so that after each line its public pstate tells whether a
 * record is open: a record starts on the first line fed while none was open,
 * and a record that a quoted newline carries over several lines is named by
 * its first. Fields go into a reusable row buffer; nothing is allocated per
 * row. libcsv trims spaces and tabs around unquoted fields, and around the
 * quotes of quoted ones, as spreadsheets expect. */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/xalloc.h"
#include "format/table_impl.h"

/* libcsv's parser states (its pstate field); csv.h does not export them. */
enum { CSV_ROW_NOT_BEGUN = 0, CSV_FIELD_MIGHT_HAVE_ENDED = 3 };

struct csv_read {
    struct csv_parser p;
    struct table_rowbuf row;
    long line;               /* the physical line being fed, 1-based */
    long rec_line;           /* the line the record being parsed started on */
    int eol;                 /* what ends a physical line: LF (and CRLF), or a bare CR */
    int at_line_start;
    int stopped;             /* a callback asked to stop; rc says why */
    int rc;
    int (*fn)(void *ctx, const struct table_row *row);
    void *ctx;
    struct table_reader *t;
    struct err *e;
};

static void stop(struct csv_read *c, int rc)
{
    c->stopped = 1;
    c->rc = rc;
}

static void on_field(void *s, size_t len, void *data)
{
    struct csv_read *c = data;

    if (c->stopped)
        return;
    if (len > TABLE_FIELD_MAX) {
        stop(c, err_set(c->e, ERR_LIMIT, "%s:%ld: a field is longer than %zu MiB",
                        c->t->display, c->rec_line, TABLE_FIELD_MAX >> 20));
        return;
    }
    if (c->row.n >= TABLE_COLS_MAX) {
        stop(c, err_set(c->e, ERR_LIMIT, "%s:%ld: more than %d fields in a record",
                        c->t->display, c->rec_line, TABLE_COLS_MAX));
        return;
    }
    if (table_rowbuf_set(&c->row, c->row.n, s ? s : "", len, 0))
        stop(c, err_set(c->e, ERR_LIMIT, "%s:%ld: a record is longer than %zu MiB",
                        c->t->display, c->rec_line, TABLE_ROW_MAX >> 20));
}

static void on_row(int term, void *data)
{
    struct csv_read *c = data;
    struct table_row row;
    int r;

    if (c->stopped)
        return;
    table_rowbuf_finish(&c->row, &row, 0);
    row.line = c->rec_line;
    r = c->fn(c->ctx, &row);
    table_rowbuf_reset(&c->row);
    /* A bare CR ends a record mid-line: the next one starts on this line. */
    c->rec_line = c->line;
    if (r)
        stop(c, r);
}

/* Fails for the malformed quoting libcsv stopped at. */
static int parse_error(struct csv_read *c)
{
    const char *what = c->p.pstate == CSV_FIELD_MIGHT_HAVE_ENDED
                           ? "text after the closing quote of a quoted field"
                           : "a quote inside an unquoted field (quote the whole field and "
                             "double the quote)";
    if (c->line != c->rec_line)
        return err_set(c->e, ERR_INPUT, "%s:%ld: malformed quoting on line %ld: %s",
                       c->t->display, c->rec_line, c->line, what);
    return err_set(c->e, ERR_INPUT, "%s:%ld: malformed quoting: %s", c->t->display,
                   c->rec_line, what);
}

/* Excel for Mac still offers "CSV (Macintosh)", whose lines end in a bare
 * CR; libcsv reads those fine, but lines would not be counted. The first line
 * end in the file decides. */
static int line_end(const unsigned char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] == '\n')
            return '\n';
        if (p[i] == '\r')
            return i + 1 < n && p[i + 1] != '\n' ? '\r' : '\n';
    }
    return '\n';
}

/* Feeds p[0..n) to libcsv line by line. Returns 0 to go on, or what stops
 * reading. */
static int feed(struct csv_read *c, const unsigned char *p, size_t n)
{
    while (n > 0) {
        const unsigned char *nl = memchr(p, c->eol, n);
        size_t k = nl ? (size_t)(nl - p) + 1 : n;

        if (c->at_line_start && c->p.pstate == CSV_ROW_NOT_BEGUN)
            c->rec_line = c->line;
        c->at_line_start = 0;
        if (csv_parse(&c->p, p, k, on_field, on_row, c) != k && !c->stopped)
            return c->p.status == CSV_EPARSE ? parse_error(c)
                                             : err_set(c->e, ERR_LIMIT, "%s:%ld: %s",
                                                       c->t->display, c->rec_line,
                                                       csv_strerror(c->p.status));
        if (c->stopped)
            return c->rc;
        /* A field still open (a quote never closed) must not grow past the
         * limit while the rest of the file is swallowed into it. */
        if (c->p.entry_pos > TABLE_FIELD_MAX)
            return err_set(c->e, ERR_LIMIT, "%s:%ld: a field is longer than %zu MiB",
                           c->t->display, c->rec_line, TABLE_FIELD_MAX >> 20);
        c->t->done += k;
        p += k;
        n -= k;
        if (nl) {
            c->line++;
            c->at_line_start = 1;
        }
    }
    return 0;
}

int csv_read_open(struct table_reader *t, struct err *e)
{
    struct csv_read *c = xcalloc(1, sizeof *c);

    if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        free(c);
        return err_set(e, ERR_INPUT, "%s: cannot start the CSV parser", t->display);
    }
    /* libcsv grows its field buffer by this step (linearly), so the default
     * 128 bytes would make a long field cost thousands of reallocations. */
    csv_set_blk_size(&c->p, TABLE_CHUNK);
    csv_set_realloc_func(&c->p, xrealloc);
    csv_set_free_func(&c->p, free);
    table_rowbuf_init(&c->row);
    c->line = c->rec_line = 1;
    c->at_line_start = 1;
    c->t = t;
    t->csv = c;
    return 0;
}

int csv_read_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
                  void *ctx, struct err *e)
{
    struct csv_read *c = t->csv;
    const unsigned char *p;
    size_t n;
    int rc;

    c->fn = fn;
    c->ctx = ctx;
    c->e = e;
    if (t->fp) {
        p = t->head;
        n = t->head_len;
    } else {
        p = t->mem;
        n = t->mem_len;
    }
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        n -= 3;
        t->done += 3;
    }
    c->eol = line_end(p, n);
    rc = feed(c, p, n);
    if (rc)
        return rc;
    if (t->fp) {
        /* The head buffer is done with: read the rest of the file into it. */
        while ((n = fread(t->head, 1, TABLE_CHUNK, t->fp)) > 0) {
            rc = feed(c, t->head, n);
            if (rc)
                return rc;
        }
        if (ferror(t->fp))
            return err_set(e, ERR_IO, "%s:%ld: cannot read: %s", t->display, c->line,
                           strerror(errno));
    }
    if (csv_fini(&c->p, on_field, on_row, c) != 0 && !c->stopped)
        return err_set(e, ERR_INPUT, "%s:%ld: unterminated quoted field", t->display,
                       c->rec_line);
    return c->stopped ? c->rc : 0;
}

void csv_read_close(struct table_reader *t)
{
    struct csv_read *c = t->csv;

    csv_free(&c->p);
    table_rowbuf_release(&c->row);
    free(c);
    t->csv = NULL;
}
