/* fuzz_xlsx.c -- libFuzzer entry point for the workbook reader. Input that
 * starts with "PK" is a whole workbook; anything else is split at NUL bytes
 * into the XML of a sheet, of the shared strings and of the workbook, which
 * are zipped (stored, in memory) with the other parts a workbook needs, so
 * that mutations reach the XML handlers instead of failing zip checks. Every
 * row goes through table_where. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "format/table.h"

static struct table_reader *reader;

static const char WORKBOOK[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"1\"/><sheets><sheet name=\"Updates\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/></Relationships>";

static int row_fn(void *ctx, const struct table_row *row)
{
    char where[128];
    size_t i;

    if (row->line < 1 || row->ncells == 0)
        __builtin_trap();
    for (i = 0; i < row->ncells; i++)
        if (row->cells[i].text[row->cells[i].len] != '\0')
            __builtin_trap();
    if (row->problem && row->problem_cell >= row->ncells)
        __builtin_trap();
    for (i = 0; i < row->ncells; i++)
        table_where(reader, row, i, NULL, where, sizeof where);
    table_where(reader, row, 16383, NULL, where, 5);
    return 0;
}

static void read_book(const void *data, size_t size, const char *sheet)
{
    struct err e;

    if (table_open_mem(&reader, data, size, "fuzz.xlsx", sheet, &e) != 0)
        return;
    (void)table_date1904(reader);
    table_each(reader, row_fn, NULL, &e);
    table_close(reader);
}

static void add(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, p, n, 0);
    zip_int64_t i;

    if (!s)
        return;
    i = zip_file_add(z, name, s, 0);
    if (i < 0) {
        zip_source_free(s);
        return;
    }
    zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Zips the parts in memory and reads the result. */
static void read_parts(const uint8_t *data, size_t size)
{
    const uint8_t *part[3] = {data, NULL, NULL};
    size_t len[3] = {size, 0, 0}, k;
    zip_error_t ze;
    zip_source_t *src;
    zip_t *z;
    zip_int64_t n;
    void *book = NULL;

    for (k = 0; k < 2; k++) {
        const uint8_t *nul = memchr(part[k], 0, len[k]);
        if (!nul)
            break;
        part[k + 1] = nul + 1;
        len[k + 1] = len[k] - (size_t)(nul - part[k]) - 1;
        len[k] = (size_t)(nul - part[k]);
    }
    zip_error_init(&ze);
    src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!src)
        goto out;
    zip_source_keep(src);
    z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!z) {
        zip_source_free(src);
        src = NULL;
        goto out;
    }
    add(z, "xl/workbook.xml", part[2] ? (const void *)part[2] : WORKBOOK,
        part[2] ? len[2] : strlen(WORKBOOK));
    add(z, "xl/_rels/workbook.xml.rels", RELS, strlen(RELS));
    add(z, "xl/worksheets/sheet1.xml", part[0], len[0]);
    if (part[1])
        add(z, "xl/sharedStrings.xml", part[1], len[1]);
    if (zip_close(z) != 0) {
        zip_discard(z);
        goto out;
    }
    if (zip_source_open(src) != 0)
        goto out;
    zip_source_seek(src, 0, SEEK_END);
    n = zip_source_tell(src);
    zip_source_seek(src, 0, SEEK_SET);
    if (n > 0) {
        book = malloc((size_t)n);
        if (book && zip_source_read(src, book, (zip_uint64_t)n) == n) {
            read_book(book, (size_t)n, NULL);
            read_book(book, (size_t)n, "updates");
        }
    }
    zip_source_close(src);
out:
    free(book);
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        read_book(data, size, NULL);
    else
        read_parts(data, size);
    return 0;
}
