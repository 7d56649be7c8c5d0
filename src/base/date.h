/* date.h -- calendar dates, UK financial quarters and recorded moments.
 *
 * A date is a day number: days since 1970-01-01 in the proleptic Gregorian
 * calendar (negative before). DATE_NONE is "no date". Dates are civil dates
 * in Europe/London; moments are instants in UTC, in microseconds since the
 * epoch, written 2024-02-22T10:15:30.123456Z. */
#ifndef OVERSIGHT_DATE_H
#define OVERSIGHT_DATE_H

#include <stddef.h>
#include <stdint.h>

#define DATE_NONE INT32_MIN
#define DATE_BUFSZ 11   /* "YYYY-MM-DD" + NUL */
#define MOMENT_BUFSZ 28 /* "YYYY-MM-DDTHH:MM:SS.ffffffZ" + NUL */

/* Days from a civil date; no range checking. */
int32_t date_from_ymd(int y, int m, int d);
void date_to_ymd(int32_t days, int *y, int *m, int *d);
int date_valid_ymd(int y, int m, int d);

/* Parses YYYY-MM-DD or DD/MM/YYYY (as UK Excel writes it; D and M may be one
 * digit). Returns 0 and sets *out, or -1 for anything else, including
 * impossible dates such as 2021-02-30 or 31/04/2023. */
int date_parse(const char *s, size_t n, int32_t *out);
/* Excel serial day number (1900 system, or 1904 when date1904) to a date;
 * -1 when outside 1900..9999 or not a whole day. */
int date_from_excel(double serial, int date1904, int32_t *out);
/* Writes YYYY-MM-DD into buf (DATE_BUFSZ bytes); "" for DATE_NONE. */
char *date_format(int32_t days, char *buf);

/* "22 February 2024" and "February 2024", as the papers write dates
 * (buf: at least 20 bytes). */
char *date_long(int32_t days, char *buf);
char *date_month_year(int32_t days, char *buf);

/* UK financial year quarter: Q1 = Apr-Jun ... Q4 = Jan-Mar.
 * *fy is the year the financial year starts in (2023 for 2023/24). */
void date_fin_quarter(int32_t days, int *fy, int *q);
/* "2023/24 Q3" into buf (at least 12 bytes). */
char *date_fin_quarter_label(int32_t days, char *buf);
/* First and last day of the financial quarter fy/q. */
int32_t date_fin_quarter_start(int fy, int q);
int32_t date_fin_quarter_end(int fy, int q);

/* Moments. */
int64_t moment_now(void);         /* $OVERSIGHT_NOW if set, else the clock */
int32_t date_today(void);         /* $OVERSIGHT_TODAY if set, else today in Europe/London */
char *moment_format(int64_t us, char *buf);
/* Accepts YYYY-MM-DDTHH:MM:SS[.f{1,6}][Z] (T or space), or a date alone
 * (its first moment, UTC). Returns 0 or -1. */
int moment_parse(const char *s, size_t n, int64_t *out);

#endif
