/* fuzz_multipart.c -- libFuzzer entry point for the multipart/form-data
 * parser. The input's first line is the Content-Type (when it starts with
 * "multipart/"), the rest the body. Whatever it accepts must lie inside the
 * body, with names and filenames clean UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/http.h"
#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *nl = memchr(s, '\n', size);
    char *ct = NULL;
    const char *body = s;
    size_t blen = size;
    struct arena a;
    struct multipart_part *p;
    size_t n;
    struct err e = {0};

    if (nl && size >= 10 && memcmp(s, "multipart/", 10) == 0) {
        ct = malloc((size_t)(nl - s) + 1);
        memcpy(ct, s, (size_t)(nl - s));
        ct[nl - s] = '\0';
        body = nl + 1;
        blen = size - (size_t)(nl - s) - 1;
    }
    arena_init(&a);
    if (multipart_parse(ct ? ct : "multipart/form-data; boundary=x", body, blen, &a, &p, &n, &e) ==
        0) {
        if (n > MULTIPART_MAX_PARTS)
            __builtin_trap();
        for (size_t i = 0; i < n; i++) {
            if (p[i].data < body || p[i].data + p[i].len > body + blen)
                __builtin_trap();
            if (!web_utf8_valid(p[i].name, strlen(p[i].name)) ||
                (p[i].filename && !web_utf8_valid(p[i].filename, strlen(p[i].filename))))
                __builtin_trap();
        }
    } else if (e.msg[0] == '\0') {
        __builtin_trap();
    }
    arena_release(&a);
    free(ct);
    return 0;
}
