/* period.c -- months, financial and calendar quarters, financial years. */
#include "domain/period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const MONTHS[12] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

static const int MONTH_DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* A cursor over the text being parsed. */
struct scan {
    const char *p, *end;
};

static void skip_space(struct scan *c)
{
    while (c->p < c->end && isspace((unsigned char)*c->p))
        c->p++;
}

/* Exactly ndigits digits (not followed by another digit). */
static int digits(struct scan *c, int ndigits, int *v)
{
    int x = 0;
    for (int i = 0; i < ndigits; i++) {
        if (c->p + i >= c->end || !isdigit((unsigned char)c->p[i]))
            return -1;
        x = x * 10 + (c->p[i] - '0');
    }
    if (c->p + ndigits < c->end && isdigit((unsigned char)c->p[ndigits]))
        return -1;
    c->p += ndigits;
    *v = x;
    return 0;
}

static int lit(struct scan *c, char ch)
{
    if (c->p < c->end && tolower((unsigned char)*c->p) == ch) {
        c->p++;
        return 0;
    }
    return -1;
}

/* "Qn" */
static int quarter(struct scan *c, int *q)
{
    if (lit(c, 'q') || digits(c, 1, q) || *q < 1 || *q > 4)
        return -1;
    return 0;
}

/* "2023/24", "2023-24" or "2023/2024": the starting year. */
static int fin_year(struct scan *c, int *year)
{
    int y, second;
    struct scan save = *c;
    if (digits(c, 4, &y) || y < 1900 || y > 9998 || c->p >= c->end ||
        (*c->p != '/' && *c->p != '-'))
        goto fail;
    c->p++;
    if (digits(c, 2, &second) == 0) {
        if (second != (y + 1) % 100)
            goto fail;
    } else if (digits(c, 4, &second) == 0) {
        if (second != y + 1)
            goto fail;
    } else {
        goto fail;
    }
    *year = y;
    return 0;
fail:
    *c = save;
    return -1;
}

static int year4(struct scan *c, int *year)
{
    return digits(c, 4, year) || *year < 1900 || *year > 9999 ? -1 : 0;
}

static int done(struct scan *c)
{
    skip_space(c);
    return c->p == c->end ? 0 : -1;
}

/* "October 2023" or "Oct 2023". */
static int month_words(struct scan c, struct period *out)
{
    const char *w = c.p;
    size_t n = 0;
    int y;
    while (c.p < c.end && isalpha((unsigned char)*c.p))
        c.p++, n++;
    if (n < 3)
        return -1;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(MONTHS[m]);
        if ((n == 3 || n == full) && n <= full && strncasecmp(w, MONTHS[m], n) == 0) {
            skip_space(&c);
            if (year4(&c, &y) || done(&c))
                return -1;
            *out = (struct period){PERIOD_MONTH, y, m + 1};
            return 0;
        }
    }
    return -1;
}

int period_parse(const char *s, size_t n, struct period *out)
{
    struct scan c = {s, s + n}, at;
    int y, m, q;

    skip_space(&c);
    if (c.p == c.end)
        return -1;
    at = c;
    /* Qn YYYY/YY or Qn YYYY */
    if (quarter(&c, &q) == 0) {
        skip_space(&c);
        if (fin_year(&c, &y) == 0 && done(&c) == 0) {
            *out = (struct period){PERIOD_FQUARTER, y, q};
            return 0;
        }
        if (year4(&c, &y) == 0 && done(&c) == 0) {
            *out = (struct period){PERIOD_CQUARTER, y, q};
            return 0;
        }
        return -1;
    }
    c = at;
    if (lit(&c, 'f') == 0 && lit(&c, 'y') == 0) {
        skip_space(&c);
        if (fin_year(&c, &y) == 0 && done(&c) == 0) {
            *out = (struct period){PERIOD_FYEAR, y, 0};
            return 0;
        }
        return -1;
    }
    c = at;
    if (isalpha((unsigned char)*c.p))
        return month_words(c, out);
    /* YYYY-MM is a month before it is anything else. */
    if (year4(&c, &y) == 0 && lit(&c, '-') == 0 && digits(&c, 2, &m) == 0 && m >= 1 && m <= 12 &&
        done(&c) == 0) {
        *out = (struct period){PERIOD_MONTH, y, m};
        return 0;
    }
    c = at;
    if (fin_year(&c, &y) == 0) {
        struct scan rest = c;
        if (done(&rest) == 0 && at.p[4] == '/') {
            *out = (struct period){PERIOD_FYEAR, y, 0};
            return 0;
        }
        skip_space(&c);
        if (quarter(&c, &q) == 0 && done(&c) == 0) {
            *out = (struct period){PERIOD_FQUARTER, y, q};
            return 0;
        }
        return -1;
    }
    c = at;
    if (year4(&c, &y) == 0) {
        skip_space(&c);
        if (quarter(&c, &q) == 0 && done(&c) == 0) {
            *out = (struct period){PERIOD_CQUARTER, y, q};
            return 0;
        }
    }
    return -1;
}

char *period_format(struct period p, char *buf)
{
    switch (p.kind) {
    case PERIOD_MONTH: snprintf(buf, PERIOD_BUFSZ, "%04d-%02d", p.year, p.n); break;
    case PERIOD_FQUARTER:
        snprintf(buf, PERIOD_BUFSZ, "%04d/%02d Q%d", p.year, (p.year + 1) % 100, p.n);
        break;
    case PERIOD_CQUARTER: snprintf(buf, PERIOD_BUFSZ, "%04d Q%d", p.year, p.n); break;
    case PERIOD_FYEAR: snprintf(buf, PERIOD_BUFSZ, "%04d/%02d", p.year, (p.year + 1) % 100); break;
    default: buf[0] = '\0';
    }
    return buf;
}

char *period_label(struct period p, char *buf)
{
    switch (p.kind) {
    case PERIOD_MONTH: snprintf(buf, PERIOD_BUFSZ, "%s %04d", MONTHS[p.n - 1], p.year); break;
    case PERIOD_FQUARTER:
        snprintf(buf, PERIOD_BUFSZ, "Q%d %04d/%02d", p.n, p.year, (p.year + 1) % 100);
        break;
    case PERIOD_CQUARTER: snprintf(buf, PERIOD_BUFSZ, "Q%d %04d", p.n, p.year); break;
    default: period_format(p, buf);
    }
    return buf;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

char *period_span_words(struct period p, char *buf, size_t n)
{
    int first = period_first_month(p), last = period_last_month(p);
    int fy = first / 12, fm = first % 12, ly = last / 12, lm = last % 12;
    int days = MONTH_DAYS[lm] + (lm == 1 && leap(ly));
    if (p.kind == PERIOD_NONE) {
        if (n)
            buf[0] = '\0';
    } else if (fy == ly) {
        snprintf(buf, n, "1 %s to %d %s %d", MONTHS[fm], days, MONTHS[lm], ly);
    } else {
        snprintf(buf, n, "1 %s %d to %d %s %d", MONTHS[fm], fy, days, MONTHS[lm], ly);
    }
    return buf;
}

int period_first_month(struct period p)
{
    switch (p.kind) {
    case PERIOD_MONTH: return p.year * 12 + p.n - 1;
    case PERIOD_FQUARTER: return p.year * 12 + 3 + (p.n - 1) * 3;
    case PERIOD_CQUARTER: return p.year * 12 + (p.n - 1) * 3;
    case PERIOD_FYEAR: return p.year * 12 + 3;
    default: return 0;
    }
}

int period_months(struct period p)
{
    switch (p.kind) {
    case PERIOD_MONTH: return 1;
    case PERIOD_FQUARTER:
    case PERIOD_CQUARTER: return 3;
    case PERIOD_FYEAR: return 12;
    default: return 0;
    }
}

int period_last_month(struct period p)
{
    return period_first_month(p) + period_months(p) - 1;
}

int period_cmp(struct period a, struct period b)
{
    int fa = period_first_month(a), fb = period_first_month(b);
    if (fa != fb)
        return fa < fb ? -1 : 1;
    fa = period_months(a), fb = period_months(b);
    return fa < fb ? -1 : fa > fb;
}

struct period period_month(int month_index)
{
    return (struct period){PERIOD_MONTH, month_index / 12, month_index % 12 + 1};
}

struct period period_fquarter_of(int month_index)
{
    int y = month_index / 12, m = month_index % 12; /* m: 0 = January */
    if (m < 3)
        return (struct period){PERIOD_FQUARTER, y - 1, 4};
    return (struct period){PERIOD_FQUARTER, y, (m - 3) / 3 + 1};
}

struct period period_normal(struct period p)
{
    return p.kind == PERIOD_CQUARTER ? period_fquarter_of(period_first_month(p)) : p;
}

struct period period_prev(struct period p)
{
    switch (p.kind) {
    case PERIOD_MONTH: return period_month(period_first_month(p) - 1);
    case PERIOD_FQUARTER:
        return p.n > 1 ? (struct period){p.kind, p.year, p.n - 1}
                       : (struct period){p.kind, p.year - 1, 4};
    case PERIOD_CQUARTER:
        return p.n > 1 ? (struct period){p.kind, p.year, p.n - 1}
                       : (struct period){p.kind, p.year - 1, 4};
    case PERIOD_FYEAR: return (struct period){p.kind, p.year - 1, 0};
    default: return p;
    }
}

struct period period_next(struct period p)
{
    switch (p.kind) {
    case PERIOD_MONTH: return period_month(period_first_month(p) + 1);
    case PERIOD_FQUARTER:
    case PERIOD_CQUARTER:
        return p.n < 4 ? (struct period){p.kind, p.year, p.n + 1}
                       : (struct period){p.kind, p.year + 1, 1};
    case PERIOD_FYEAR: return (struct period){p.kind, p.year + 1, 0};
    default: return p;
    }
}
