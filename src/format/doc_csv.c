/* doc_csv.c -- every table of a paper in one CSV file.
 *
 * One rectangular table, so that a spreadsheet or a data frame reads it as
 * it is: a header row "table,c1,c2,...", then each table's rows (its header
 * rows too) with the table's name in the first column, colspans written as
 * empty cells and narrower tables padded to the widest. Cells that a
 * spreadsheet would run as formulas are neutralised by csv_write. */
#include <stdio.h>
#include <stdlib.h>

#include "base/xalloc.h"
#include "format/csv_write.h"
#include "format/doc.h"

int doc_render_csv(const struct doc *d, struct buf *out, struct err *e)
{
    size_t width = 0;
    const char **cells = NULL;
    char (*names)[24] = NULL;
    int rc = 0;

    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].table->ncols > width)
            width = d->blocks[i].table->ncols;
    cells = xcalloc(width + 1, sizeof *cells);
    names = xcalloc(width + 1, sizeof *names);

    cells[0] = "table";
    for (size_t c = 1; c <= width; c++) {
        snprintf(names[c], sizeof names[c], "c%zu", c);
        cells[c] = names[c];
    }
    rc = csv_write_row(out, cells, width + 1);

    for (size_t i = 0; i < d->nblocks && rc == 0; i++) {
        const struct doc_table *t = d->blocks[i].table;
        if (d->blocks[i].kind != DOC_TABLE)
            continue;
        for (size_t r = 0; r < t->nrows && rc == 0; r++) {
            const struct doc_row *row = &t->rows[r];
            size_t col = 1;
            cells[0] = t->name;
            for (size_t k = 0; k < row->ncells && col <= t->ncols; k++) {
                cells[col++] = row->cells[k].text;
                for (int s = 1; s < row->cells[k].colspan && col <= t->ncols; s++)
                    cells[col++] = "";
            }
            while (col <= width)
                cells[col++] = "";
            rc = csv_write_row(out, cells, width + 1);
        }
    }
    if (rc)
        err_set(e, rc, "the paper is larger than the %zu bytes allowed", out->max);
    free(cells);
    free(names);
    return rc;
}
