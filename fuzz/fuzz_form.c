/* fuzz_form.c -- libFuzzer entry point for the form parser (bodies and
 * query strings): whatever it accepts must be clean text, each name and
 * value UTF-8 without NULs, and never more fields than the limit. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "web/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    struct web_field *f;
    size_t n;
    struct err e = {0};

    arena_init(&a);
    if (form_parse((const char *)data, size, &a, &f, &n, &e) == 0) {
        if (n > FORM_MAX_FIELDS)
            __builtin_trap();
        for (size_t i = 0; i < n; i++)
            if (!web_utf8_valid(f[i].name, strlen(f[i].name)) ||
                !web_utf8_valid(f[i].value, strlen(f[i].value)) ||
                strlen(f[i].name) > FORM_MAX_NAME || form_get(f, n, f[i].name) == NULL)
                __builtin_trap();
    } else if (e.msg[0] == '\0') {
        __builtin_trap();
    }
    arena_release(&a);
    return 0;
}
