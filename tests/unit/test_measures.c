/* test_measures.c -- performance measures: monthly data rolled up to the
 * financial quarters of the papers, the change on the previous quarter in
 * the papers' words, figures as the papers print them, the Wilson interval
 * of seeds/002's crime data integrity review (160 of 177), p-chart limits
 * worked by hand, the exceptions as runs, and the settings written as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/measures.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void expect_near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, expected %.17g", got, want);
}

static struct period P(const char *s) {
    struct period p = {0};
    if (period_parse(s, strlen(s), &p))
        fail_msg("bad period %s", s);
    return period_normal(p);
}

/* A measure's series from (period, value, denominator) rows. */
static size_t
series(const struct measure *m, const char *const *periods, const double *values,
       const double *dens, size_t n, const char *upto, struct arena *a, struct measure_point **pts)
{
    struct observation **obs = arena_alloc(a, n * sizeof *obs);
    size_t np, skipped;
    for (size_t i = 0; i < n; i++) {
        obs[i] = arena_alloc(a, sizeof **obs);
        obs[i]->period = periods[i];
        obs[i]->value = values[i];
        obs[i]->denominator = dens ? dens[i] : NAN;
    }
    measure_series(m, obs, n, period_last_month(P(upto)), a, pts, &np, &skipped);
    return np;
}

static const char *change(enum measure_unit u, double from, double to)
{
    static struct measure_change c;
    struct measure m = {.unit = u, .frequency = MF_QUARTERLY};
    struct measure_quarter a = {.have = 1, .value = from}, b = {.have = 1, .value = to};
    measure_change(&m, &a, &b, &c);
    return c.text;
}

/* Neighbourhood crime, seeds/002 item 5: the quarters 413, 428, 371, 409
 * from monthly counts (the months are this test's). The last quarter has
 * only two months so far in the second roll-up. */
static void test_monthly_counts_roll_up(void **state)
{
    static const char *const months[] = {"2023-01", "2023-02", "2023-03", "2023-04", "2023-05",
                                         "2023-06", "2023-07", "2023-08", "2023-09", "2023-10",
                                         "2023-11", "2023-12", "2024-01"};
    static const double v[] = {140, 131, 142, 139, 146, 143, 120, 118, 133, 128, 129, 152, 99};
    struct measure m = {.unit = MU_COUNT, .frequency = MF_MONTHLY};
    struct measure_point *pts;
    struct measure_quarter q;
    struct arena a;
    size_t n;
    const char *const want[] = {"2022/23 Q4", "2023/24 Q1", "2023/24 Q2", "2023/24 Q3"};
    const double totals[] = {413, 428, 371, 409};

    arena_init(&a);
    n = series(&m, months, v, NULL, N(months), "2023/24 Q3", &a, &pts);
    assert_int_equal(n, 12); /* January 2024 is after the quarter */
    for (size_t i = 0; i < 4; i++) {
        measure_rollup(&m, pts, n, P(want[i]), &q);
        assert_true(q.have);
        assert_int_equal(q.months, 3);
        expect_near(q.value, totals[i], 0);
    }
    n = series(&m, months, v, NULL, N(months) - 2, "2023/24 Q3", &a, &pts);
    measure_rollup(&m, pts, n, P("2023/24 Q3"), &q);
    assert_int_equal(q.months, 2);
    assert_true(q.partial);
    expect_near(q.value, 257, 0);
    measure_rollup(&m, pts, n, P("2024/25 Q1"), &q);
    assert_false(q.have);
    arena_release(&a);
}

/* A rate with denominators is the sum of numerators over the sum of
 * denominators, not the mean of the monthly rates; without, the mean. */
static void test_percentages_roll_up(void **state)
{
    static const char *const months[] = {"2023-10", "2023-11", "2023-12"};
    static const double num[] = {120, 131, 130}, den[] = {600, 580, 636};
    static const double pct[] = {95, 96, 97.5};
    struct measure m = {.unit = MU_PERCENTAGE, .frequency = MF_MONTHLY};
    struct measure_point *pts;
    struct measure_quarter q;
    struct arena a;
    size_t n;

    arena_init(&a);
    n = series(&m, months, num, den, 3, "2023-12", &a, &pts);
    expect_near(pts[0].value, 20, 1e-12);
    assert_true(measure_series_has_den(pts, n));
    measure_rollup(&m, pts, n, P("2023/24 Q3"), &q);
    expect_near(q.num, 381, 0);
    expect_near(q.den, 1816, 0);
    expect_near(q.value, 381.0 / 1816 * 100, 1e-12);
    n = series(&m, months, pct, NULL, 3, "2023-12", &a, &pts);
    assert_false(measure_series_has_den(pts, n));
    measure_rollup(&m, pts, n, P("2023/24 Q3"), &q);
    expect_near(q.value, 96.166666666666671, 1e-12);
    assert_true(isnan(q.den));
    /* Money and counts sum. */
    m.unit = MU_MONEY;
    measure_rollup(&m, pts, n, P("2023/24 Q3"), &q);
    expect_near(q.value, 288.5, 1e-12);
    arena_release(&a);
}

/* A quarterly measure's observations are quarters: a calendar quarter is
 * taken as its financial quarter; months are left out and counted. */
static void test_quarterly_series(void **state)
{
    static const char *const periods[] = {"2023/24 Q2", "2023 Q4", "2023-11", "2023/24 Q1"};
    static const double v[] = {1614, 1196, 5, 1562};
    struct measure m = {.unit = MU_COUNT, .frequency = MF_QUARTERLY};
    struct observation **obs;
    struct measure_point *pts;
    struct measure_quarter q;
    struct arena a;
    size_t n, skipped;
    char buf[PERIOD_BUFSZ];

    arena_init(&a);
    obs = arena_alloc(&a, 4 * sizeof *obs);
    for (size_t i = 0; i < 4; i++) {
        obs[i] = arena_alloc(&a, sizeof **obs);
        obs[i]->period = periods[i];
        obs[i]->value = v[i];
        obs[i]->denominator = NAN;
    }
    measure_series(&m, obs, 4, period_last_month(P("2023/24 Q3")), &a, &pts, &n, &skipped);
    assert_int_equal(n, 3);
    assert_int_equal(skipped, 1);
    assert_string_equal(period_format(pts[2].period, buf), "2023/24 Q3");
    measure_rollup(&m, pts, n, P("2023/24 Q3"), &q);
    expect_near(q.value, 1196, 0);
    assert_int_equal(q.months, 3);
    arena_release(&a);
}

static void test_change_wording(void **state)
{
    assert_string_equal(change(MU_COUNT, 371, 409), "increased by 10% (+38)");
    assert_string_equal(change(MU_COUNT, 428, 371), "decreased by 13% (-57)");
    assert_string_equal(change(MU_COUNT, 295, 295), "remained the same (295)");
    assert_string_equal(change(MU_COUNT, 368, 447), "increased by 21% (+79)");
    assert_string_equal(change(MU_COUNT, 1614, 1196), "decreased by 26% (-418)");
    /* Half a percent rounds away from zero; under half is "less than 1%". */
    assert_string_equal(change(MU_COUNT, 200, 201), "increased by 1% (+1)");
    assert_string_equal(change(MU_COUNT, 1000, 1004), "increased by less than 1% (+4)");
    assert_string_equal(change(MU_COUNT, 0, 5), "increased from 0 to 5 (+5)");
    assert_string_equal(change(MU_COUNT, 10000, 12500), "increased by 25% (+2,500)");
    assert_string_equal(change(MU_MONEY, 101e6, 98.7e6), "decreased by 2% (-£2.3m)");
    assert_string_equal(change(MU_PERCENTAGE, 18, 21),
                        "increased by 3 percentage points (from 18% to 21%)");
    assert_string_equal(change(MU_PERCENTAGE, 95.5, 96),
                        "increased by 0.5 percentage points (from 95.5% to 96%)");
    assert_string_equal(change(MU_PERCENTAGE, 97, 96),
                        "decreased by 1 percentage point (from 97% to 96%)");
    /* The same as printed is the same. */
    assert_string_equal(change(MU_PERCENTAGE, 20.998, 21.04), "remained the same (21%)");
}

/* Two months of a quarter so far are not compared with three. */
static void test_change_of_a_partial_quarter(void **state)
{
    struct measure m = {.unit = MU_COUNT, .frequency = MF_MONTHLY};
    struct measure_quarter a = {.have = 1, .months = 3, .value = 371};
    struct measure_quarter b = {.have = 1, .months = 2, .partial = 1, .value = 257};
    struct measure_change c;
    measure_change(&m, &a, &b, &c);
    assert_false(c.have);
    assert_string_equal(c.text, "not comparable: this quarter has 2 of 3 months");
    /* A rate over two months is still a rate. */
    m.unit = MU_PERCENTAGE;
    a.value = 18;
    b.value = 21;
    measure_change(&m, &a, &b, &c);
    assert_string_equal(c.text, "increased by 3 percentage points (from 18% to 21%)");
}

static void test_change_without_a_quarter(void **state)
{
    struct measure m = {.unit = MU_COUNT};
    struct measure_quarter a = {.have = 0}, b = {.have = 1, .value = 3};
    struct measure_change c;
    measure_change(&m, &a, &b, &c);
    assert_false(c.have);
    assert_string_equal(c.text, "no figure for the previous quarter");
    measure_change(&m, &b, &a, &c);
    assert_string_equal(c.text, "no figure for this quarter");
}

static void test_value_text(void **state)
{
    char b[40];
    assert_string_equal(measure_value_text(MU_COUNT, 1101, b, sizeof b), "1,101");
    assert_string_equal(measure_value_text(MU_COUNT, 1234567, b, sizeof b), "1,234,567");
    assert_string_equal(measure_value_text(MU_COUNT, 999, b, sizeof b), "999");
    assert_string_equal(measure_value_text(MU_COUNT, 12.5, b, sizeof b), "12.5");
    assert_string_equal(measure_value_text(MU_COUNT, -57, b, sizeof b), "-57");
    assert_string_equal(measure_value_text(MU_PERCENTAGE, 95.5, b, sizeof b), "95.5%");
    assert_string_equal(measure_value_text(MU_PERCENTAGE, 20.98, b, sizeof b), "21%");
    assert_string_equal(measure_value_text(MU_MONEY, 101e6, b, sizeof b), "£101m");
    assert_string_equal(measure_value_text(MU_MONEY, 2.3e6, b, sizeof b), "£2.3m");
    assert_string_equal(measure_value_text(MU_MONEY, 12500, b, sizeof b), "£12,500");
    assert_string_equal(measure_value_text(MU_COUNT, NAN, b, sizeof b), "-");
}

/* seeds/002, crime data integrity review: 160 of 177 crimes recorded,
 * 90.4%, "margin of error is approximately +/- 4%". Wilson at 95%:
 * centre (p + z^2/2n) / (1 + z^2/n) = 0.89537, half-width 0.04380. */
static void test_wilson_interval(void **state)
{
    double lo, hi;
    measure_wilson95(160, 177, &lo, &hi);
    expect_near(160.0 / 177, 0.904, 0.0005);
    expect_near(lo, 0.85157, 0.00005);
    expect_near(hi, 0.93917, 0.00005);
    expect_near((hi - lo) / 2, 0.0438, 0.0005); /* about +-4% */
    /* It stays within 0..1 where the normal approximation would not. */
    measure_wilson95(0, 10, &lo, &hi);
    expect_near(lo, 0, 0);
    expect_near(hi, 0.27753, 0.00005);
    measure_wilson95(10, 10, &lo, &hi);
    expect_near(hi, 1, 1e-12);
    expect_near(lo, 0.72247, 0.00005);
}

/* p-bar = (20 + 30 + 25 + 25) / (100 + 200 + 100 + 100) = 0.2. A point of
 * 100: sigma sqrt(0.2 x 0.8 / 100) = 4%, limits 20 -+ 12 = 8..32%; of 200:
 * sigma 2.8284%, limits 20 -+ 8.4853. 2-sigma lines likewise. */
static void test_pchart_limits_vary_with_the_denominator(void **state)
{
    const double num[] = {20, 30, 25, 25}, den[] = {100, 200, 100, 100};
    double y[4];
    struct spc_settings s;
    struct spc_chart c;
    struct err e;

    spc_chart_init(&c);
    spc_settings_default(&s);
    s.improvement = SPC_UP;
    assert_int_equal(measure_pchart(&c, num, den, 4, &s, y, &e), 0);
    expect_near(y[1], 15, 1e-12);
    expect_near(c.points[0].mean, 20, 1e-12);
    expect_near(c.points[0].lpl, 8, 1e-9);
    expect_near(c.points[0].upl, 32, 1e-9);
    expect_near(c.points[0].upper_2s, 28, 1e-9);
    expect_near(c.points[1].lpl, 20 - 3 * sqrt(0.16 / 200) * 100, 1e-9);
    expect_near(c.points[1].upl, 20 + 3 * sqrt(0.16 / 200) * 100, 1e-9);
    assert_true(c.trial_limits);
    assert_int_equal(c.variation, SPC_COMMON_CAUSE);

    /* 35% would be inside the limits of a point of 100; of 1,000 it is
     * beyond them: p-bar 425 / 1400 = 30.36%, sigma 1.454%, upper limit
     * 34.72%. */
    {
        const double n2[] = {20, 30, 25, 350}, d2[] = {100, 200, 100, 1000};
        double pbar = 425.0 / 1400, sig = sqrt(pbar * (1 - pbar) / 1000) * 100;
        assert_int_equal(measure_pchart(&c, n2, d2, 4, &s, y, &e), 0);
        expect_near(c.points[3].upl, pbar * 100 + 3 * sig, 1e-9);
        assert_true(c.points[3].rules & SPC_BEYOND_LIMIT);
        assert_int_equal(c.variation, SPC_IMPROVEMENT);
    }
    /* Limits stay within 0..100%. */
    {
        const double n3[] = {1, 0, 0, 1}, d3[] = {10, 10, 10, 10};
        assert_int_equal(measure_pchart(&c, n3, d3, 4, &s, y, &e), 0);
        expect_near(c.points[0].lpl, 0, 0);
    }
    /* Every point at 100%: no variation, no verdict, and the arrow of the
     * papers: green, right, "consistent performance at 100%". */
    {
        const double n4[] = {10, 12, 9}, d4[] = {10, 12, 9};
        struct spc_travel t;
        assert_int_equal(measure_pchart(&c, n4, d4, 3, &s, y, &e), 0);
        assert_int_equal(c.variation, SPC_NO_VERDICT);
        spc_travel(&c, y, 1, &t);
        assert_int_equal(t.arrow, SPC_ARROW_RIGHT);
        assert_int_equal(t.colour, SPC_GREEN);
        assert_string_equal(measure_travel_words(&t), "consistent performance at 100%");
    }
    /* A numerator above its denominator is refused. */
    {
        const double n5[] = {10, 13}, d5[] = {10, 12};
        assert_int_equal(measure_pchart(&c, n5, d5, 2, &s, y, &e), ERR_INPUT);
        assert_string_equal(e.msg, "point 2: 13 is not between 0 and the denominator 12");
    }
    spc_chart_release(&c);
}

/* Eight points of 100 above p-bar (571 / 1200 = 47.58%), then four below
 * it: sigma 4.994%, limits 32.60..62.57%, so 30, 31 and the last 30 are
 * beyond the lower limit and 34 is not. Lower is better. */
static void test_pchart_shift(void **state)
{
    const double num[] = {55, 56, 54, 57, 55, 56, 58, 55, 30, 31, 34, 30};
    double den[12], y[12];
    struct spc_settings s;
    struct spc_chart c;
    struct err e;
    struct measure_exception ex[8];
    size_t nex;

    for (int i = 0; i < 12; i++)
        den[i] = 100;
    spc_chart_init(&c);
    spc_settings_default(&s);
    s.improvement = SPC_DOWN;
    assert_int_equal(measure_pchart(&c, num, den, 12, &s, y, &e), 0);
    expect_near(c.points[0].mean, 571.0 / 12, 1e-12);
    for (int i = 0; i < 8; i++)
        assert_true(c.points[i].rules & SPC_SHIFT);
    assert_false(c.points[8].rules & SPC_SHIFT);
    assert_int_equal(c.points[0].variation, SPC_CONCERN);
    nex = measure_exceptions(&c, y, 0, ex, 8);
    assert_int_equal(nex, 3);
    /* The shift, then two points beyond the lower limit (improvement). */
    assert_int_equal(ex[0].rule, SPC_BEYOND_LIMIT);
    assert_int_equal(ex[0].first, 8);
    assert_int_equal(ex[0].last, 9);
    assert_false(ex[0].high);
    assert_int_equal(ex[0].variation, SPC_IMPROVEMENT);
    assert_int_equal(ex[1].rule, SPC_BEYOND_LIMIT);
    assert_int_equal(ex[1].first, 11);
    assert_int_equal(ex[2].rule, SPC_SHIFT);
    assert_int_equal(ex[2].first, 0);
    assert_int_equal(ex[2].last, 7);
    assert_true(ex[2].high);
    /* From point 9 on, the shift is out of sight. */
    assert_int_equal(measure_exceptions(&c, y, 9, ex, 8), 2);
    spc_chart_release(&c);
}

/* Seven rising then seven falling, sharing the peak: two trends, each its
 * own run and meaning (higher is better), the peak in both. */
static void test_trends_meet_at_a_peak(void **state)
{
    const double y[] = {1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1};
    struct spc_settings s;
    struct spc_chart c;
    struct err e;
    struct measure_exception ex[8];
    size_t n = 0;

    spc_chart_init(&c);
    spc_settings_default(&s);
    s.improvement = SPC_UP;
    assert_int_equal(spc_compute(&c, y, N(y), &s, &e), 0);
    for (size_t k = 0, all = measure_exceptions(&c, y, 0, ex, 8); k < all; k++)
        if (ex[k].rule == SPC_TREND)
            ex[n++] = ex[k];
    assert_int_equal(n, 2);
    assert_int_equal(ex[0].first, 0);
    assert_int_equal(ex[0].last, 6);
    assert_true(ex[0].high);
    assert_int_equal(ex[0].variation, SPC_IMPROVEMENT);
    assert_int_equal(ex[1].first, 6);
    assert_int_equal(ex[1].last, 12);
    assert_false(ex[1].high);
    assert_int_equal(ex[1].variation, SPC_CONCERN);
    spc_chart_release(&c);
}

static void test_travel_words(void **state)
{
    struct spc_travel t = {SPC_ARROW_UP, SPC_GREEN, "improvement"};
    assert_string_equal(measure_travel_words(&t), "improvement in the direction of travel");
    t.arrow = SPC_ARROW_DOWN;
    assert_string_equal(measure_travel_words(&t), "a decreasing trend which is positive");
    t = (struct spc_travel){SPC_ARROW_UP, SPC_RED, "concern"};
    assert_string_equal(measure_travel_words(&t), "an increasing trend that is negative");
    t.arrow = SPC_ARROW_DOWN;
    assert_string_equal(measure_travel_words(&t), "a decrease in performance");
    t = (struct spc_travel){SPC_ARROW_UP, SPC_AMBER, "common cause"};
    assert_string_equal(measure_travel_words(&t),
                        "limited increases or decreases within tolerance level");
    assert_string_equal(measure_arrow_glyph(SPC_ARROW_UP), "\xe2\x86\x91");
}

static void test_settings_text(void **state)
{
    struct arena a;
    struct measure_rebase *rb;
    struct measure_note *nt;
    size_t n;
    char why[256];

    arena_init(&a);
    assert_int_equal(measure_rebases_parse("18: new crime recording system ; 30:restructure", &a,
                                           &rb, &n, why, sizeof why),
                     0);
    assert_int_equal(n, 2);
    assert_int_equal(rb[0].at, 18);
    assert_string_equal(rb[0].reason, "new crime recording system");
    assert_string_equal(rb[1].reason, "restructure");
    assert_int_equal(measure_rebases_parse("", &a, &rb, &n, why, sizeof why), 0);
    assert_int_equal(n, 0);
    assert_int_equal(measure_rebases_parse("30:a;18:b", &a, &rb, &n, why, sizeof why), -1);
    assert_string_equal(why, "rebase points must be in ascending order (18 after 30)");
    assert_int_equal(measure_rebases_parse("1:a", &a, &rb, &n, why, sizeof why), -1);
    assert_int_equal(measure_rebases_parse("x:a", &a, &rb, &n, why, sizeof why), -1);
    assert_string_equal(why, "\"x\" is not a point number");
    assert_int_equal(measure_rebases_parse("18", &a, &rb, &n, why, sizeof why), -1);
    assert_int_equal(measure_rebases_parse("18:", &a, &rb, &n, why, sizeof why), -1);
    assert_string_equal(why, "rebase at point 18 needs a reason");

    assert_int_equal(measure_notes_parse("2023-11:Christmas campaign;2023 Q4:Cycle Team", &a, &nt,
                                         &n, why, sizeof why),
                     0);
    assert_int_equal(n, 2);
    assert_string_equal(nt[0].text, "Christmas campaign");
    assert_int_equal(nt[1].period.kind, PERIOD_FQUARTER);
    assert_int_equal(measure_notes_parse("Q9:x", &a, &nt, &n, why, sizeof why), -1);
    assert_string_equal(why, "\"Q9\" is not a period (2023-10, 2023/24 Q3)");
    assert_false(measure_text_ok("a;b"));
    assert_true(measure_text_ok("a, b"));
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monthly_counts_roll_up),
        cmocka_unit_test(test_percentages_roll_up),
        cmocka_unit_test(test_quarterly_series),
        cmocka_unit_test(test_change_wording),
        cmocka_unit_test(test_change_of_a_partial_quarter),
        cmocka_unit_test(test_change_without_a_quarter),
        cmocka_unit_test(test_value_text),
        cmocka_unit_test(test_wilson_interval),
        cmocka_unit_test(test_pchart_limits_vary_with_the_denominator),
        cmocka_unit_test(test_pchart_shift),
        cmocka_unit_test(test_trends_meet_at_a_peak),
        cmocka_unit_test(test_travel_words),
        cmocka_unit_test(test_settings_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
