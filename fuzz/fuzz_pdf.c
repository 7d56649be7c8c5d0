/* fuzz_pdf.c -- libFuzzer entry point for the PDF reader: arbitrary bytes
 * through report_read_pdf (at most 4 pages, inputs up to 256 KiB, so that
 * poppler's work on garbage stays bounded: run with -timeout), and the lines
 * read through the extractor. Checked: a read either fails with a message or
 * gives lines whose pages are those of the document. */
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "domain/extract.h"
#include "format/report_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct report_text rt;
    struct extract_item *it;
    struct err e;
    size_t n;

    if (size > ((size_t)256 << 10))
        return 0;
    arena_init(&a);
    if (report_read_pdf(data, size, "fuzz.pdf", 4, &a, &rt, &e) == 0) {
        for (size_t i = 0; i < rt.n; i++)
            if (rt.lines[i].page < 1 || rt.lines[i].page > rt.pages || !rt.lines[i].text)
                __builtin_trap();
        extract_items(rt.lines, rt.n, &a, &it, &n);
    } else if (!e.msg[0]) {
        __builtin_trap();
    }
    arena_release(&a);
    return 0;
}
