/* csv_write.h -- writing CSV rows (RFC 4180, LF line ends).
 *
 * Cells beginning with = + - @ (which spreadsheet programs would run as
 * formulas) are neutralised with a leading apostrophe; csv_unneutralise undoes
 * that on import, so an export imported again reads back the same text. */
#ifndef OVERSIGHT_CSV_WRITE_H
#define OVERSIGHT_CSV_WRITE_H

#include <stddef.h>

#include "base/buf.h"

/* Appends one row of n cells and a newline. */
int csv_write_row(struct buf *b, const char *const *cells, size_t n);
int csv_write_cell(struct buf *b, const char *s, size_t len);
/* Returns the offset to skip (1 for a neutralised cell, else 0). */
size_t csv_unneutralise(const char *s, size_t n);

#endif
