/* csv_write.c -- RFC 4180 output with formula neutralisation. */
#include "format/csv_write.h"

#include <string.h>

static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@';
}

size_t csv_unneutralise(const char *s, size_t n)
{
    return n >= 2 && s[0] == '\'' && formula_start(s[1]) ? 1 : 0;
}

int csv_write_cell(struct buf *b, const char *s, size_t len)
{
    int quote = 0, rc = 0;
    int neutralise = len > 0 && formula_start(s[0]);
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote && !neutralise)
        return buf_add(b, s, len);
    if (quote)
        rc = buf_addc(b, '"');
    if (neutralise)
        rc = rc ? rc : buf_addc(b, '\'');
    for (size_t i = 0, start = 0; i <= len && rc == 0; i++) {
        if (i == len || s[i] == '"') {
            rc = buf_add(b, s + start, i - start);
            if (i < len)
                rc = rc ? rc : buf_add(b, "\"\"", 2);
            start = i + 1;
        }
    }
    if (quote)
        rc = rc ? rc : buf_addc(b, '"');
    return rc;
}

int csv_write_row(struct buf *b, const char *const *cells, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i)
            rc = buf_addc(b, ',');
        rc = rc ? rc : csv_write_cell(b, cells[i] ? cells[i] : "", cells[i] ? strlen(cells[i]) : 0);
    }
    return rc ? rc : buf_addc(b, '\n');
}
