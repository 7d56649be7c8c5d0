/* test_date.c -- civil dates, the two written forms, Excel serials (both date
 * systems and the 1900 leap-year bug), UK financial quarters and moments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

/* The date s, which must parse; as a day number. */
static int32_t day(const char *s)
{
    int32_t d = DATE_NONE;
    if (date_parse(s, strlen(s), &d) != 0)
        fail_msg("date_parse rejected \"%s\"", s);
    return d;
}

static void expect_date(const char *s, const char *want)
{
    char buf[DATE_BUFSZ];
    assert_string_equal(date_format(day(s), buf), want);
}

static void expect_bad_date(const char *s)
{
    int32_t d = 12345;
    if (date_parse(s, strlen(s), &d) == 0)
        fail_msg("date_parse accepted \"%s\"", s);
    assert_int_equal(d, 12345); /* untouched */
}

static void test_day_numbers(void **state)
{
    int y, m, d;

    assert_int_equal(date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(date_from_ymd(2000, 1, 1), 10957);
    assert_int_equal(date_from_ymd(2024, 2, 29), 19782);
    assert_int_equal(date_from_ymd(1900, 1, 1), -25567);
    assert_int_equal(date_from_ymd(1, 1, 1), -719162);
    assert_int_equal(date_from_ymd(9999, 12, 31), 2932896);
    date_to_ymd(-719162, &y, &m, &d);
    assert_true(y == 1 && m == 1 && d == 1);
    date_to_ymd(19782, &y, &m, &d);
    assert_true(y == 2024 && m == 2 && d == 29);
}

static void test_round_trip_every_day(void **state)
{
    int32_t d, first = date_from_ymd(1600, 1, 1), last = date_from_ymd(2400, 12, 31);
    int y, m, dd;
    char buf[DATE_BUFSZ];

    for (d = first; d <= last; d++) {
        int32_t back;
        date_to_ymd(d, &y, &m, &dd);
        assert_true(date_valid_ymd(y, m, dd));
        assert_int_equal(date_from_ymd(y, m, dd), d);
        date_format(d, buf);
        assert_int_equal(date_parse(buf, strlen(buf), &back), 0);
        assert_int_equal(back, d);
    }
}

static void test_iso_and_uk_forms(void **state)
{
    expect_date("2024-02-20", "2024-02-20");
    expect_date("20/02/2024", "2024-02-20");
    expect_date("1/2/2024", "2024-02-01");
    expect_date("01/2/2024", "2024-02-01");
    expect_date("1/02/2024", "2024-02-01");
    expect_date("31/12/1999", "1999-12-31");
    expect_date("0001-01-01", "0001-01-01");
    expect_date("9999-12-31", "9999-12-31");
}

static void test_rejected_forms(void **state)
{
    expect_bad_date("");
    expect_bad_date("2024-2-20");    /* ISO needs two-digit month and day */
    expect_bad_date("2024-02-2");
    expect_bad_date("20-02-2024");
    expect_bad_date("2024/02/20");
    expect_bad_date("20/02/24");     /* two-digit year */
    expect_bad_date("20.02.2024");
    expect_bad_date(" 2024-02-20");
    expect_bad_date("2024-02-20 ");
    expect_bad_date("2024-02-20x");
    expect_bad_date("20/02/2024x");
    expect_bad_date("12/31/2024");   /* American order: month 31 */
    expect_bad_date("2024-13-01");
    expect_bad_date("2024-00-10");
    expect_bad_date("2024-01-00");
    expect_bad_date("0/1/2024");
    expect_bad_date("0000-01-01");
    expect_bad_date("+024-01-01");
    expect_bad_date("2024-0a-01");
    expect_bad_date("20240220");
}

static void test_impossible_dates(void **state)
{
    expect_bad_date("2021-02-30");
    expect_bad_date("31/04/2023");
    expect_bad_date("2023-04-31");
    expect_bad_date("31/06/2023");
    expect_bad_date("31/09/2023");
    expect_bad_date("31/11/2023");
    expect_bad_date("2023-01-32");
    assert_false(date_valid_ymd(2021, 2, 30));
    assert_false(date_valid_ymd(2023, 4, 31));
    assert_false(date_valid_ymd(0, 1, 1));
    assert_false(date_valid_ymd(10000, 1, 1));
}

static void test_leap_years(void **state)
{
    expect_date("2024-02-29", "2024-02-29");
    expect_date("29/02/2000", "2000-02-29"); /* divisible by 400 */
    expect_date("29/02/1600", "1600-02-29");
    expect_bad_date("2023-02-29");
    expect_bad_date("29/02/1900");           /* divisible by 100, not 400 */
    expect_bad_date("2100-02-29");
    assert_int_equal(day("2024-03-01") - day("2024-02-28"), 2);
    assert_int_equal(day("2023-03-01") - day("2023-02-28"), 1);
    assert_int_equal(day("2025-01-01") - day("2024-01-01"), 366);
    assert_int_equal(day("2101-01-01") - day("2100-01-01"), 365);
}

static void expect_excel(double serial, int date1904, const char *want)
{
    int32_t d = DATE_NONE;
    char buf[DATE_BUFSZ];

    if (date_from_excel(serial, date1904, &d) != 0)
        fail_msg("date_from_excel rejected %g (1904: %d)", serial, date1904);
    assert_string_equal(date_format(d, buf), want);
}

static void expect_bad_excel(double serial, int date1904)
{
    int32_t d = 777;
    if (date_from_excel(serial, date1904, &d) == 0)
        fail_msg("date_from_excel accepted %g (1904: %d)", serial, date1904);
    assert_int_equal(d, 777);
}

static void test_excel_1900(void **state)
{
    expect_excel(45342, 0, "2024-02-20");
    expect_excel(45382, 0, "2024-03-31");
    expect_excel(44927, 0, "2023-01-01");
    expect_excel(1, 0, "1900-01-01");
    /* Excel's 1900 leap-year bug: serial 60 is 29 February 1900, which never
     * was; the days around it are right. */
    expect_excel(59, 0, "1900-02-28");
    expect_bad_excel(60, 0);
    expect_excel(61, 0, "1900-03-01");
    expect_excel(2958465, 0, "9999-12-31");
    expect_bad_excel(2958466, 0);
    expect_bad_excel(0, 0);
    expect_bad_excel(-1, 0);
    expect_bad_excel(45342.5, 0); /* a moment, not a day */
    expect_bad_excel(NAN, 0);
    expect_bad_excel(INFINITY, 0);
    expect_bad_excel(1e300, 0);
}

static void test_excel_1904(void **state)
{
    /* The 1904 system (old Mac workbooks) counts from 1 January 1904 and has
     * no leap-year bug: the same serial is 1462 days later. */
    expect_excel(1, 1, "1904-01-02");
    expect_excel(60, 1, "1904-03-01");
    expect_excel(45342, 1, "2028-02-21");
    expect_excel(43880, 1, "2024-02-20");
    {
        int32_t a, b;
        assert_int_equal(date_from_excel(40000, 0, &a), 0);
        assert_int_equal(date_from_excel(40000, 1, &b), 0);
        assert_int_equal(b - a, 1462);
    }
    expect_bad_excel(2957004, 1); /* 10000-01-01 */
    expect_bad_excel(0.25, 1);
}

static void expect_quarter(const char *date, const char *label, int fy, int q)
{
    char buf[16];
    int got_fy, got_q;

    assert_string_equal(date_fin_quarter_label(day(date), buf), label);
    date_fin_quarter(day(date), &got_fy, &got_q);
    assert_int_equal(got_fy, fy);
    assert_int_equal(got_q, q);
}

static void test_financial_quarters(void **state)
{
    expect_quarter("2023-04-01", "2023/24 Q1", 2023, 1);
    expect_quarter("2023-06-30", "2023/24 Q1", 2023, 1);
    expect_quarter("2023-07-01", "2023/24 Q2", 2023, 2);
    expect_quarter("2023-12-15", "2023/24 Q3", 2023, 3);
    expect_quarter("2024-01-01", "2023/24 Q4", 2023, 4);
    expect_quarter("2024-03-31", "2023/24 Q4", 2023, 4);
    expect_quarter("2024-04-01", "2024/25 Q1", 2024, 1);
    expect_quarter("1999-06-30", "1999/00 Q1", 1999, 1);
    expect_quarter("2000-02-29", "1999/00 Q4", 1999, 4);
    expect_quarter("2009-10-01", "2009/10 Q3", 2009, 3);
}

static void test_financial_quarter_bounds(void **state)
{
    char a[DATE_BUFSZ], b[DATE_BUFSZ];
    static const struct {
        int fy, q;
        const char *start, *end;
    } cases[] = {
        {2023, 1, "2023-04-01", "2023-06-30"}, {2023, 2, "2023-07-01", "2023-09-30"},
        {2023, 3, "2023-10-01", "2023-12-31"}, {2023, 4, "2024-01-01", "2024-03-31"},
        {2024, 4, "2025-01-01", "2025-03-31"}, {1999, 4, "2000-01-01", "2000-03-31"},
    };
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(date_format(date_fin_quarter_start(cases[i].fy, cases[i].q), a),
                            cases[i].start);
        assert_string_equal(date_format(date_fin_quarter_end(cases[i].fy, cases[i].q), b),
                            cases[i].end);
    }
    /* Every day of a span lies in the quarter whose bounds hold it. */
    for (int32_t d = day("2019-01-01"); d <= day("2026-12-31"); d++) {
        int fy, q;
        date_fin_quarter(d, &fy, &q);
        assert_true(date_fin_quarter_start(fy, q) <= d && d <= date_fin_quarter_end(fy, q));
    }
}

static void test_date_format_none(void **state)
{
    char buf[DATE_BUFSZ] = "junk";
    assert_string_equal(date_format(DATE_NONE, buf), "");
}

static int64_t moment(const char *s)
{
    int64_t m = 0;
    if (moment_parse(s, strlen(s), &m) != 0)
        fail_msg("moment_parse rejected \"%s\"", s);
    return m;
}

static void expect_moment(const char *s, const char *want)
{
    char buf[MOMENT_BUFSZ];
    assert_string_equal(moment_format(moment(s), buf), want);
}

static void expect_bad_moment(const char *s)
{
    int64_t m = 42;
    if (moment_parse(s, strlen(s), &m) == 0)
        fail_msg("moment_parse accepted \"%s\"", s);
    assert_int_equal(m, 42);
}

static void test_moments(void **state)
{
    char buf[MOMENT_BUFSZ];

    assert_int_equal(moment("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(moment("2024-02-22T10:15:30.123456Z"), INT64_C(1708596930123456));
    expect_moment("2024-02-22T10:15:30.123456Z", "2024-02-22T10:15:30.123456Z");
    expect_moment("2024-02-22 10:15:30", "2024-02-22T10:15:30.000000Z");
    expect_moment("2024-02-22T10:15:30Z", "2024-02-22T10:15:30.000000Z");
    expect_moment("2024-02-22T10:15:30.5", "2024-02-22T10:15:30.500000Z");
    expect_moment("2024-02-22T10:15:30.000001Z", "2024-02-22T10:15:30.000001Z");
    expect_moment("2024-02-22", "2024-02-22T00:00:00.000000Z");
    expect_moment("2024-02-29T23:59:59.999999Z", "2024-02-29T23:59:59.999999Z");
    expect_moment("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z");
    assert_int_equal(moment("1969-12-31T23:59:59.999999Z"), -1);
    assert_string_equal(moment_format(-1, buf), "1969-12-31T23:59:59.999999Z");
    assert_int_equal(moment("2024-02-23") - moment("2024-02-22T00:00:00"), INT64_C(86400000000));
}

static void test_rejected_moments(void **state)
{
    expect_bad_moment("");
    expect_bad_moment("2024-02-22T24:00:00Z");
    expect_bad_moment("2024-02-22T10:60:00Z");
    expect_bad_moment("2024-02-22T10:15:60Z"); /* no leap seconds */
    expect_bad_moment("2024-02-22T10:15Z");
    expect_bad_moment("2024-02-22T10:15:30.Z");
    expect_bad_moment("2024-02-22T10:15:30.1234567Z");
    expect_bad_moment("2024-02-22T10:15:30+01:00");
    expect_bad_moment("2024-02-22T10:15:30ZZ");
    expect_bad_moment("2024-02-22x10:15:30");
    expect_bad_moment("2024-02-30T10:15:30Z");
    expect_bad_moment("22/02/2024T10:15:30"); /* moments are ISO only */
    expect_bad_moment("22/02/2024");
    expect_bad_moment("2024-02-22T1:15:30");
    expect_bad_moment("2024-02-22T");
}

static void test_clock_overrides(void **state)
{
    char buf[MOMENT_BUFSZ], d[DATE_BUFSZ];

    setenv("OVERSIGHT_NOW", "2024-02-22T10:15:30.123456Z", 1);
    assert_string_equal(moment_format(moment_now(), buf), "2024-02-22T10:15:30.123456Z");
    setenv("OVERSIGHT_TODAY", "31/03/2024", 1);
    assert_string_equal(date_format(date_today(), d), "2024-03-31");
    unsetenv("OVERSIGHT_NOW");
    unsetenv("OVERSIGHT_TODAY");
    /* Without them, the real clock: some time after this test was written. */
    assert_true(moment_now() > moment("2024-01-01"));
    assert_true(date_today() > day("2024-01-01"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_iso_and_uk_forms),
        cmocka_unit_test(test_rejected_forms),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_excel_1900),
        cmocka_unit_test(test_excel_1904),
        cmocka_unit_test(test_financial_quarters),
        cmocka_unit_test(test_financial_quarter_bounds),
        cmocka_unit_test(test_date_format_none),
        cmocka_unit_test(test_moments),
        cmocka_unit_test(test_rejected_moments),
        cmocka_unit_test(test_clock_overrides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
