/* spc.c -- XmR control-chart statistics and rules. Pure functions, no I/O. */
#include "domain/spc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* struct spc_point.side: the side of the mean a point's flags point to. */
enum { SIDE_HIGH = 1, SIDE_LOW = 2 };

void spc_settings_default(struct spc_settings *s)
{
    memset(s, 0, sizeof *s);
    s->improvement = SPC_NEITHER;
    s->target = NAN;
    s->limits_sigma = 3;
    s->shift = 7;
    s->trend = 7;
}

void spc_chart_init(struct spc_chart *c)
{
    memset(c, 0, sizeof *c);
}

void spc_chart_release(struct spc_chart *c)
{
    free(c->points);
    free(c->segments);
    spc_chart_init(c);
}

static int check(const double *y, size_t n, const struct spc_settings *s, struct err *e)
{
    if (n == 0)
        return err_set(e, ERR_INPUT, "no values to chart");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return err_set(e, ERR_INPUT, "point %zu: the value is not a finite number", i + 1);
    if (!(s->limits_sigma > 0) || !isfinite(s->limits_sigma))
        return err_set(e, ERR_INPUT, "the limits' width must be a number of sigma above 0");
    if (s->shift < 2)
        return err_set(e, ERR_INPUT, "a shift needs at least 2 points");
    if (s->trend < 2)
        return err_set(e, ERR_INPUT, "a trend needs at least 2 points");
    for (size_t k = 0; k < s->nrebase; k++) {
        if (s->rebase[k] < 2)
            return err_set(e, ERR_INPUT,
                           "rebase at point %zu: a new segment starts at point 2 at the earliest",
                           s->rebase[k]);
        if (s->rebase[k] > n)
            return err_set(e, ERR_INPUT, "rebase at point %zu: the series has only %zu point%s",
                           s->rebase[k], n, n == 1 ? "" : "s");
        if (k && s->rebase[k] <= s->rebase[k - 1])
            return err_set(e, ERR_INPUT, "rebase points must be in ascending order (%zu after %zu)",
                           s->rebase[k], s->rebase[k - 1]);
    }
    return 0;
}

/* Mean and limits of one segment, from its first seg->nlimits points. */
static void segment_limits(struct spc_segment *seg, const double *y, const struct spc_settings *s)
{
    const double *v = y + seg->start;
    size_t m = seg->nlimits, count = 0;
    double sum = 0, mr = 0;

    for (size_t k = 0; k < m; k++)
        sum += v[k];
    seg->mean = sum / (double)m;
    if (m < 2) {
        seg->mrbar = seg->sigma = NAN;
        seg->lpl = seg->upl = seg->lower_2s = seg->upper_2s = NAN;
        seg->no_verdict = 1;
        return;
    }
    for (size_t k = 1; k < m; k++)
        mr += fabs(v[k] - v[k - 1]);
    seg->mrbar = mr / (double)(m - 1);
    if (s->screen) {
        /* Screening: one large jump (an outlier) would widen the limits
         * enough to hide itself. */
        double most = 3.267 * seg->mrbar;
        mr = 0;
        for (size_t k = 1; k < m; k++) {
            double d = fabs(v[k] - v[k - 1]);
            if (!(d > most)) {
                mr += d;
                count++;
            }
        }
        if (count)
            seg->mrbar = mr / (double)count;
    }
    /* Making Data Count's constant, as they write it: sigma = MR-bar / 1.128
     * rounded to 2.66 / 3. */
    seg->sigma = seg->mrbar * 2.66 / 3;
    seg->lpl = seg->mean - s->limits_sigma * seg->sigma;
    seg->upl = seg->mean + s->limits_sigma * seg->sigma;
    seg->lower_2s = seg->mean - 2 * seg->sigma;
    seg->upper_2s = seg->mean + 2 * seg->sigma;
    seg->no_verdict = seg->mrbar == 0;
}

static int sign_of(double d)
{
    return d > 0 ? 1 : d < 0 ? -1 : 0;
}

static void flag(struct spc_point *p, unsigned rule, int side)
{
    p->rules |= rule;
    p->side |= side > 0 ? SIDE_HIGH : SIDE_LOW;
}

/* Shifts: runs of points strictly on one side of the mean, within the
 * segment; a point on the mean belongs to neither side and ends the run. */
static void rule_shift(struct spc_chart *c, const struct spc_segment *seg, const double *y,
                       int len)
{
    size_t end = seg->start + seg->n, run = seg->start;
    int side = 0;

    for (size_t k = seg->start; k <= end; k++) {
        int sk = k < end ? sign_of(y[k] - seg->mean) : 0;
        if (k < end && sk == side)
            continue;
        if (side != 0 && k - run >= (size_t)len)
            for (size_t j = run; j < k; j++)
                flag(&c->points[j], SPC_SHIFT, side);
        side = sk;
        run = k;
    }
}

/* Trends: runs of points each strictly above (below) the one before, over
 * the whole series, rebases included; a tie ends the run. A peak or trough
 * can end one trend and start the next. */
static void rule_trend(struct spc_chart *c, const double *y, size_t n, int len)
{
    size_t run = 0; /* the first point of the current run of steps */
    int dir = 0;

    for (size_t k = 1; k <= n; k++) {
        int dk = k < n ? sign_of(y[k] - y[k - 1]) : 0;
        if (k < n && dk == dir)
            continue;
        if (dir != 0 && k - run >= (size_t)len)
            for (size_t j = run; j < k; j++)
                flag(&c->points[j], SPC_TREND, dir);
        dir = dk;
        run = k - 1;
    }
}

/* Two of three: three consecutive points of the segment on one side of the
 * mean, two or more of them beyond the 2-sigma line but not beyond the
 * limit; those are the points flagged. */
static void rule_two_of_three(struct spc_chart *c, const struct spc_segment *seg, const double *y)
{
    size_t end = seg->start + seg->n;

    for (size_t i = seg->start; i + 3 <= end; i++) {
        int side = sign_of(y[i] - seg->mean), near[3], count = 0;
        if (side == 0 || sign_of(y[i + 1] - seg->mean) != side ||
            sign_of(y[i + 2] - seg->mean) != side)
            continue;
        for (int j = 0; j < 3; j++) {
            double v = y[i + (size_t)j];
            near[j] = side > 0 ? v > seg->upper_2s && !(v > seg->upl)
                               : v < seg->lower_2s && !(v < seg->lpl);
            count += near[j];
        }
        if (count >= 2)
            for (int j = 0; j < 3; j++)
                if (near[j])
                    flag(&c->points[i + (size_t)j], SPC_TWO_OF_THREE, side);
    }
}

static enum spc_variation variation_of(const struct spc_point *p, double y,
                                       enum spc_improvement dir)
{
    int high = (p->side & SIDE_HIGH) != 0, low = (p->side & SIDE_LOW) != 0;

    if (!high && !low)
        return SPC_COMMON_CAUSE;
    if (high && low) {
        /* Flagged both ways: Making Data Count counts it as improvement. */
        if (dir != SPC_NEITHER)
            return SPC_IMPROVEMENT;
        return y >= p->mean ? SPC_NEITHER_HIGH : SPC_NEITHER_LOW;
    }
    switch (dir) {
    case SPC_UP: return high ? SPC_IMPROVEMENT : SPC_CONCERN;
    case SPC_DOWN: return low ? SPC_IMPROVEMENT : SPC_CONCERN;
    default: return high ? SPC_NEITHER_HIGH : SPC_NEITHER_LOW;
    }
}

static enum spc_assurance assurance_of(const struct spc_segment *seg, const struct spc_settings *s)
{
    double t = s->target;

    if (isnan(t) || s->improvement == SPC_NEITHER || seg->no_verdict)
        return SPC_ASSURANCE_NONE;
    if (s->improvement == SPC_UP)
        return t <= seg->lpl ? SPC_PASS : t >= seg->upl ? SPC_FAIL : SPC_HIT_OR_MISS;
    return t >= seg->upl ? SPC_PASS : t <= seg->lpl ? SPC_FAIL : SPC_HIT_OR_MISS;
}

int spc_compute(struct spc_chart *c, const double *y, size_t n, const struct spc_settings *s,
                struct err *e)
{
    size_t nseg = s->nrebase + 1;
    int rc;

    if ((rc = check(y, n, s, e)))
        return rc;
    if (n > c->cap_points)
        xgrow((void **)&c->points, &c->cap_points, n, sizeof *c->points);
    if (nseg > c->cap_segments)
        xgrow((void **)&c->segments, &c->cap_segments, nseg, sizeof *c->segments);
    c->n = n;
    c->nsegments = nseg;
    c->warnings = 0;
    c->trial_limits = 0;
    c->limits_sigma = s->limits_sigma;
    c->improvement = s->improvement;

    for (size_t k = 0; k < nseg; k++) {
        struct spc_segment *seg = &c->segments[k];
        size_t start = k ? s->rebase[k - 1] - 1 : 0, end = k < s->nrebase ? s->rebase[k] - 1 : n;
        memset(seg, 0, sizeof *seg);
        seg->start = start;
        seg->n = end - start;
        seg->nlimits = s->baseline && s->baseline < seg->n ? s->baseline : seg->n;
        segment_limits(seg, y, s);
        seg->trial = seg->nlimits < SPC_TRIAL_BELOW;
        if (seg->trial)
            c->warnings |= SPC_WARN_TRIAL, c->trial_limits = 1;
        if (seg->no_verdict)
            c->warnings |= SPC_WARN_NO_VARIATION;
        for (size_t i = start; i < end; i++) {
            struct spc_point *p = &c->points[i];
            p->segment = k;
            p->mean = seg->mean;
            p->lpl = seg->lpl;
            p->upl = seg->upl;
            p->lower_2s = seg->lower_2s;
            p->upper_2s = seg->upper_2s;
            p->rules = p->side = 0;
        }
    }

    for (size_t k = 0; k < nseg; k++) {
        const struct spc_segment *seg = &c->segments[k];
        if (seg->no_verdict)
            continue;
        for (size_t i = seg->start; i < seg->start + seg->n; i++) {
            if (y[i] > seg->upl)
                flag(&c->points[i], SPC_BEYOND_LIMIT, 1);
            else if (y[i] < seg->lpl)
                flag(&c->points[i], SPC_BEYOND_LIMIT, -1);
        }
        rule_shift(c, seg, y, s->shift);
        if (s->limits_sigma > 2)
            rule_two_of_three(c, seg, y);
    }
    if (!(s->limits_sigma > 2))
        c->warnings |= SPC_WARN_NO_TWO_OF_THREE;
    rule_trend(c, y, n, s->trend);

    for (size_t i = 0; i < n; i++) {
        struct spc_point *p = &c->points[i];
        if (c->segments[p->segment].no_verdict) {
            /* Without variation every point would be "beyond" zero-width
             * limits: no verdict rather than a flag on every point. */
            p->rules = p->side = 0;
            p->variation = SPC_NO_VERDICT;
        } else {
            p->variation = variation_of(p, y[i], s->improvement);
        }
    }
    c->variation = c->points[n - 1].variation;
    c->assurance = assurance_of(&c->segments[nseg - 1], s);
    if (!isnan(s->target) && s->improvement == SPC_NEITHER)
        c->warnings |= SPC_WARN_NO_DIRECTION;
    return 0;
}

const char *spc_variation_name(enum spc_variation v)
{
    switch (v) {
    case SPC_COMMON_CAUSE: return "common_cause";
    case SPC_IMPROVEMENT: return "improvement";
    case SPC_CONCERN: return "concern";
    case SPC_NEITHER_HIGH: return "neither_high";
    case SPC_NEITHER_LOW: return "neither_low";
    case SPC_NO_VERDICT: break;
    }
    return NULL;
}

const char *spc_assurance_name(enum spc_assurance a)
{
    switch (a) {
    case SPC_PASS: return "pass";
    case SPC_FAIL: return "fail";
    case SPC_HIT_OR_MISS: return "hit_or_miss";
    case SPC_ASSURANCE_NONE: break;
    }
    return NULL;
}

const char *spc_rule_name(unsigned rule)
{
    switch (rule) {
    case SPC_BEYOND_LIMIT: return "beyond_limit";
    case SPC_SHIFT: return "shift";
    case SPC_TREND: return "trend";
    case SPC_TWO_OF_THREE: return "two_of_three";
    }
    return NULL;
}

/* Appends to buf[*used..n), keeping it NUL-terminated and never overrunning. */
static void add(char *buf, size_t n, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void add(char *buf, size_t n, size_t *used, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (*used >= n)
        return;
    va_start(ap, fmt);
    k = vsnprintf(buf + *used, n - *used, fmt, ap);
    va_end(ap);
    if (k > 0)
        *used = *used + (size_t)k < n ? *used + (size_t)k : n - 1;
}

size_t spc_warning_text(const struct spc_chart *c, unsigned warning, char *buf, size_t n)
{
    size_t used = 0;
    int first = 1;

    if (n)
        buf[0] = '\0';
    if (!(c->warnings & warning))
        return 0;
    switch (warning) {
    case SPC_WARN_TRIAL:
        add(buf, n, &used, "trial limits: ");
        for (size_t k = 0; k < c->nsegments; k++) {
            const struct spc_segment *seg = &c->segments[k];
            if (!seg->trial)
                continue;
            if (c->nsegments > 1)
                add(buf, n, &used, "%ssegment %zu's limits rest on %zu point%s", first ? "" : "; ",
                    k + 1, seg->nlimits, seg->nlimits == 1 ? "" : "s");
            else
                add(buf, n, &used, "the limits rest on %zu point%s", seg->nlimits,
                    seg->nlimits == 1 ? "" : "s");
            first = 0;
        }
        add(buf, n, &used, " (fewer than %d)", SPC_TRIAL_BELOW);
        break;
    case SPC_WARN_NO_VARIATION:
        for (size_t k = 0; k < c->nsegments; k++) {
            const struct spc_segment *seg = &c->segments[k];
            if (!seg->no_verdict)
                continue;
            if (c->nsegments > 1)
                add(buf, n, &used, "%ssegment %zu: ", first ? "" : "; ", k + 1);
            add(buf, n, &used, "%s",
                seg->nlimits < 2 ? "one point, no moving range: no limits and no verdict"
                                 : "no variation (every moving range is 0): no verdict");
            first = 0;
        }
        break;
    case SPC_WARN_NO_TWO_OF_THREE:
        add(buf, n, &used,
            "limits at %g sigma leave no room beyond the 2-sigma lines: two of three is off",
            c->limits_sigma);
        break;
    case SPC_WARN_NO_DIRECTION:
        add(buf, n, &used, "a target needs an improvement direction (up or down): no assurance");
        break;
    }
    return used;
}

void spc_travel(const struct spc_chart *c, const double *y, int percentage, struct spc_travel *t)
{
    const struct spc_point *last = &c->points[c->n - 1];
    const struct spc_segment *seg = &c->segments[last->segment];
    int up = c->improvement != SPC_DOWN; /* the side that is improvement */

    switch (last->variation) {
    case SPC_NO_VERDICT:
        if (percentage && y[c->n - 1] == 100 && seg->mean == 100)
            *t = (struct spc_travel){SPC_ARROW_RIGHT, SPC_GREEN, "consistent performance at 100%"};
        else
            *t = (struct spc_travel){SPC_ARROW_RIGHT, SPC_AMBER, "no variation"};
        return;
    case SPC_IMPROVEMENT:
        *t = (struct spc_travel){up ? SPC_ARROW_UP : SPC_ARROW_DOWN, SPC_GREEN, "improvement"};
        return;
    case SPC_CONCERN:
        *t = (struct spc_travel){up ? SPC_ARROW_DOWN : SPC_ARROW_UP, SPC_RED, "concern"};
        return;
    case SPC_NEITHER_HIGH:
        *t = (struct spc_travel){SPC_ARROW_UP, SPC_AMBER, "special cause, high"};
        return;
    case SPC_NEITHER_LOW:
        *t = (struct spc_travel){SPC_ARROW_DOWN, SPC_AMBER, "special cause, low"};
        return;
    case SPC_COMMON_CAUSE:
        break;
    }
    /* The papers' amber: "limited increases or decreases within tolerance". */
    t->colour = SPC_AMBER;
    t->text = "common cause";
    t->arrow = SPC_ARROW_RIGHT;
    if (c->n >= 2 && y[c->n - 1] > y[c->n - 2])
        t->arrow = SPC_ARROW_UP;
    else if (c->n >= 2 && y[c->n - 1] < y[c->n - 2])
        t->arrow = SPC_ARROW_DOWN;
}

const char *spc_arrow_name(enum spc_arrow a)
{
    return a == SPC_ARROW_UP ? "up" : a == SPC_ARROW_DOWN ? "down" : "right";
}

const char *spc_colour_name(enum spc_colour c)
{
    return c == SPC_GREEN ? "green" : c == SPC_RED ? "red" : "amber";
}
