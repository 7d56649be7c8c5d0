/* table_impl.h -- what table.c shares with the readers behind it (csv_read.c,
 * xlsx_read.c): the reader struct, the size limits, the reusable row buffer
 * and the UTF-8 check. Private to src/format. */
#ifndef OVERSIGHT_TABLE_IMPL_H
#define OVERSIGHT_TABLE_IMPL_H

#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "format/table.h"

/* Input is read, and XML parts are inflated, this much at a time. */
#define TABLE_CHUNK ((size_t)64 << 10)
/* No real register has cells or rows anywhere near these: past them the input
 * is a mistake or an attack, and an ordinary ERR_LIMIT. */
#define TABLE_FIELD_MAX ((size_t)1 << 20)
#define TABLE_ROW_MAX ((size_t)16 << 20)
#define TABLE_COLS_MAX 16384 /* Excel's own limit, column XFD */

struct csv_read;
struct xlsx_read;

struct table_reader {
    enum table_kind kind;
    char *display;                 /* the file's name in messages */
    FILE *fp;                      /* CSV read from a file */
    unsigned char *head;           /* the first chunk of a file, read to tell its kind */
    size_t head_len;
    const unsigned char *mem;      /* CSV in memory (table_open_mem) */
    size_t mem_len;
    unsigned char *owned;          /* a workbook read from a pipe into memory */
    size_t done, total;            /* table_progress */
    int used;                      /* table_each has run */
    struct csv_read *csv;
    struct xlsx_read *xlsx;
};

/* A row being assembled: cell texts one after another in text, each
 * NUL-terminated, found by offset until table_row_finish points the cells at
 * them (the buffer may move while it grows). Kept across rows, so that
 * reading allocates nothing per row once the widest row has been seen. */
struct table_rowbuf {
    struct buf text;
    struct table_cell *cells;
    size_t *off;
    size_t n, cap;
    const char *problem;
    size_t problem_cell;
};

void table_rowbuf_init(struct table_rowbuf *r);
void table_rowbuf_reset(struct table_rowbuf *r);
void table_rowbuf_release(struct table_rowbuf *r);
/* Sets cell col (0-based) to s[0..len), first padding with empty cells up to
 * col; setting a cell again replaces it. Notes the row's first UTF-8 or NUL
 * problem. Returns 0, or ERR_LIMIT when the row would exceed TABLE_ROW_MAX
 * (the caller checks col against TABLE_COLS_MAX). */
int table_rowbuf_set(struct table_rowbuf *r, size_t col, const char *s, size_t len, int numeric);
/* Pads the row to at least min cells and fills row (line left to the caller). */
void table_rowbuf_finish(struct table_rowbuf *r, struct table_row *row, size_t min);

/* NULL when s[0..n) is valid UTF-8 without NUL bytes (no overlong forms, no
 * surrogates, nothing past U+10FFFF), else "invalid UTF-8" or "NUL byte". */
const char *table_utf8_problem(const char *s, size_t n);

/* The readers. Each open fills t->csv or t->xlsx and returns 0, or an ERR_*
 * with the message in e (t is then closed by the caller). */
int csv_read_open(struct table_reader *t, struct err *e);
int csv_read_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
                  void *ctx, struct err *e);
void csv_read_close(struct table_reader *t);

/* path, or else data[0..len), is the workbook. */
int xlsx_read_open(struct table_reader *t, const char *path, const void *data, size_t len,
                   const char *sheet, struct err *e);
int xlsx_read_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
                   void *ctx, struct err *e);
void xlsx_read_where(const struct table_reader *t, const struct table_row *row, size_t col,
                     char *buf, size_t n);
int xlsx_read_date1904(const struct table_reader *t);
void xlsx_read_close(struct table_reader *t);

#endif
