/* fuzz_extract.c -- libFuzzer entry point for the extractor: arbitrary bytes
 * as a report's lines (split at newlines, a form feed starting a page, a
 * line starting with 0x01 marked a heading), through extract_items, and the
 * whole input through the deadline, addressee, ref and similarity functions.
 * Checked: every item has a kind, a text and a page of the report. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "domain/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct extract_line *lines = malloc((size + 1) * sizeof *lines);
    struct extract_item *it;
    struct arena a;
    size_t n = 0, start = 0, k;
    int page = 1;
    const char *phrase, *due;
    char prefix[16];

    if (!lines)
        return 0;
    arena_init(&a);
    for (size_t i = 0; i <= size; i++) {
        if (i < size && s[i] != '\n' && s[i] != '\f')
            continue;
        lines[n].text = s + start;
        lines[n].len = i - start;
        lines[n].page = page;
        lines[n].flags = 0;
        if (lines[n].len && s[start] == 1) {
            lines[n].text++;
            lines[n].len--;
            lines[n].flags = EXTRACT_HEADING;
        }
        n++;
        if (i < size && s[i] == '\f')
            page++;
        start = i + 1;
    }
    extract_items(lines, n, &a, &it, &k);
    for (size_t i = 0; i < k; i++) {
        if (!it[i].text || !it[i].text[0] || it[i].page < 1 || it[i].page > page ||
            (it[i].kind != AK_RECOMMENDATION && it[i].kind != AK_AFI &&
             it[i].kind != AK_CAUSE_OF_CONCERN))
            __builtin_trap();
        (void)strlen(it[i].section ? it[i].section : "");
    }
    extract_deadline(s, size, &a, &phrase, &due);
    if (!memchr(s, 0, size)) {
        char *z = arena_strndup(&a, s, size);
        extract_ref_prefix(z, prefix, sizeof prefix);
        (void)extract_addressee(z, size, &a);
        (void)extract_same_text(z, z + size / 2);
    }
    arena_release(&a);
    free(lines);
    return 0;
}
