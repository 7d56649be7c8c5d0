/* period.h -- the periods performance measures are reported in: months,
 * UK financial quarters, calendar quarters and financial years. Pure
 * parsing, formatting and arithmetic, no I/O.
 *
 * A period is a run of whole months. Months are counted as month indexes,
 * year * 12 + (month - 1), so that comparing and rolling up are integer
 * arithmetic. The financial year starts in April: 2023/24 Q1 is April to June
 * 2023, Q3 October to December 2023, Q4 January to March 2024. A calendar
 * quarter covers the same months as one financial quarter (2023 Q4 is
 * 2023/24 Q3), and period_normal turns it into that one, so that a quarter is
 * stored one way whichever way it was written. */
#ifndef OVERSIGHT_PERIOD_H
#define OVERSIGHT_PERIOD_H

#include <stddef.h>

enum period_kind { PERIOD_NONE = 0, PERIOD_MONTH, PERIOD_FQUARTER, PERIOD_CQUARTER, PERIOD_FYEAR };

/* MONTH: year and n = 1..12. FQUARTER: year = the year the financial year
 * starts in (2023 for 2023/24), n = 1..4. CQUARTER: year, n = 1..4. FYEAR:
 * year = its starting year, n = 0. */
struct period {
    enum period_kind kind;
    int year, n;
};

#define PERIOD_BUFSZ 24 /* the longest canonical form or label, with NUL */

/* Parses, trimmed, any case:
 *   months               2023-10, October 2023, Oct 2023
 *   financial quarters   2023/24 Q3, Q3 2023/24, 2023-24 Q3, Q3 2023-24
 *   calendar quarters    2023 Q4, Q4 2023
 *   financial years      2023/24, FY 2023/24
 * Years from 1900 to 9999; in a financial year the second year is the next
 * (2023/24 or 2023/2024). YYYY-MM is always a month. Returns 0, or -1 for
 * anything else. */
int period_parse(const char *s, size_t n, struct period *out);

/* The canonical form written in files, JSON and the store: 2023-10,
 * 2023/24 Q3, 2023 Q4, 2023/24. buf holds PERIOD_BUFSZ bytes. */
char *period_format(struct period p, char *buf);
/* As the papers write it: October 2023, Q3 2023/24, Q4 2023, 2023/24. */
char *period_label(struct period p, char *buf);
/* Its months in words: "1 October to 31 December 2023", "1 April 2023 to
 * 31 March 2024" (buf: at least 48 bytes). */
char *period_span_words(struct period p, char *buf, size_t n);

/* First and last month index, and the number of months (1, 3 or 12). */
int period_first_month(struct period p);
int period_last_month(struct period p);
int period_months(struct period p);

/* Orders by the first month, then the shorter first; 0 only for the same
 * months (a calendar quarter equals its financial quarter). */
int period_cmp(struct period a, struct period b);

/* The month of a month index; the financial quarter holding it. */
struct period period_month(int month_index);
struct period period_fquarter_of(int month_index);
/* A calendar quarter as the financial quarter of the same months; any other
 * period as it is. */
struct period period_normal(struct period p);
/* The period of the same kind just before (after) p. */
struct period period_prev(struct period p);
struct period period_next(struct period p);

#endif
