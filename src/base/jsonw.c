/* jsonw.c -- JSON string escaping and number formatting. */
#include "base/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int jsonw_strn(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0;
    int rc = buf_addc(b, '"');
    for (size_t i = 0; i < n && rc == 0; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[7];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        rc = buf_add(b, s + start, i - start);
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            memcpy(u, "\\u00", 4);
            u[4] = hex[c >> 4];
            u[5] = hex[c & 15];
            u[6] = '\0';
            esc = u;
        }
        rc = rc ? rc : buf_adds(b, esc);
        start = i + 1;
    }
    rc = rc ? rc : buf_add(b, s + start, n - start);
    return rc ? rc : buf_addc(b, '"');
}

int jsonw_str(struct buf *b, const char *s)
{
    return s ? jsonw_strn(b, s, strlen(s)) : buf_adds(b, "null");
}

int jsonw_int(struct buf *b, int64_t v)
{
    return buf_addf(b, "%lld", (long long)v);
}

int jsonw_num(struct buf *b, double v)
{
    char tmp[40];
    if (!isfinite(v))
        return buf_adds(b, "null");
    if (fabs(v) < 1e15 && v == (double)(int64_t)v) /* the cast only in range */
        return jsonw_int(b, (int64_t)v);
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    /* Write exponents out for magnitudes a reader expects plainly. */
    if (strchr(tmp, 'e') && fabs(v) >= 1e-6 && fabs(v) < 1e21) {
        char plain[64];
        for (int dec = 0; dec <= 20; dec++) {
            snprintf(plain, sizeof plain, "%.*f", dec, v);
            if (strtod(plain, NULL) == v)
                return buf_adds(b, plain);
        }
    }
    return buf_adds(b, tmp);
}

int jsonw_key(struct buf *b, int *first, const char *key)
{
    int rc = 0;
    if (!*first)
        rc = buf_addc(b, ',');
    *first = 0;
    rc = rc ? rc : jsonw_str(b, key);
    return rc ? rc : buf_addc(b, ':');
}
