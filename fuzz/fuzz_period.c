/* fuzz_period.c -- libFuzzer entry point for the measures' parsers of
 * untrusted cells: period_parse, measure_number_parse, and the rebase and
 * annotation lists. A period accepted formats and parses back to itself; a
 * number accepted is finite; a list accepted has what its parser promises
 * (rebases ascending from 2, every text non-empty). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/measures.h"
#include "domain/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char buf[PERIOD_BUFSZ], why[256], *text;
    struct period p, back;
    struct measure_rebase *rb;
    struct measure_note *nt;
    struct arena a;
    size_t n;
    double v;

    if (period_parse(s, size, &p) == 0) {
        period_format(p, buf);
        if (period_parse(buf, strlen(buf), &back) != 0 || period_cmp(p, back) != 0 ||
            back.kind != p.kind)
            __builtin_trap();
        if (period_last_month(p) < period_first_month(p) ||
            period_cmp(period_prev(p), p) >= 0 || period_cmp(period_next(p), p) <= 0)
            __builtin_trap();
        period_label(p, buf);
        period_span_words(p, why, sizeof why);
    }
    if (measure_number_parse(s, size, &v) == 0 && !isfinite(v))
        __builtin_trap();
    text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    arena_init(&a);
    if (measure_rebases_parse(text, &a, &rb, &n, why, sizeof why) == 0)
        for (size_t k = 0; k < n; k++)
            if (rb[k].at < 2 || (k && rb[k].at <= rb[k - 1].at) || !*rb[k].reason)
                __builtin_trap();
    if (measure_notes_parse(text, &a, &nt, &n, why, sizeof why) == 0)
        for (size_t k = 0; k < n; k++)
            if (!*nt[k].text || nt[k].period.kind == PERIOD_NONE)
                __builtin_trap();
    arena_release(&a);
    free(text);
    return 0;
}
