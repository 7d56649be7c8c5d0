/* date.c -- civil-date arithmetic (days-from-civil), parsing and formatting. */
#include "base/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

int32_t date_from_ymd(int y, int m, int d)
{
    /* Howard Hinnant's days_from_civil. */
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
    long z = (long)days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long dd = doy - (153 * mp + 2) / 5 + 1;
    long mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Reads between min and max digits at s[*i]; returns the value or -1. */
static int digits(const char *s, size_t n, size_t *i, int min, int max)
{
    int v = 0, k = 0;
    while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k >= min ? v : -1;
}

int date_parse(const char *s, size_t n, int32_t *out)
{
    size_t i = 0;
    int y, m, d;

    if (n >= 8 && n <= 10 && memchr(s, '/', n)) {
        d = digits(s, n, &i, 1, 2);
        if (d < 0 || i >= n || s[i++] != '/')
            return -1;
        m = digits(s, n, &i, 1, 2);
        if (m < 0 || i >= n || s[i++] != '/')
            return -1;
        y = digits(s, n, &i, 4, 4);
    } else if (n == 10) {
        y = digits(s, n, &i, 4, 4);
        if (y < 0 || s[i++] != '-')
            return -1;
        m = digits(s, n, &i, 2, 2);
        if (m < 0 || s[i++] != '-')
            return -1;
        d = digits(s, n, &i, 2, 2);
    } else {
        return -1;
    }
    if (y < 0 || i != n || !date_valid_ymd(y, m, d))
        return -1;
    *out = date_from_ymd(y, m, d);
    return 0;
}

int date_from_excel(double serial, int date1904, int32_t *out)
{
    long whole;
    int32_t days;
    int y, m, d;

    if (!(serial >= (date1904 ? 0 : 1) && serial < 3000000) || serial != (double)(long)serial)
        return -1;
    whole = (long)serial;
    if (date1904) {
        days = date_from_ymd(1904, 1, 1) + (int32_t)whole;
    } else {
        /* Excel counts 1900-02-29, which never was; serial 60 is that day. */
        if (whole == 60)
            return -1;
        days = date_from_ymd(1899, 12, 31) + (int32_t)whole - (whole > 60);
    }
    date_to_ymd(days, &y, &m, &d);
    if (y < 1900 || y > 9999)
        return -1;
    *out = days;
    return 0;
}

/* Writes v as exactly n decimal digits at p (values are in range by
 * construction; the modulo keeps the width fixed regardless). */
static char *put_digits(char *p, unsigned v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

char *date_format(int32_t days, char *buf)
{
    int y, m, d;
    char *p = buf;
    if (days == DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    date_to_ymd(days, &y, &m, &d);
    p = put_digits(p, (unsigned)y, 4);
    *p++ = '-';
    p = put_digits(p, (unsigned)m, 2);
    *p++ = '-';
    p = put_digits(p, (unsigned)d, 2);
    *p = '\0';
    return buf;
}

void date_fin_quarter(int32_t days, int *fy, int *q)
{
    int y, m, d;
    date_to_ymd(days, &y, &m, &d);
    *fy = m >= 4 ? y : y - 1;
    *q = m >= 4 ? (m - 4) / 3 + 1 : 4;
}

char *date_fin_quarter_label(int32_t days, char *buf)
{
    int fy, q;
    char *p = buf;
    date_fin_quarter(days, &fy, &q);
    p = put_digits(p, (unsigned)fy, 4);
    *p++ = '/';
    p = put_digits(p, (unsigned)(fy + 1), 2);
    memcpy(p, " Q", 2);
    p = put_digits(p + 2, (unsigned)q, 1);
    *p = '\0';
    return buf;
}

int32_t date_fin_quarter_start(int fy, int q)
{
    int m = 4 + (q - 1) * 3;
    return m > 12 ? date_from_ymd(fy + 1, m - 12, 1) : date_from_ymd(fy, m, 1);
}

int32_t date_fin_quarter_end(int fy, int q)
{
    return q == 4 ? date_fin_quarter_start(fy + 1, 1) - 1 : date_fin_quarter_start(fy, q + 1) - 1;
}

int64_t moment_now(void)
{
    const char *env = getenv("OVERSIGHT_NOW");
    struct timeval tv;
    int64_t m;
    if (env && *env && moment_parse(env, strlen(env), &m) == 0)
        return m;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

int32_t date_today(void)
{
    const char *env = getenv("OVERSIGHT_TODAY");
    time_t t;
    struct tm tm;
    int32_t d;
    if (env && *env && date_parse(env, strlen(env), &d) == 0)
        return d;
    t = time(NULL);
    localtime_r(&t, &tm); /* main() sets TZ=Europe/London */
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

char *moment_format(int64_t us, char *buf)
{
    int64_t secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
    int64_t frac = us - secs * 1000000;
    int64_t day = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int64_t sod = secs - day * 86400;
    int y, m, d;
    char *p;
    date_to_ymd((int32_t)day, &y, &m, &d);
    date_format((int32_t)day, buf);
    p = buf + 10;
    *p++ = 'T';
    p = put_digits(p, (unsigned)(sod / 3600), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(sod / 60 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(sod % 60), 2);
    *p++ = '.';
    p = put_digits(p, (unsigned)frac, 6);
    *p++ = 'Z';
    *p = '\0';
    return buf;
}

int moment_parse(const char *s, size_t n, int64_t *out)
{
    int32_t day;
    size_t i = 11;
    int hh, mi, ss;
    int64_t frac = 0;

    if (n < 10 || date_parse(s, 10, &day) != 0 || s[4] != '-')
        return -1;
    if (n == 10) {
        *out = (int64_t)day * 86400 * 1000000;
        return 0;
    }
    if (s[10] != 'T' && s[10] != ' ')
        return -1;
    hh = digits(s, n, &i, 2, 2);
    if (hh < 0 || hh > 23 || i >= n || s[i++] != ':')
        return -1;
    mi = digits(s, n, &i, 2, 2);
    if (mi < 0 || mi > 59 || i >= n || s[i++] != ':')
        return -1;
    ss = digits(s, n, &i, 2, 2);
    if (ss < 0 || ss > 59)
        return -1;
    if (i < n && s[i] == '.') {
        int k = 0;
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9' && k < 6) {
            frac = frac * 10 + (s[i++] - '0');
            k++;
        }
        if (k == 0)
            return -1;
        while (k++ < 6)
            frac *= 10;
    }
    if (i < n && s[i] == 'Z')
        i++;
    if (i != n)
        return -1;
    *out = ((int64_t)day * 86400 + hh * 3600 + mi * 60 + ss) * 1000000 + frac;
    return 0;
}

static const char *const MONTHS[] = {"January", "February", "March",     "April",
                                     "May",     "June",     "July",      "August",
                                     "September", "October", "November", "December"};

char *date_long(int32_t days, char *buf)
{
    int y, m, d;
    if (days == DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    date_to_ymd(days, &y, &m, &d);
    snprintf(buf, 20, "%d %s %d", d % 100, MONTHS[(m - 1) % 12], y % 10000);
    return buf;
}

char *date_month_year(int32_t days, char *buf)
{
    int y, m, d;
    if (days == DATE_NONE) {
        buf[0] = '\0';
        return buf;
    }
    date_to_ymd(days, &y, &m, &d);
    snprintf(buf, 20, "%s %d", MONTHS[(m - 1) % 12], y % 10000);
    return buf;
}
