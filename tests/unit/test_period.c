/* test_period.c -- months, financial and calendar quarters and financial
 * years: the ways the papers write them, the canonical forms, their order,
 * and the month-to-quarter roll-up (April starts the financial year). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "domain/period.h"

static const char *canon(const char *s)
{
    static char buf[PERIOD_BUFSZ];
    struct period p;
    if (period_parse(s, strlen(s), &p))
        return "(bad)";
    return period_format(p, buf);
}

static const char *label(const char *s)
{
    static char buf[PERIOD_BUFSZ];
    struct period p;
    if (period_parse(s, strlen(s), &p))
        return "(bad)";
    return period_label(p, buf);
}

static void test_parse_forms(void **state)
{
    assert_string_equal(canon("2023-10"), "2023-10");
    assert_string_equal(canon("October 2023"), "2023-10");
    assert_string_equal(canon(" oct 2023 "), "2023-10");
    assert_string_equal(canon("2023/24 Q3"), "2023/24 Q3");
    assert_string_equal(canon("Q3 2023/24"), "2023/24 Q3");
    assert_string_equal(canon("q3 2023-24"), "2023/24 Q3");
    assert_string_equal(canon("2023-24 Q3"), "2023/24 Q3");
    assert_string_equal(canon("2023/2024 Q3"), "2023/24 Q3");
    assert_string_equal(canon("2023 Q4"), "2023 Q4");
    assert_string_equal(canon("Q4 2023"), "2023 Q4");
    assert_string_equal(canon("2023/24"), "2023/24");
    assert_string_equal(canon("FY 2023/24"), "2023/24");
    assert_string_equal(canon("1999/00"), "1999/00");
    /* YYYY-MM is always a month: 2011-12 is December 2011. */
    assert_string_equal(canon("2011-12"), "2011-12");
}

static void test_parse_refuses(void **state)
{
    static const char *const bad[] = {"",           "2023-13",   "2023-00",  "2023/25",
                                      "2023/24 Q5", "Q0 2023",   "2023-1",   "23-10",
                                      "Octo 2023",  "2023 Q3 x", "2023/24Q", "Oct",
                                      "2023-24",    "202310",    "Q3",       "2023/24 Q3 Q4"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct period p;
        if (period_parse(bad[i], strlen(bad[i]), &p) == 0)
            fail_msg("\"%s\" was accepted", bad[i]);
    }
}

static void test_labels_and_spans(void **state)
{
    char buf[64];
    struct period p;
    assert_string_equal(label("2023/24 Q3"), "Q3 2023/24");
    assert_string_equal(label("2023-10"), "October 2023");
    assert_string_equal(label("2023 Q4"), "Q4 2023");
    assert_string_equal(label("2023/24"), "2023/24");
    period_parse("2023/24 Q3", 10, &p);
    assert_string_equal(period_span_words(p, buf, sizeof buf), "1 October to 31 December 2023");
    period_parse("2023/24 Q4", 10, &p);
    assert_string_equal(period_span_words(p, buf, sizeof buf), "1 January to 31 March 2024");
    period_parse("2023/24", 7, &p);
    assert_string_equal(period_span_words(p, buf, sizeof buf), "1 April 2023 to 31 March 2024");
    period_parse("2024-02", 7, &p);
    assert_string_equal(period_span_words(p, buf, sizeof buf), "1 February to 29 February 2024");
}

/* Q1 = April-June ... Q4 = January-March of the next calendar year. */
static void test_months_roll_up_to_financial_quarters(void **state)
{
    static const struct {
        const char *month, *quarter;
    } cases[] = {{"2023-04", "2023/24 Q1"}, {"2023-06", "2023/24 Q1"}, {"2023-07", "2023/24 Q2"},
                 {"2023-10", "2023/24 Q3"}, {"2023-12", "2023/24 Q3"}, {"2024-01", "2023/24 Q4"},
                 {"2024-03", "2023/24 Q4"}, {"2023-03", "2022/23 Q4"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct period m;
        char buf[PERIOD_BUFSZ];
        period_parse(cases[i].month, 7, &m);
        assert_string_equal(period_format(period_fquarter_of(period_first_month(m)), buf),
                            cases[i].quarter);
    }
}

static void test_calendar_quarter_is_its_financial_quarter(void **state)
{
    struct period c, f;
    char buf[PERIOD_BUFSZ];
    period_parse("2023 Q4", 7, &c);
    period_parse("2023/24 Q3", 10, &f);
    assert_int_equal(period_cmp(c, f), 0);
    assert_string_equal(period_format(period_normal(c), buf), "2023/24 Q3");
    period_parse("2024 Q1", 7, &c);
    assert_string_equal(period_format(period_normal(c), buf), "2023/24 Q4");
    assert_int_equal(period_first_month(c), 2024 * 12);
    assert_int_equal(period_last_month(c), 2024 * 12 + 2);
}

static void test_order_and_steps(void **state)
{
    struct period a, b, q;
    char buf[PERIOD_BUFSZ];
    period_parse("2023-10", 7, &a);
    period_parse("2023/24 Q3", 10, &q);
    period_parse("2023-12", 7, &b);
    /* Same first month: the shorter first. */
    assert_true(period_cmp(a, q) < 0);
    assert_true(period_cmp(q, b) < 0);
    assert_true(period_cmp(b, a) > 0);
    assert_string_equal(period_format(period_prev(q), buf), "2023/24 Q2");
    period_parse("2023/24 Q1", 10, &q);
    assert_string_equal(period_format(period_prev(q), buf), "2022/23 Q4");
    assert_string_equal(period_format(period_next(period_prev(q)), buf), "2023/24 Q1");
    period_parse("2024-01", 7, &a);
    assert_string_equal(period_format(period_prev(a), buf), "2023-12");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_parse_refuses),
        cmocka_unit_test(test_labels_and_spans),
        cmocka_unit_test(test_months_roll_up_to_financial_quarters),
        cmocka_unit_test(test_calendar_quarter_is_its_financial_quarter),
        cmocka_unit_test(test_order_and_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
