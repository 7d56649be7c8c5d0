/* test_spc.c -- the SPC engine on hand-worked series: each rule at its
 * edges (a point on the mean, a tie, a trend across a rebase, two of three on
 * opposite sides, a point flagged both ways), trial limits, a series without
 * variation, baselines, assurance and the direction of travel. The means and
 * limits worked by hand are in the comments; the vectors test holds the
 * published series. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/spc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct spc_chart chart;

static int setup(void **state)
{
    spc_chart_init(&chart);
    return 0;
}

static int teardown(void **state)
{
    spc_chart_release(&chart);
    return 0;
}

static void compute(const double *y, size_t n, const struct spc_settings *s)
{
    struct err e;
    if (spc_compute(&chart, y, n, s, &e) != 0)
        fail_msg("spc_compute: %s", e.msg);
}

/* The chart's rules, one word per point ("-" for none, "shift+trend"). */
static const char *rules(void)
{
    static char out[4096];
    size_t used = 0;
    for (size_t i = 0; i < chart.n; i++) {
        size_t before = used;
        if (i)
            out[used++] = ' ';
        for (unsigned r = SPC_BEYOND_LIMIT; r <= SPC_TWO_OF_THREE; r <<= 1)
            if (chart.points[i].rules & r)
                used += (size_t)snprintf(out + used, sizeof out - used, "%s%s",
                                         used > before + (i ? 1u : 0u) ? "+" : "", spc_rule_name(r));
        if (used == before + (i ? 1u : 0u))
            out[used++] = '-';
    }
    out[used] = '\0';
    return out;
}

/* The points' variation, one letter each: . common cause, i improvement,
 * c concern, h neither high, l neither low, 0 no verdict. */
static const char *variations(void)
{
    static char out[1024];
    static const char letter[] = {[SPC_COMMON_CAUSE] = '.', [SPC_IMPROVEMENT] = 'i',
                                  [SPC_CONCERN] = 'c',      [SPC_NEITHER_HIGH] = 'h',
                                  [SPC_NEITHER_LOW] = 'l',  [SPC_NO_VERDICT] = '0'};
    size_t i;
    for (i = 0; i < chart.n; i++)
        out[i] = letter[chart.points[i].variation];
    out[i] = '\0';
    return out;
}

static void expect_near(double got, double want)
{
    if (!(fabs(got - want) <= 1e-12 * fmax(1, fabs(want))))
        fail_msg("got %.17g, expected %.17g", got, want);
}

/* Mean 10, 14 points. 1-3 and 5-7 are above the mean, but point 4 sits
 * exactly on it: two runs of three, no shift; 8-13 are six below it and 14
 * is on it again. MR-bar 27/13, so the 2-sigma lines are 10 -+ 3.68 and the
 * limits 10 -+ 5.52: nothing near them. Moving the 4th point half up and the
 * 8th half down (the mean and MR-bar stay) makes points 1-7 a shift. */
static void test_point_on_mean_breaks_shift(void **state)
{
    double y[] = {13, 11, 13, 10, 11, 13, 11, 7, 9, 7, 9, 7, 9, 10};
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_UP;
    compute(y, N(y), &s);
    expect_near(chart.points[0].mean, 10);
    expect_near(chart.segments[0].mrbar, 27.0 / 13);
    assert_string_equal(rules(), "- - - - - - - - - - - - - -");
    assert_string_equal(variations(), "..............");
    assert_int_equal(chart.variation, SPC_COMMON_CAUSE);

    y[3] = 10.5;
    y[7] = 6.5;
    compute(y, N(y), &s);
    expect_near(chart.points[0].mean, 10);
    expect_near(chart.segments[0].mrbar, 27.0 / 13);
    assert_string_equal(rules(), "shift shift shift shift shift shift shift - - - - - - -");
    assert_string_equal(variations(), "iiiiiii.......");
    /* A longer run than needed is flagged whole; a shorter setting too. */
    s.shift = 8;
    compute(y, N(y), &s);
    assert_string_equal(rules(), "- - - - - - - - - - - - - -");
}

/* 1..7: six rising steps, a trend over all seven points. Mean 4, MR-bar 1:
 * limits 4 -+ 2.66, so 1 and 7 are also beyond them. 1,2,3,3,4,5,6: the tie
 * breaks the trend (mean 24/7, MR-bar 5/6: 1 and 6 beyond the limits). */
static void test_tie_breaks_trend(void **state)
{
    double rising[] = {1, 2, 3, 4, 5, 6, 7};
    double tie[] = {1, 2, 3, 3, 4, 5, 6};
    double six[] = {1, 2, 3, 4, 5, 6};
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_DOWN;
    compute(rising, N(rising), &s);
    expect_near(chart.segments[0].lpl, 4 - 2.66);
    expect_near(chart.segments[0].upl, 4 + 2.66);
    assert_string_equal(rules(),
                        "beyond_limit+trend trend trend trend trend trend beyond_limit+trend");
    /* Lower is better: the rising trend is concern, point 1 beyond the lower
     * limit is improvement and also in the rising trend: improvement. */
    assert_string_equal(variations(), "icccccc");

    compute(tie, N(tie), &s);
    assert_string_equal(rules(), "beyond_limit - - - - - beyond_limit");
    assert_string_equal(variations(), "i.....c");

    /* Six rising points (mean 3.5, limits 3.5 -+ 2.66): a trend only when
     * the setting asks for six. */
    compute(six, N(six), &s);
    assert_string_equal(rules(), "- - - - - -");
    s.trend = 6;
    compute(six, N(six), &s);
    assert_string_equal(rules(), "trend trend trend trend trend trend");
}

/* A rebase at point 5: segment 1 is 5,1,2,3 (mean 2.75, MR-bar 2), segment 2
 * 4,5,6,7,8,3 (mean 5.5, MR-bar 1.8). The rise 1,2,...,8 (points 2-9) runs
 * across the rebase and is one trend; nothing else is flagged. */
static void test_trend_across_rebase(void **state)
{
    double y[] = {5, 1, 2, 3, 4, 5, 6, 7, 8, 3};
    size_t rebase[] = {5};
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_UP;
    s.rebase = rebase;
    s.nrebase = 1;
    compute(y, N(y), &s);
    assert_int_equal(chart.nsegments, 2);
    assert_int_equal(chart.points[3].segment, 0);
    assert_int_equal(chart.points[4].segment, 1);
    expect_near(chart.points[0].mean, 2.75);
    expect_near(chart.segments[0].mrbar, 2);
    expect_near(chart.points[9].mean, 5.5);
    expect_near(chart.segments[1].mrbar, 1.8);
    assert_string_equal(rules(), "- trend trend trend trend trend trend trend trend -");
    assert_string_equal(variations(), ".iiiiiiii.");
}

/* Shifts stay within a segment. Without a rebase the mean is 42/19 and
 * points 6-12 (4,3,3,3,3,3,3) are seven above it: a shift. A rebase at 10
 * cuts that run: segment 1 (mean 21/9) ends with four points above its mean,
 * segment 2 (mean 21/10) opens with three above its own; neither is seven. */
static void test_shift_within_segment(void **state)
{
    double y[] = {0, 4, 0, 4, 0, 4, 3, 3, 3, 3, 3, 3, 0, 4, 0, 4, 0, 4, 0};
    size_t rebase[] = {10};
    struct spc_settings s;

    spc_settings_default(&s);
    compute(y, N(y), &s);
    assert_string_equal(rules(),
                        "- - - - - shift shift shift shift shift shift shift - - - - - - -");
    assert_string_equal(variations(), ".....hhhhhhh.......");
    s.rebase = rebase;
    s.nrebase = 1;
    compute(y, N(y), &s);
    assert_int_equal(chart.nsegments, 2);
    expect_near(chart.points[8].mean, 21.0 / 9);
    expect_near(chart.points[9].mean, 21.0 / 10);
    assert_string_equal(rules(), "- - - - - - - - - - - - - - - - - - -");
}

/* 24 points alternating 10,12, then 16,6,16,11,11: mean 324/29, MR-bar
 * 75/28, so the 2-sigma lines are at 6.42 and 15.92 and the limits at 4.05
 * and 18.30. 16, 6, 16 are each beyond a 2-sigma line but on alternating
 * sides of the mean: no signal. With 12 in the middle (mean 330/29, MR-bar
 * 63/28: 2-sigma lines 7.39 and 15.37) the three are on one side and the two
 * 16s, only they, are flagged. */
static void test_two_of_three(void **state)
{
    double y[29];
    struct spc_settings s;

    for (int i = 0; i < 24; i++)
        y[i] = i % 2 ? 12 : 10;
    y[24] = 16, y[25] = 6, y[26] = 16, y[27] = 11, y[28] = 11;
    spc_settings_default(&s);
    s.improvement = SPC_UP;
    compute(y, N(y), &s);
    expect_near(chart.segments[0].mrbar, 75.0 / 28);
    assert_true(y[25] < chart.segments[0].lower_2s && y[25] > chart.segments[0].lpl);
    assert_true(y[24] > chart.segments[0].upper_2s && y[24] < chart.segments[0].upl);
    assert_int_equal(chart.points[24].rules | chart.points[25].rules | chart.points[26].rules, 0);
    assert_string_equal(variations(), ".............................");

    y[25] = 12;
    compute(y, N(y), &s);
    assert_int_equal(chart.points[24].rules, SPC_TWO_OF_THREE);
    assert_int_equal(chart.points[25].rules, 0);
    assert_int_equal(chart.points[26].rules, SPC_TWO_OF_THREE);
    assert_string_equal(variations() + 23, ".i.i..");
    assert_int_equal(chart.warnings & SPC_WARN_NO_TWO_OF_THREE, 0);

    /* Limits at 2 sigma: no band between the 2-sigma lines and the limits,
     * so two of three is off, with a warning; the 16s are now beyond the
     * limits instead. */
    s.limits_sigma = 2;
    compute(y, N(y), &s);
    assert_int_equal(chart.points[24].rules, SPC_BEYOND_LIMIT);
    assert_int_equal(chart.points[26].rules, SPC_BEYOND_LIMIT);
    assert_true(chart.warnings & SPC_WARN_NO_TWO_OF_THREE);
    {
        char w[256];
        spc_warning_text(&chart, SPC_WARN_NO_TWO_OF_THREE, w, sizeof w);
        assert_string_equal(
            w, "limits at 2 sigma leave no room beyond the 2-sigma lines: two of three is off");
    }
}

/* 21,24 six times, then 40 and a fall 27,25,24,23,22,19, then 24,21,24,21:
 * mean 540/23, MR-bar 84/22, limits 23.48 -+ 10.16. Point 13 (40) is beyond
 * the upper limit and starts a falling trend: flagged both ways, it counts
 * as improvement whichever way is better. */
static void test_both_ways_is_improvement(void **state)
{
    double y[] = {21, 24, 21, 24, 21, 24, 21, 24, 21, 24, 21, 24,
                  40, 27, 25, 24, 23, 22, 19, 24, 21, 24, 21};
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_UP;
    compute(y, N(y), &s);
    expect_near(chart.points[0].mean, 540.0 / 23);
    expect_near(chart.segments[0].mrbar, 84.0 / 22);
    assert_string_equal(rules(), "- - - - - - - - - - - - beyond_limit+trend trend trend trend "
                                 "trend trend trend - - - -");
    assert_string_equal(variations(), "............icccccc....");
    s.improvement = SPC_DOWN;
    compute(y, N(y), &s);
    assert_string_equal(variations(), "............iiiiiii....");
    /* Without a direction the flags only say which side. */
    s.improvement = SPC_NEITHER;
    compute(y, N(y), &s);
    assert_string_equal(variations(), "............hllllll....");
}

/* Limits from fewer than 12 points are trial limits. */
static void test_trial_limits(void **state)
{
    double y[20];
    size_t rebase[] = {10};
    char w[256];
    struct spc_settings s;

    for (int i = 0; i < 20; i++)
        y[i] = i % 3;
    spc_settings_default(&s);
    compute(y, 11, &s);
    assert_true(chart.trial_limits);
    assert_true(chart.segments[0].trial);
    spc_warning_text(&chart, SPC_WARN_TRIAL, w, sizeof w);
    assert_string_equal(w, "trial limits: the limits rest on 11 points (fewer than 12)");

    compute(y, 12, &s);
    assert_false(chart.trial_limits);
    assert_int_equal(chart.warnings, 0);
    assert_int_equal(spc_warning_text(&chart, SPC_WARN_TRIAL, w, sizeof w), 0);

    s.rebase = rebase;
    s.nrebase = 1;
    compute(y, 20, &s); /* 9 and 11 points */
    assert_true(chart.trial_limits);
    spc_warning_text(&chart, SPC_WARN_TRIAL, w, sizeof w);
    assert_string_equal(w, "trial limits: segment 1's limits rest on 9 points; segment 2's "
                           "limits rest on 11 points (fewer than 12)");

    /* A baseline of 5 points: the limits rest on 5, however long the series. */
    s.nrebase = 0;
    s.baseline = 5;
    compute(y, 20, &s);
    assert_true(chart.trial_limits);
    assert_int_equal(chart.segments[0].nlimits, 5);
}

/* All values equal: MR-bar 0 and zero-width limits. No verdict, and no point
 * flagged (not "every point beyond the limits", not a shift). */
static void test_no_variation(void **state)
{
    double y[14];
    char w[256];
    struct spc_travel t;
    struct spc_settings s;

    for (int i = 0; i < 14; i++)
        y[i] = 7;
    spc_settings_default(&s);
    s.improvement = SPC_UP;
    s.target = 5;
    compute(y, N(y), &s);
    assert_true(chart.segments[0].no_verdict);
    expect_near(chart.points[0].lpl, 7);
    expect_near(chart.points[0].upl, 7);
    assert_string_equal(rules(), "- - - - - - - - - - - - - -");
    assert_string_equal(variations(), "00000000000000");
    assert_int_equal(chart.variation, SPC_NO_VERDICT);
    assert_null(spc_variation_name(chart.variation));
    assert_int_equal(chart.assurance, SPC_ASSURANCE_NONE);
    assert_null(spc_assurance_name(chart.assurance));
    spc_warning_text(&chart, SPC_WARN_NO_VARIATION, w, sizeof w);
    assert_string_equal(w, "no variation (every moving range is 0): no verdict");
    spc_travel(&chart, y, 0, &t);
    assert_int_equal(t.arrow, SPC_ARROW_RIGHT);
    assert_int_equal(t.colour, SPC_AMBER);
    assert_string_equal(t.text, "no variation");

    /* One point: no moving range, no limits. */
    compute(y, 1, &s);
    assert_true(isnan(chart.points[0].upl));
    assert_int_equal(chart.variation, SPC_NO_VERDICT);
    spc_warning_text(&chart, SPC_WARN_NO_VARIATION, w, sizeof w);
    assert_string_equal(w, "one point, no moving range: no limits and no verdict");
}

/* The first N points fix the mean and limits, from their own moving ranges
 * only: 1,2,1,2,1,2 gives mean 1.5, MR-bar 1, limits 1.5 -+ 2.66; the 10s
 * after them are all beyond the upper limit, and with the 2 before them
 * eight points above the mean: a shift. */
static void test_baseline(void **state)
{
    double y[] = {1, 2, 1, 2, 1, 2, 10, 10, 10, 10, 10, 10, 10};
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_UP;
    s.baseline = 6;
    compute(y, N(y), &s);
    expect_near(chart.points[12].mean, 1.5);
    expect_near(chart.segments[0].mrbar, 1);
    expect_near(chart.points[12].upl, 1.5 + 2.66);
    assert_int_equal(chart.points[6].segment, 0);
    assert_string_equal(rules(), "- - - - - shift beyond_limit+shift beyond_limit+shift "
                                 "beyond_limit+shift beyond_limit+shift beyond_limit+shift "
                                 "beyond_limit+shift beyond_limit+shift");
    assert_int_equal(chart.variation, SPC_IMPROVEMENT);
}

/* Screening drops moving ranges above 3.267 MR-bar: 1,2,1,2,10,2,1,2,1,2 has
 * MR 1,1,1,8,8,1,1,1,1 (MR-bar 23/9); 8 > 3.267 x 23/9 = 8.35 is false, so
 * both stay. 1,2,1,2,1,2,1,2,1,30: MR-bar 37/9, 29 > 13.4 is dropped, MR-bar
 * 8/8 = 1. */
static void test_screening(void **state)
{
    double a[] = {1, 2, 1, 2, 10, 2, 1, 2, 1, 2};
    double b[] = {1, 2, 1, 2, 1, 2, 1, 2, 1, 30};
    struct spc_settings s;

    spc_settings_default(&s);
    s.screen = 1;
    compute(a, N(a), &s);
    expect_near(chart.segments[0].mrbar, 23.0 / 9);
    compute(b, N(b), &s);
    expect_near(chart.segments[0].mrbar, 1);
    s.screen = 0;
    compute(b, N(b), &s);
    expect_near(chart.segments[0].mrbar, 37.0 / 9);
}

/* 12 points alternating 10, 11: mean 10.5, MR-bar 1, limits 7.84 and 13.16.
 * Up: a target at or below the lower limit is always met (pass), at or above
 * the upper never (fail), between them sometimes (hit or miss). Down is the
 * mirror. */
static void test_assurance(void **state)
{
    double y[12];
    struct spc_settings s;

    for (int i = 0; i < 12; i++)
        y[i] = i % 2 ? 11 : 10;
    spc_settings_default(&s);
    compute(y, N(y), &s);
    assert_int_equal(chart.assurance, SPC_ASSURANCE_NONE); /* no target */
    double lpl = chart.segments[0].lpl, upl = chart.segments[0].upl;
    expect_near(lpl, 10.5 - 2.66);
    expect_near(upl, 10.5 + 2.66);

    struct {
        enum spc_improvement dir;
        double target;
        enum spc_assurance want;
    } cases[] = {
        {SPC_UP, 7, SPC_PASS},          {SPC_UP, lpl, SPC_PASS},
        {SPC_UP, 10, SPC_HIT_OR_MISS},  {SPC_UP, upl, SPC_FAIL},
        {SPC_UP, 14, SPC_FAIL},         {SPC_DOWN, 14, SPC_PASS},
        {SPC_DOWN, upl, SPC_PASS},      {SPC_DOWN, 10, SPC_HIT_OR_MISS},
        {SPC_DOWN, lpl, SPC_FAIL},      {SPC_DOWN, 7, SPC_FAIL},
        {SPC_NEITHER, 10, SPC_ASSURANCE_NONE},
    };
    for (size_t k = 0; k < N(cases); k++) {
        s.improvement = cases[k].dir;
        s.target = cases[k].target;
        compute(y, N(y), &s);
        if (chart.assurance != cases[k].want)
            fail_msg("case %zu: assurance %s, expected %s", k,
                     spc_assurance_name(chart.assurance), spc_assurance_name(cases[k].want));
    }
    assert_true(chart.warnings & SPC_WARN_NO_DIRECTION);
    assert_string_equal(spc_assurance_name(SPC_HIT_OR_MISS), "hit_or_miss");

    /* The last segment's limits decide: after a rebase at 7, 20s. */
    for (int i = 6; i < 12; i++)
        y[i] = i % 2 ? 21 : 20;
    size_t rebase[] = {7};
    s.rebase = rebase;
    s.nrebase = 1;
    s.improvement = SPC_UP;
    s.target = 15;
    compute(y, N(y), &s);
    assert_int_equal(chart.assurance, SPC_PASS);
}

/* The arrows of the papers' tables, from the last point. */
static void test_direction_of_travel(void **state)
{
    /* Ends in a shift above the mean. */
    double y[] = {10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12,
                  13, 14, 13, 14, 13, 14, 13};
    double level[] = {10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 11, 11};
    double full[] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    struct spc_travel t;
    struct spc_settings s;

    spc_settings_default(&s);
    s.improvement = SPC_UP;
    compute(y, N(y), &s);
    assert_int_equal(chart.variation, SPC_IMPROVEMENT);
    assert_true(chart.points[18].rules & SPC_SHIFT);
    spc_travel(&chart, y, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "up");
    assert_string_equal(spc_colour_name(t.colour), "green");
    assert_string_equal(t.text, "improvement");

    s.improvement = SPC_DOWN; /* higher is worse: a red up arrow */
    compute(y, N(y), &s);
    spc_travel(&chart, y, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "up");
    assert_string_equal(spc_colour_name(t.colour), "red");
    assert_string_equal(t.text, "concern");

    s.improvement = SPC_NEITHER;
    compute(y, N(y), &s);
    spc_travel(&chart, y, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "up");
    assert_string_equal(spc_colour_name(t.colour), "amber");

    /* The mirror image: a shift below the mean, lower is better (green down). */
    for (size_t i = 0; i < N(y); i++)
        y[i] = 30 - y[i];
    s.improvement = SPC_DOWN;
    compute(y, N(y), &s);
    spc_travel(&chart, y, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "down");
    assert_string_equal(spc_colour_name(t.colour), "green");
    s.improvement = SPC_UP;
    compute(y, N(y), &s);
    spc_travel(&chart, y, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "down");
    assert_string_equal(spc_colour_name(t.colour), "red");

    /* Common cause: amber, pointing the way of the last step. */
    compute(level, N(level), &s);
    assert_int_equal(chart.variation, SPC_COMMON_CAUSE);
    spc_travel(&chart, level, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "right");
    assert_string_equal(spc_colour_name(t.colour), "amber");
    assert_string_equal(t.text, "common cause");
    spc_travel(&chart, level, 0, &t);
    compute(level, N(level) - 1, &s); /* ..., 12, 11 */
    spc_travel(&chart, level, 0, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "down");
    assert_string_equal(spc_colour_name(t.colour), "amber");

    /* A percentage at 100% throughout: MR-bar 0 at the ceiling. */
    compute(full, N(full), &s);
    spc_travel(&chart, full, 1, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "right");
    assert_string_equal(spc_colour_name(t.colour), "green");
    assert_string_equal(t.text, "consistent performance at 100%");
    spc_travel(&chart, full, 0, &t); /* not a percentage: just no variation */
    assert_string_equal(spc_colour_name(t.colour), "amber");
    assert_string_equal(t.text, "no variation");
    /* A fall to 95% at the end: variation again (mean 1195/12, MR-bar
     * 5/11, lower limit 98.37), and the fall is beyond the lower limit. */
    full[11] = 95;
    compute(full, N(full), &s);
    spc_travel(&chart, full, 1, &t);
    assert_string_equal(spc_arrow_name(t.arrow), "down");
    assert_string_equal(spc_colour_name(t.colour), "red");
    assert_string_equal(t.text, "concern");
}

static void expect_refused(const double *y, size_t n, const struct spc_settings *s,
                           const char *msg)
{
    struct err e;
    assert_int_equal(spc_compute(&chart, y, n, s, &e), ERR_INPUT);
    assert_string_equal(e.msg, msg);
}

static void test_bad_settings(void **state)
{
    double y[] = {1, 2, 3, 4, NAN};
    size_t r1[] = {1}, r6[] = {6}, r32[] = {3, 2};
    struct spc_settings s;

    spc_settings_default(&s);
    expect_refused(y, 0, &s, "no values to chart");
    expect_refused(y, 5, &s, "point 5: the value is not a finite number");
    s.rebase = r1;
    s.nrebase = 1;
    expect_refused(y, 4, &s, "rebase at point 1: a new segment starts at point 2 at the earliest");
    s.rebase = r6;
    expect_refused(y, 4, &s, "rebase at point 6: the series has only 4 points");
    s.rebase = r32;
    s.nrebase = 2;
    expect_refused(y, 4, &s, "rebase points must be in ascending order (2 after 3)");
    s.nrebase = 0;
    s.shift = 1;
    expect_refused(y, 4, &s, "a shift needs at least 2 points");
    s.shift = 7;
    s.limits_sigma = 0;
    expect_refused(y, 4, &s, "the limits' width must be a number of sigma above 0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_on_mean_breaks_shift),
        cmocka_unit_test(test_tie_breaks_trend),
        cmocka_unit_test(test_trend_across_rebase),
        cmocka_unit_test(test_shift_within_segment),
        cmocka_unit_test(test_two_of_three),
        cmocka_unit_test(test_both_ways_is_improvement),
        cmocka_unit_test(test_trial_limits),
        cmocka_unit_test(test_no_variation),
        cmocka_unit_test(test_baseline),
        cmocka_unit_test(test_screening),
        cmocka_unit_test(test_assurance),
        cmocka_unit_test(test_direction_of_travel),
        cmocka_unit_test(test_bad_settings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
