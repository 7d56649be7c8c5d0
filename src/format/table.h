/* table.h -- reading a table of text cells, from a CSV file or a sheet of an
 * XLSX workbook, row by row, each row knowing where it came from.
 *
 * Imports read every file through this interface, so that a bad value is
 * named the same way whatever the file: "FILE:LINE:FIELD: message" for CSV
 * (LINE the physical line where the record starts, the header being line 1;
 * FIELD the column's header name) and "FILE:SHEET!B5: message" for a sheet.
 *
 * Reading streams: memory stays bounded whatever the file's size.
 * Ownership: a row and its cells are valid only during the callback. */
#ifndef OVERSIGHT_TABLE_H
#define OVERSIGHT_TABLE_H

#include <stddef.h>

#include "base/err.h"

enum table_kind { TABLE_CSV, TABLE_XLSX };

struct table_cell {
    const char *text; /* NUL-terminated, valid UTF-8 (unless the row has problem set) */
    size_t len;
    int numeric;      /* XLSX: a number cell (text is the number as stored, e.g. "45342") */
};

struct table_row {
    long line;                /* CSV: first physical line of the record; XLSX: row number */
    size_t ncells;
    struct table_cell *cells; /* XLSX rows are padded with empty cells to the widest row seen so far */
    /* A problem that spoils this row but lets reading go on (invalid UTF-8, a
     * NUL byte): a message, and the 0-based cell it was found in. NULL if none. */
    const char *problem;
    size_t problem_cell;
};

struct table_reader;

/* Opens path as XLSX (by its content: a zip archive) or else CSV. For XLSX,
 * sheet names the sheet to read (NULL: the first). display is the name used
 * in messages (NULL: path). */
int table_open(struct table_reader **out, const char *path, const char *display,
               const char *sheet, struct err *e);
/* The same from memory (fuzzing, web uploads); data must outlive the reader. */
int table_open_mem(struct table_reader **out, const void *data, size_t len, const char *display,
                   const char *sheet, struct err *e);
enum table_kind table_kind(const struct table_reader *t);
/* 1 if the workbook counts dates from 1904 (<workbookPr date1904="1">), so
 * that numeric date cells go to date_from_excel(serial, 1, ...); 0 otherwise
 * and for CSV. */
int table_date1904(const struct table_reader *t);

/* Calls fn for every row, the header row included, in order. fn returns 0 to
 * go on or non-zero to stop (table_each then returns that value). Returns 0 at
 * the end of the table, or a negative ERR_* when the file cannot be read on
 * (an unterminated quote, a damaged workbook, an I/O error), with the message
 * naming where. Blank lines in CSV and empty rows in XLSX are skipped. The
 * table is read once: a second call fails with ERR_INPUT. */
int table_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
               void *ctx, struct err *e);

/* Writes where cell col of row is, without a trailing ": ": "FILE:LINE:FIELD"
 * for CSV (field: the header name of that column, or "" to leave it off) or
 * "FILE:SHEET!B5" for XLSX. */
void table_where(const struct table_reader *t, const struct table_row *row, size_t col,
                 const char *field, char *buf, size_t n);

/* Bytes consumed so far and the total, for a progress bar (total 0 if unknown). */
void table_progress(const struct table_reader *t, size_t *done, size_t *total);

void table_close(struct table_reader *t);

#endif
