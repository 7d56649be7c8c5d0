/* fuzz_csv.c -- libFuzzer entry point: arbitrary bytes through table_open_mem
 * and table_each (as CSV, or as a workbook when they start like a zip), with
 * table_where on every row and the reader's promises checked: lines ascend,
 * texts are NUL-terminated at len, and a row without a problem is valid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "format/table.h"

static struct table_reader *reader;
static long last_line;

/* An independent, plain decoder: 1 if s[0..n) is UTF-8 without NUL bytes,
 * overlong forms, surrogates or code points past U+10FFFF. */
static int plain_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        unsigned c = s[i], cp, k, len;
        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            len = 2, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            len = 3, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            len = 4, cp = c & 0x07;
        else
            return 0;
        if (n - i < len)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += len;
    }
    return 1;
}

static int row_fn(void *ctx, const struct table_row *row)
{
    char where[128];
    size_t i;
    int valid = 1;

    if (row->line < 1 || row->line < last_line)
        __builtin_trap();
    last_line = row->line;
    for (i = 0; i < row->ncells; i++) {
        const struct table_cell *c = &row->cells[i];
        if (c->text[c->len] != '\0')
            __builtin_trap();
        if (!plain_utf8((const unsigned char *)c->text, c->len))
            valid = 0;
    }
    /* A problem is reported exactly when some cell is not clean UTF-8. */
    if (valid != !row->problem || (row->problem && row->problem_cell >= row->ncells))
        __builtin_trap();
    table_where(reader, row, row->ncells ? row->ncells - 1 : 0, "status", where, sizeof where);
    table_where(reader, row, 0, "", where, sizeof where);
    table_where(reader, row, 16383, NULL, where, 4);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct err e;
    size_t done, total;

    if (table_open_mem(&reader, data, size, "fuzz.csv", NULL, &e) != 0)
        return 0;
    last_line = 0;
    table_each(reader, row_fn, NULL, &e);
    table_progress(reader, &done, &total);
    if (table_kind(reader) == TABLE_CSV && (done > total || total != size))
        __builtin_trap();
    table_close(reader);
    return 0;
}
