/* fuzz_date.c -- libFuzzer entry point for the date parsers: date_parse,
 * moment_parse and date_from_excel on arbitrary input, and whatever they
 * accept must be a real date that formats and parses back to itself. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

static void check_day(int32_t d, int excel)
{
    char buf[DATE_BUFSZ], label[16];
    int32_t back;
    int y, m, dd, fy, q;

    date_to_ymd(d, &y, &m, &dd);
    if (!date_valid_ymd(y, m, dd) || (excel && (y < 1900 || y > 9999)))
        __builtin_trap();
    date_format(d, buf);
    if (date_parse(buf, strlen(buf), &back) != 0 || back != d)
        __builtin_trap();
    date_fin_quarter(d, &fy, &q);
    if (q < 1 || q > 4 || date_fin_quarter_start(fy, q) > d || date_fin_quarter_end(fy, q) < d)
        __builtin_trap();
    date_fin_quarter_label(d, label);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char buf[MOMENT_BUFSZ], *text, *end;
    int32_t d;
    int64_t mo, back;
    double serial;
    int sys;

    if (date_parse(s, size, &d) == 0)
        check_day(d, 0);
    if (moment_parse(s, size, &mo) == 0) {
        moment_format(mo, buf);
        if (moment_parse(buf, strlen(buf), &back) != 0 || back != mo)
            __builtin_trap();
    }
    /* The bytes as a double, and the text as a number, as Excel serials. */
    if (size >= sizeof serial) {
        memcpy(&serial, data, sizeof serial);
        for (sys = 0; sys < 2; sys++)
            if (date_from_excel(serial, sys, &d) == 0)
                check_day(d, 1);
    }
    text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    serial = strtod(text, &end);
    if (end != text)
        for (sys = 0; sys < 2; sys++)
            if (date_from_excel(serial, sys, &d) == 0)
                check_day(d, 1);
    free(text);
    return 0;
}
