/* fuzz_docx.c -- libFuzzer entry point for the DOCX reader. Input that
 * starts with "PK" is a whole document; anything else is split at NUL bytes
 * into word/document.xml, word/numbering.xml and word/styles.xml, zipped
 * (stored, in memory), so that mutations reach the XML handlers instead of
 * failing zip checks. The lines read go through the extractor. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/extract.h"
#include "format/report_read.h"

static void read_doc(const void *data, size_t size)
{
    struct arena a;
    struct report_text rt;
    struct extract_item *it;
    struct err e;
    size_t n;

    arena_init(&a);
    if (report_read_docx(data, size, "fuzz.docx", &a, &rt, &e) == 0) {
        for (size_t i = 0; i < rt.n; i++)
            if (rt.lines[i].page < 1 || rt.lines[i].page > rt.pages || !rt.lines[i].text ||
                memchr(rt.lines[i].text, '\n', rt.lines[i].len))
                __builtin_trap();
        extract_items(rt.lines, rt.n, &a, &it, &n);
    } else if (!e.msg[0]) {
        __builtin_trap();
    }
    arena_release(&a);
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
    static const char *const NAMES[] = {"word/document.xml", "word/numbering.xml",
                                        "word/styles.xml"};
    const uint8_t *part[3] = {data, NULL, NULL};
    size_t len[3] = {size, 0, 0}, k;
    zip_error_t ze;
    zip_source_t *src;
    zip_t *z;
    zip_int64_t n;
    void *doc = NULL;

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
    for (k = 0; k < 3; k++)
        if (part[k])
            add(z, NAMES[k], part[k], len[k]);
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
        doc = malloc((size_t)n);
        if (doc && zip_source_read(src, doc, (zip_uint64_t)n) == n)
            read_doc(doc, (size_t)n);
    }
    zip_source_close(src);
out:
    free(doc);
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size >= 2 && data[0] == 'P' && data[1] == 'K')
        read_doc(data, size);
    else
        read_parts(data, size);
    return 0;
}
