/* form.c -- the bounded application/x-www-form-urlencoded parser. */
#include "web/form.h"

#include <string.h>

int form_parse(const char *s, size_t n, struct arena *a, struct web_field **out, size_t *nout,
               struct err *e)
{
    size_t count = 0, i = 0, k = 0;
    struct web_field *f;

    *out = NULL;
    *nout = 0;
    if (n == 0)
        return 0;
    /* Count first, so the array is allocated once and the limit is checked
     * before any decoding work. */
    for (size_t p = 0; p <= n; p++)
        if (p == n || s[p] == '&')
            count++;
    if (count > FORM_MAX_FIELDS)
        return err_set(e, ERR_LIMIT, "more than %d form fields", FORM_MAX_FIELDS);
    f = arena_alloc(a, (count ? count : 1) * sizeof *f);
    while (i <= n) {
        const char *pair = s + i, *amp = memchr(pair, '&', n - i), *eq;
        size_t len = amp ? (size_t)(amp - pair) : n - i;
        size_t nlen;

        i += len + 1;
        if (len == 0)
            continue;
        eq = memchr(pair, '=', len);
        nlen = eq ? (size_t)(eq - pair) : len;
        if (nlen > FORM_MAX_NAME * 3)
            return err_set(e, ERR_LIMIT, "a form field name is longer than %d bytes", FORM_MAX_NAME);
        f[k].name = web_pct_decode(a, pair, nlen, 1);
        f[k].value = eq ? web_pct_decode(a, eq + 1, len - nlen - 1, 1) : "";
        if (!f[k].name || !f[k].value)
            return err_set(e, ERR_INPUT, "field %zu: a bad %%-escape, a NUL or text that is not UTF-8",
                           k + 1);
        if (strlen(f[k].name) > FORM_MAX_NAME)
            return err_set(e, ERR_LIMIT, "a form field name is longer than %d bytes", FORM_MAX_NAME);
        k++;
    }
    *out = f;
    *nout = k;
    return 0;
}

const char *form_get(const struct web_field *f, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].name, name) == 0)
            return f[i].value;
    return NULL;
}
