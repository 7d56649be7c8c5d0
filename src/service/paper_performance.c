/* paper_performance.c -- the quarterly performance report as JSON and as a
 * doc, and the measures' charts and data for the web pages. */
#include "service/paper_performance.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/jsonw.h"

static const char *const SHORT_MONTHS[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- loading ------------------------------------------------------------ */

static const char *setting(struct store *s, const char *key, const char *at, struct arena *a,
                           const char *dflt, int *rc, struct err *e)
{
    const char *v = NULL;
    if (*rc == 0)
        *rc = store_setting_at(s, key, at, a, &v, e);
    return v && *v ? v : dflt;
}

/* The label a chart writes under a point: "Oct 2023", "Q3 2023/24". */
static const char *point_label(struct period p, struct arena *a)
{
    char buf[PERIOD_BUFSZ];
    if (p.kind == PERIOD_MONTH)
        return arena_printf(a, "%s %04d", SHORT_MONTHS[p.n - 1], p.year);
    return arena_strdup(a, period_label(p, buf));
}

static int32_t month_end_date(int month_index)
{
    int y = month_index / 12, m = month_index % 12 + 1;
    return m == 12 ? date_from_ymd(y, 12, 31) : date_from_ymd(y, m + 1, 1) - 1;
}

/* The default quarter: the latest in which some measure is complete (three
 * months of a monthly measure, or a quarterly measure's value); failing
 * that the latest with any data; failing that, today's. */
static struct period default_quarter(struct perf_measure *v, size_t n, struct arena *a)
{
    int complete = -1, any = -1;
    for (size_t i = 0; i < n; i++) {
        struct measure_point *pts;
        size_t np;
        measure_series(v[i].m, v[i].obs, v[i].nobs, INT_MAX, a, &pts, &np, NULL);
        for (size_t k = 0; k < np; k++) {
            int last = period_last_month(pts[k].period);
            struct period q = period_fquarter_of(last);
            struct measure_quarter mq;
            any = last > any ? last : any;
            if (period_last_month(q) <= complete)
                continue;
            measure_rollup(v[i].m, pts, np, q, &mq);
            if (!mq.partial)
                complete = period_last_month(q);
        }
    }
    if (complete >= 0)
        return period_fquarter_of(complete);
    if (any >= 0)
        return period_fquarter_of(any);
    {
        int y, m, d;
        date_to_ymd(date_today(), &y, &m, &d);
        return period_fquarter_of(y * 12 + m - 1);
    }
}

static const char *range_words(const struct perf_measure *pm, size_t first, size_t last,
                               struct arena *a)
{
    char f[PERIOD_BUFSZ], l[PERIOD_BUFSZ];
    struct period pf = pm->pts[first].period, pl = pm->pts[last].period;
    if (first == last)
        return arena_strdup(a, period_label(pf, f));
    if (pf.kind == PERIOD_MONTH && pf.year == pl.year) {
        char *sp = strchr(period_label(pf, f), ' '); /* "October 2023": the month alone */
        if (sp)
            *sp = '\0';
        return arena_printf(a, "%s to %s", f, period_label(pl, l));
    }
    return arena_printf(a, "%s to %s", period_label(pf, f), period_label(pl, l));
}

static const char *variation_words(enum spc_variation v)
{
    switch (v) {
    case SPC_IMPROVEMENT: return "improvement";
    case SPC_CONCERN: return "concern";
    case SPC_NEITHER_HIGH: return "high (the measure has no improvement direction)";
    case SPC_NEITHER_LOW: return "low (the measure has no improvement direction)";
    default: return "common cause";
    }
}

static const char *exception_text(const struct measure_exception *ex, struct arena *a)
{
    size_t k = ex->last - ex->first + 1;
    const char *s = k == 1 ? "" : "s", *what;
    switch (ex->rule) {
    case SPC_BEYOND_LIMIT:
        if (k == 1)
            what = arena_printf(a, "%s the %s process limit (beyond a limit)",
                                ex->high ? "above" : "below", ex->high ? "upper" : "lower");
        else
            what = arena_printf(a, "%zu points %s the %s process limit (beyond a limit)", k,
                                ex->high ? "above" : "below", ex->high ? "upper" : "lower");
        break;
    case SPC_SHIFT:
        what = arena_printf(a, "%zu points in a row %s the mean (a shift)", k,
                            ex->high ? "above" : "below");
        break;
    case SPC_TREND:
        what = arena_printf(a, "%zu points %s in a row (a trend)", k,
                            ex->high ? "rising" : "falling");
        break;
    default:
        what = arena_printf(a,
                            "%zu point%s beyond the %s 2σ line, two of three in a row (two of "
                            "three)",
                            k, s, ex->high ? "upper" : "lower");
        break;
    }
    return arena_printf(a, "%s: %s", what, variation_words(ex->variation));
}

/* The chart of one measure, copied into the arena. */
static void measure_chart(struct perf_measure *pm, const struct paper_performance *p,
                          struct arena *a)
{
    const struct measure *m = pm->m;
    struct spc_chart tmp;
    struct err e;
    size_t *rebase_at, nrb = 0, from = pm->npts, ncap;
    struct measure_exception *ex;
    struct buf w;
    int rc;

    rebase_at = arena_alloc(a, (pm->nrebases + 1) * sizeof *rebase_at);
    /* A rebase past the points charted so far (as of an earlier quarter)
     * is not yet a rebase. */
    while (nrb < pm->nrebases && pm->rebases[nrb].at <= pm->npts)
        nrb++;
    measure_spc_settings(m, pm->rebases, nrb, rebase_at, &pm->settings);
    pm->y = arena_alloc(a, (pm->npts + 1) * sizeof *pm->y);
    spc_chart_init(&tmp);
    if (pm->pchart) {
        double *num = arena_alloc(a, pm->npts * sizeof *num),
               *den = arena_alloc(a, pm->npts * sizeof *den);
        for (size_t i = 0; i < pm->npts; i++)
            num[i] = pm->pts[i].num, den[i] = pm->pts[i].den;
        rc = measure_pchart(&tmp, num, den, pm->npts, &pm->settings, pm->y, &e);
    } else {
        for (size_t i = 0; i < pm->npts; i++)
            pm->y[i] = pm->pts[i].value;
        rc = spc_compute(&tmp, pm->y, pm->npts, &pm->settings, &e);
    }
    if (rc) {
        pm->warnings = arena_strdup(a, e.msg);
        spc_chart_release(&tmp);
        return;
    }
    pm->charted = 1;
    pm->chart = tmp;
    pm->chart.points = arena_alloc(a, tmp.n * sizeof *tmp.points);
    memcpy(pm->chart.points, tmp.points, tmp.n * sizeof *tmp.points);
    pm->chart.segments = arena_alloc(a, tmp.nsegments * sizeof *tmp.segments);
    memcpy(pm->chart.segments, tmp.segments, tmp.nsegments * sizeof *tmp.segments);
    pm->chart.cap_points = pm->chart.cap_segments = 0;
    spc_chart_release(&tmp);

    spc_travel(&pm->chart, pm->y, m->unit == MU_PERCENTAGE, &pm->travel);
    pm->has_travel = 1;

    /* Two of three being off at 2 sigma is said once, in the appendix. */
    buf_init(&w, 1 << 16);
    for (unsigned k = SPC_WARN_TRIAL; k <= SPC_WARN_NO_DIRECTION; k <<= 1) {
        char text[512];
        if (k == SPC_WARN_NO_TWO_OF_THREE || !spc_warning_text(&pm->chart, k, text, sizeof text))
            continue;
        buf_addf(&w, "%s%s", w.len ? "; " : "", text);
    }
    if (w.len)
        pm->warnings = arena_strdup(a, buf_str(&w));
    buf_release(&w);

    /* The exceptions that reach into the four quarters. */
    for (size_t i = 0; i < pm->npts; i++)
        if (period_first_month(pm->pts[i].period) >= period_first_month(p->quarters[0])) {
            from = i;
            break;
        }
    ncap = pm->npts * 4;
    ex = arena_alloc(a, (ncap + 1) * sizeof *ex);
    ncap = measure_exceptions(&pm->chart, pm->y, 0, ex, ncap);
    pm->exceptions = arena_alloc(a, (ncap + 1) * sizeof *pm->exceptions);
    for (size_t k = 0; k < ncap; k++) {
        struct perf_exception *pe;
        if (ex[k].last < from)
            continue;
        pe = &pm->exceptions[pm->nexceptions++];
        pe->ex = ex[k];
        pe->when = range_words(pm, ex[k].first, ex[k].last, a);
        pe->text = exception_text(&ex[k], a);
    }
}

static int measure_load(struct store *s, const struct perf_opts *o, struct perf_measure *pm,
                        struct arena *a, struct err *e)
{
    int rc;
    if ((rc = store_observations_of(s, pm->m->id, o->recorded_at, a, &pm->obs, &pm->nobs, e)) ||
        (rc = store_narratives_of(s, pm->m->id, o->recorded_at, a, &pm->narratives,
                                  &pm->nnarratives, e)))
        return rc;
    return 0;
}

static void measure_compute(struct perf_measure *pm, const struct paper_performance *p,
                            struct arena *a)
{
    const struct measure *m = pm->m;
    char why[256], q[PERIOD_BUFSZ];

    pm->wilson_lo = pm->wilson_hi = NAN;
    measure_series(m, pm->obs, pm->nobs, p->last_month, a, &pm->pts, &pm->npts, &pm->skipped);
    pm->labels = arena_alloc(a, (pm->npts + 1) * sizeof *pm->labels);
    for (size_t i = 0; i < pm->npts; i++)
        pm->labels[i] = point_label(pm->pts[i].period, a);
    /* Settings text was checked when it was recorded. */
    if (measure_rebases_parse(m->rebases, a, &pm->rebases, &pm->nrebases, why, sizeof why))
        pm->nrebases = 0;
    if (measure_notes_parse(m->annotations, a, &pm->notes, &pm->nnotes, why, sizeof why))
        pm->nnotes = 0;
    for (int k = 0; k < 4; k++)
        measure_rollup(m, pm->pts, pm->npts, p->quarters[k], &pm->q[k]);
    measure_change(m, &pm->q[2], &pm->q[3], &pm->change);
    if (pm->q[3].have && isfinite(pm->q[3].den)) {
        measure_wilson95(pm->q[3].num, pm->q[3].den, &pm->wilson_lo, &pm->wilson_hi);
        pm->wilson_lo *= 100;
        pm->wilson_hi *= 100;
    }
    period_format(p->quarter, q);
    for (size_t i = 0; i < pm->nnarratives; i++)
        if (strcmp(pm->narratives[i]->period, q) == 0)
            pm->narrative = pm->narratives[i];
    pm->pchart = m->unit == MU_PERCENTAGE && measure_series_has_den(pm->pts, pm->npts);
    if (pm->npts >= 2)
        measure_chart(pm, p, a);
}

int paper_performance_load(struct store *s, const struct perf_opts *o, struct arena *a,
                           struct paper_performance *p, struct err *e)
{
    struct measure **ms;
    size_t nm, *order, np = 0;
    const char **pnames;
    int rc = 0;

    memset(p, 0, sizeof *p);
    p->org = setting(s, "org", o->recorded_at, a, NULL, &rc, e);
    p->committee =
        o->committee ? o->committee : setting(s, "committee", o->recorded_at, a, NULL, &rc, e);
    p->plan = setting(s, "plan", o->recorded_at, a, "Policing Plan", &rc, e);
    p->report_of = setting(s, "report_of", o->recorded_at, a, NULL, &rc, e);
    p->author = setting(s, "report_author", o->recorded_at, a, NULL, &rc, e);
    if (rc || (rc = store_measures_list(s, o->recorded_at, a, &ms, &nm, e)))
        return rc;
    if (!nm)
        return err_set(e, ERR_INPUT,
                       "no measures in the register (add one with: oversight "
                       "measure add NAME, or oversight import measures FILE)");

    /* Grouped by priority, priorities in the order first met. */
    pnames = arena_alloc(a, nm * sizeof *pnames);
    order = arena_alloc(a, nm * sizeof *order);
    for (size_t i = 0; i < nm; i++) {
        const char *pr = ms[i]->priority ? ms[i]->priority : "";
        size_t k;
        for (k = 0; k < np && strcmp(pnames[k], pr) != 0; k++)
            ;
        if (k == np)
            pnames[np++] = pr;
        order[i] = k;
    }
    p->v = arena_alloc(a, nm * sizeof *p->v);
    p->priorities = arena_alloc(a, np * sizeof *p->priorities);
    for (size_t k = 0; k < np; k++) {
        struct perf_priority *pr = &p->priorities[k];
        pr->name = pnames[k];
        pr->first = p->n;
        for (size_t i = 0; i < nm; i++) {
            struct perf_measure *pm;
            if (order[i] != k)
                continue;
            pm = &p->v[p->n++];
            pm->m = ms[i];
            snprintf(pm->number, sizeof pm->number, "%zu.%zu", k + 1, ++pr->n);
            if ((rc = measure_load(s, o, pm, a, e)))
                return rc;
        }
    }
    p->npriorities = np;

    if (o->as_of) {
        struct period asof;
        if (period_parse(o->as_of, strlen(o->as_of), &asof))
            return err_set(e, ERR_USAGE,
                           "--as-of: \"%s\" is not a period (a quarter as 2023/24 Q3, or a month "
                           "as 2023-12)",
                           o->as_of);
        p->last_month = period_last_month(asof);
        p->quarter = period_fquarter_of(p->last_month);
    } else {
        p->quarter = default_quarter(p->v, p->n, a);
        p->last_month = period_last_month(p->quarter);
    }
    p->quarters[3] = p->quarter;
    for (int k = 2; k >= 0; k--)
        p->quarters[k] = period_prev(p->quarters[k + 1]);

    /* The paper is dated by the meeting that receives it. */
    p->date = month_end_date(period_last_month(p->quarter));
    if (p->committee) {
        struct point **pts;
        size_t npts;
        int32_t end = p->date;
        if ((rc = store_points_at(s, p->committee, o->recorded_at, a, &pts, &npts, e)))
            return rc;
        for (size_t i = 0; i < npts; i++)
            if (pts[i]->date > end) {
                p->date = pts[i]->date;
                break;
            }
    }
    for (size_t i = 0; i < p->n; i++)
        measure_compute(&p->v[i], p, a);
    return 0;
}

const struct perf_measure *paper_performance_find(const struct paper_performance *p,
                                                  const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].m->name, name) == 0)
            return &p->v[i];
    return NULL;
}

/* ---- the chart ----------------------------------------------------------- */

static enum svg_variation svg_var(enum spc_variation v)
{
    switch (v) {
    case SPC_IMPROVEMENT: return SVG_VAR_IMPROVEMENT;
    case SPC_CONCERN: return SVG_VAR_CONCERN;
    case SPC_NEITHER_HIGH:
    case SPC_NEITHER_LOW: return SVG_VAR_NEITHER;
    default: return SVG_VAR_COMMON;
    }
}

static const char *const VARIATION_LABEL[] = {
    [SPC_COMMON_CAUSE] = "Common cause variation", [SPC_IMPROVEMENT] = "Special cause improvement",
    [SPC_CONCERN] = "Special cause concern",       [SPC_NEITHER_HIGH] = "Special cause, high",
    [SPC_NEITHER_LOW] = "Special cause, low",      [SPC_NO_VERDICT] = "No variation"};
static const char *const ASSURANCE_LABEL[] = {[SPC_ASSURANCE_NONE] = NULL,
                                              [SPC_PASS] = "Consistently passing the target",
                                              [SPC_FAIL] = "Consistently failing the target",
                                              [SPC_HIT_OR_MISS] = "Hit or miss"};

static const char *units_of(const struct measure *m)
{
    switch (m->unit) {
    case MU_PERCENTAGE: return "%";
    case MU_MONEY: return "£";
    default: return m->numerator_label;
    }
}

static double round1(double v)
{
    return fabs(v) >= 1e6 ? v : round(v * 10) / 10;
}

/* The chart's text alternative: what it shows, in a sentence or two. */
static const char *chart_desc(const struct perf_measure *pm, struct arena *a)
{
    const struct spc_segment *seg = &pm->chart.segments[pm->chart.nsegments - 1];
    char mean[40], lo[40], hi[40];
    const char *kind = pm->pchart ? "p-chart" : "XmR control chart";
    const char *freq = pm->m->frequency == MF_QUARTERLY ? "quarterly" : "monthly";
    const char *span = range_words(pm, 0, pm->npts - 1, a);
    const char *limits;

    /* A count's mean and limits to one decimal: the chart's own figures. */
    measure_value_text(pm->m->unit, round1(seg->mean), mean, sizeof mean);
    if (seg->no_verdict)
        limits = "no process limits (no variation)";
    else if (pm->pchart)
        limits = arena_printf(a,
                              "process limits at %gσ that vary with the denominator, %s to %s "
                              "at the last point",
                              pm->chart.limits_sigma,
                              measure_value_text(pm->m->unit, round1(seg->lpl), lo, sizeof lo),
                              measure_value_text(pm->m->unit, round1(seg->upl), hi, sizeof hi));
    else
        limits = arena_printf(a, "process limits at %gσ, %s to %s", pm->chart.limits_sigma,
                              measure_value_text(pm->m->unit, round1(seg->lpl), lo, sizeof lo),
                              measure_value_text(pm->m->unit, round1(seg->upl), hi, sizeof hi));
    return arena_printf(
        a, "%s of %zu %s values, %s: mean %s%s, %s. The last point shows %s.", kind, pm->npts, freq,
        span, mean, pm->chart.nsegments > 1 ? " (since the last rebase)" : "", limits,
        pm->chart.variation == SPC_NO_VERDICT ? "no variation to assess"
        : pm->chart.variation == SPC_COMMON_CAUSE
            ? "common cause variation"
            : arena_printf(a, "special cause variation: %s", variation_words(pm->chart.variation)));
}

int perf_measure_svg(const struct perf_measure *pm, const char *id, int width, struct buf *out,
                     struct svg_layout *l, struct err *e)
{
    static const enum svg_assurance assure[] = {[SPC_ASSURANCE_NONE] = SVG_ASSURE_NONE,
                                                [SPC_PASS] = SVG_ASSURE_PASS,
                                                [SPC_FAIL] = SVG_ASSURE_FAIL,
                                                [SPC_HIT_OR_MISS] = SVG_ASSURE_HIT_OR_MISS};
    const struct spc_chart *ch = &pm->chart;
    struct svg_control_chart sc = {0};
    struct arena a;
    size_t n = pm->npts, nn = 0;
    double *values, *mean, *lpl, *upl, *l2, *u2, scale = 1;
    enum svg_variation *var;
    int *segment, rc;
    const char **rebase_labels;
    struct svg_annotation *notes;

    if (!pm->charted)
        return err_set(e, ERR_INPUT, "\"%s\" has too few points for a chart (%zu)", pm->m->name,
                       pm->npts);
    arena_init(&a);
    /* Money in millions is drawn in £m, so that the axis reads "101.5". */
    for (size_t i = 0; pm->m->unit == MU_MONEY && i < n; i++)
        if (fabs(pm->y[i]) >= 1e6)
            scale = 1e-6;
    values = arena_alloc(&a, 6 * n * sizeof *values);
    mean = values + n, lpl = mean + n, upl = lpl + n, l2 = upl + n, u2 = l2 + n;
    var = arena_alloc(&a, n * sizeof *var);
    segment = arena_alloc(&a, n * sizeof *segment);
    for (size_t i = 0; i < n; i++) {
        const struct spc_point *pt = &ch->points[i];
        values[i] = pm->y[i] * scale;
        mean[i] = pt->mean * scale;
        lpl[i] = pt->lpl * scale;
        upl[i] = pt->upl * scale;
        l2[i] = pt->lower_2s * scale;
        u2[i] = pt->upper_2s * scale;
        var[i] = svg_var(pt->variation);
        segment[i] = (int)pt->segment;
    }
    rebase_labels = arena_alloc(&a, (pm->settings.nrebase + 1) * sizeof *rebase_labels);
    for (size_t k = 0; k < pm->settings.nrebase; k++)
        rebase_labels[k] = arena_printf(&a, "Rebase: %s", pm->rebases[k].reason);
    /* A note of a quarter on a monthly chart goes on its last month there. */
    notes = arena_alloc(&a, (pm->nnotes + 1) * sizeof *notes);
    for (size_t k = 0; k < pm->nnotes; k++) {
        int first = period_first_month(pm->notes[k].period),
            last = period_last_month(pm->notes[k].period);
        size_t at = n;
        for (size_t i = 0; i < n; i++)
            if (period_first_month(pm->pts[i].period) >= first &&
                period_last_month(pm->pts[i].period) <= last)
                at = i;
        if (at == n)
            continue;
        notes[nn].period = pm->labels[at];
        notes[nn++].text = pm->notes[k].text;
    }
    sc.id = id;
    sc.title = pm->m->name;
    sc.desc = chart_desc(pm, &a);
    sc.units = scale != 1 ? "£m" : units_of(pm->m);
    sc.n = n;
    sc.periods = pm->labels;
    sc.values = values;
    sc.mean = mean;
    sc.lpl = lpl;
    sc.upl = upl;
    sc.lower_2s = l2;
    sc.upper_2s = u2;
    sc.variation = var;
    sc.segment = segment;
    sc.rebase_labels = rebase_labels;
    sc.target = pm->m->target * scale;
    sc.annotations = notes;
    sc.nannotations = nn;
    sc.limits_sigma = ch->limits_sigma;
    sc.trial = ch->trial_limits;
    sc.chart_variation = svg_var(ch->variation);
    sc.variation_label = VARIATION_LABEL[ch->variation];
    sc.assurance = assure[ch->assurance];
    sc.assurance_label = ASSURANCE_LABEL[ch->assurance];
    sc.width = width;
    sc.hide_title = 1;
    rc = svg_control_chart(out, &sc, e);
    if (rc == 0 && l)
        rc = svg_control_chart_layout(&sc, l, e);
    arena_release(&a);
    return rc;
}

/* ---- words --------------------------------------------------------------- */

const char *perf_travel_cell(const struct perf_measure *pm, enum doc_style *style)
{
    static const char *const words[][3] = {
        /* up, down, right */
        [SPC_GREEN] = {"\xe2\x86\x91 Improvement", "\xe2\x86\x93 Improvement",
                       "\xe2\x86\x92 Consistent at 100%"},
        [SPC_RED] = {"\xe2\x86\x91 Concern", "\xe2\x86\x93 Concern", "\xe2\x86\x92 Concern"},
        [SPC_AMBER] = {"\xe2\x86\x91 Within tolerance", "\xe2\x86\x93 Within tolerance",
                       "\xe2\x86\x92 Within tolerance"},
    };
    if (!pm->has_travel) {
        *style = DOC_PLAIN;
        return pm->npts ? "Too few points" : "No data";
    }
    *style = pm->travel.colour == SPC_GREEN ? DOC_RAG_GREEN
             : pm->travel.colour == SPC_RED ? DOC_RAG_RED
                                            : DOC_RAG_AMBER;
    if (pm->travel.colour == SPC_AMBER && pm->chart.variation == SPC_NO_VERDICT)
        return "\xe2\x86\x92 No variation";
    if (pm->travel.colour == SPC_AMBER &&
        (pm->chart.variation == SPC_NEITHER_HIGH || pm->chart.variation == SPC_NEITHER_LOW))
        return pm->travel.arrow == SPC_ARROW_UP ? "\xe2\x86\x91 Special cause, high"
                                                : "\xe2\x86\x93 Special cause, low";
    return words[pm->travel.colour][pm->travel.arrow];
}

static const char *value_of(const struct perf_measure *pm, const struct measure_quarter *q,
                            struct arena *a)
{
    char v[40];
    if (!q->have)
        return "No data";
    measure_value_text(pm->m->unit, q->value, v, sizeof v);
    if (q->partial)
        return arena_printf(a, "%s (%d of 3 months)", v, q->months);
    return arena_strdup(a, v);
}

static const char *capitalised(const char *s, struct arena *a)
{
    char *c = arena_strdup(a, s);
    if (c && *c)
        c[0] = (char)toupper((unsigned char)c[0]);
    return c;
}

/* "increased by 10% (+38), from 371 in Q2 2023/24 to 409 in Q3 2023/24." */
static const char *change_sentence(const struct paper_performance *p, const struct perf_measure *pm,
                                   struct arena *a)
{
    char a1[40], b1[40], pq[PERIOD_BUFSZ], cq[PERIOD_BUFSZ];
    period_label(p->quarters[2], pq);
    period_label(p->quarters[3], cq);
    if (!pm->change.have)
        return arena_printf(a, "Change on the previous quarter: %s.", pm->change.text);
    if (pm->m->unit == MU_PERCENTAGE)
        return arena_printf(a, "Change on the previous quarter: %s, %s to %s.", pm->change.text, pq,
                            cq);
    return arena_printf(a, "Change on the previous quarter: %s, from %s in %s to %s in %s.",
                        pm->change.text,
                        measure_value_text(pm->m->unit, pm->change.from, a1, sizeof a1), pq,
                        measure_value_text(pm->m->unit, pm->change.to, b1, sizeof b1), cq);
}

/* Text kept as entered: one paragraph per line. */
static void paragraphs(struct doc *d, const char *text)
{
    const char *p = text;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n)
            doc_para(d, arena_strndup(d->a, p, n));
        p = end ? end + 1 : NULL;
    }
}

/* ---- the doc ------------------------------------------------------------- */

static void quarters_table(const struct paper_performance *p, const struct perf_measure *pm,
                           struct arena *a, struct doc *d)
{
    const struct measure *m = pm->m;
    char pq[PERIOD_BUFSZ];
    struct doc_table *t;
    int dens = isfinite(pm->q[3].den) || isfinite(pm->q[2].den);

    t = doc_table(d, arena_printf(a, "Measure %s", pm->number),
                  arena_printf(a, "%s %s: the last four quarters", pm->number, m->name), 5, 1);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    for (int k = 0; k < 4; k++)
        doc_cell(t, a, arena_strdup(a, period_label(p->quarters[k], pq)), DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a,
             m->unit == MU_PERCENTAGE ? "Percentage"
             : m->numerator_label     ? capitalised(m->numerator_label, a)
             : m->unit == MU_MONEY    ? "Amount"
                                      : "Count",
             DOC_PLAIN, 1);
    for (int k = 0; k < 4; k++)
        doc_cell(t, a, value_of(pm, &pm->q[k], a), DOC_NUMBER, 1);
    if (!dens)
        return;
    for (int r = 0; r < 2; r++) {
        const char *label = r ? m->denominator_label : m->numerator_label;
        doc_row(t, a);
        doc_cell(t, a,
                 label ? capitalised(label, a)
                 : r   ? "Denominator"
                       : "Numerator",
                 DOC_PLAIN, 1);
        for (int k = 0; k < 4; k++) {
            char v[40];
            doc_cell(
                t, a,
                isfinite(pm->q[k].den)
                    ? arena_strdup(a, measure_value_text(MU_COUNT, r ? pm->q[k].den : pm->q[k].num,
                                                         v, sizeof v))
                    : "",
                DOC_NUMBER, 1);
        }
    }
    if (isfinite(pm->wilson_lo)) {
        char lo[40], hi[40];
        doc_row(t, a);
        doc_cell(t, a, "95% confidence interval", DOC_PLAIN, 1);
        for (int k = 0; k < 3; k++)
            doc_cell(t, a, "", DOC_NUMBER, 1);
        doc_cell(t, a,
                 arena_printf(a, "%s to %s",
                              measure_value_text(MU_PERCENTAGE, pm->wilson_lo, lo, sizeof lo),
                              measure_value_text(MU_PERCENTAGE, pm->wilson_hi, hi, sizeof hi)),
                 DOC_NUMBER, 1);
    }
}

static void measure_section(const struct paper_performance *p, const struct perf_measure *pm,
                            struct arena *a, struct doc *d)
{
    const struct measure *m = pm->m;
    char cq[PERIOD_BUFSZ], v[40];

    doc_heading(d, 2, arena_printf(a, "%s %s", pm->number, m->name));
    doc_heading(d, 3, "Data trend");
    if (pm->charted) {
        struct buf svg;
        struct svg_layout l;
        struct err e;
        buf_init(&svg, 1 << 22);
        if (perf_measure_svg(pm, arena_printf(a, "m%s", pm->number), 0, &svg, &l, &e) == 0) {
            char *id = arena_printf(a, "measure-%s", pm->number);
            for (char *c = id; *c; c++)
                *c = *c == '.' ? '-' : *c;
            doc_chart(d, id, buf_str(&svg), chart_desc(pm, a), l.width, l.height);
        }
        buf_release(&svg);
    } else {
        doc_para(d, pm->npts ? "One value so far: too few for a control chart."
                             : "No data has been recorded for this measure.");
    }
    quarters_table(p, pm, a, d);
    if (isfinite(m->target))
        doc_paraf(d, "Target: %s%s.", measure_value_text(m->unit, m->target, v, sizeof v),
                  pm->charted && pm->chart.assurance != SPC_ASSURANCE_NONE
                      ? arena_printf(a, "; assurance against it: %s",
                                     pm->chart.assurance == SPC_PASS   ? "consistently passing"
                                     : pm->chart.assurance == SPC_FAIL ? "consistently failing"
                                                                       : "hit or miss")
                      : "");
    doc_para(d, change_sentence(p, pm, a));
    if (pm->charted) {
        if (pm->nexceptions) {
            const char **items = arena_alloc(a, pm->nexceptions * sizeof *items);
            for (size_t k = 0; k < pm->nexceptions; k++)
                items[k] =
                    arena_printf(a, "%s: %s", pm->exceptions[k].when, pm->exceptions[k].text);
            doc_para(d, "Exceptions in the last four quarters:");
            doc_list(d, 0, items, pm->nexceptions);
        } else {
            doc_para(d, "No exceptions in the last four quarters: the variation is common "
                        "cause.");
        }
        if (pm->warnings)
            doc_paraf(d, "Note: %s.", pm->warnings);
    }
    if (pm->has_travel)
        doc_paraf(d, "Direction of travel: %s %s: %s.", measure_arrow_glyph(pm->travel.arrow),
                  spc_colour_name(pm->travel.colour), measure_travel_words(&pm->travel));
    period_label(p->quarter, cq);
    doc_heading(d, 3, "Reasons");
    if (pm->narrative && pm->narrative->reasons)
        paragraphs(d, pm->narrative->reasons);
    else
        doc_paraf(d, "None recorded for %s.", cq);
    doc_heading(d, 3, "Response");
    if (pm->narrative && pm->narrative->response)
        paragraphs(d, pm->narrative->response);
    else
        doc_paraf(d, "None recorded for %s.", cq);
}

static void summary_table(const struct paper_performance *p, struct arena *a, struct doc *d)
{
    char cq[PERIOD_BUFSZ], pq[PERIOD_BUFSZ];
    struct doc_table *t = doc_table(d, "Summary", "Performance against the measures", 5, 1);
    static const double widths[] = {8, 44, 14, 18, 16};

    t->widths = arena_alloc(a, sizeof widths);
    memcpy(t->widths, widths, sizeof widths);
    doc_row(t, a);
    doc_cell(t, a, "No.", DOC_PLAIN, 1);
    doc_cell(t, a, "Measure", DOC_PLAIN, 1);
    doc_cell(t, a, arena_strdup(a, period_label(p->quarters[3], cq)), DOC_PLAIN, 1);
    doc_cell(t, a, arena_printf(a, "Change on %s", period_label(p->quarters[2], pq)), DOC_PLAIN, 1);
    doc_cell(t, a, "Direction of travel", DOC_PLAIN, 1);
    for (size_t k = 0; k < p->npriorities; k++) {
        const struct perf_priority *pr = &p->priorities[k];
        doc_row(t, a);
        doc_cell(t, a, arena_printf(a, "%zu. %s", k + 1, *pr->name ? pr->name : "No priority"),
                 DOC_GROUP, 5);
        for (size_t i = pr->first; i < pr->first + pr->n; i++) {
            const struct perf_measure *pm = &p->v[i];
            enum doc_style style;
            const char *cell = perf_travel_cell(pm, &style);
            doc_row(t, a);
            doc_cell(t, a, pm->number, DOC_PLAIN, 1);
            doc_cell(t, a, pm->m->name, DOC_PLAIN, 1);
            doc_cell(t, a, value_of(pm, &pm->q[3], a), DOC_NUMBER, 1);
            doc_cell(t, a, pm->q[3].have ? pm->change.text : "", DOC_PLAIN, 1);
            doc_cell(t, a, cell, style, 1);
        }
    }
}

static void appendix(const struct paper_performance *p, struct arena *a, struct doc *d)
{
    static const struct {
        const char *cell;
        enum doc_style style;
        const char *words;
    } legend[] = {
        {"\xe2\x86\x91 Improvement", DOC_RAG_GREEN, "improvement in the direction of travel"},
        {"\xe2\x86\x92 Consistent at 100%", DOC_RAG_GREEN, "consistent performance at 100%"},
        {"\xe2\x86\x93 Improvement", DOC_RAG_GREEN, "a decreasing trend which is positive"},
        {"\xe2\x86\x91 \xe2\x86\x93 \xe2\x86\x92 Within tolerance", DOC_RAG_AMBER,
         "limited increases or decreases within tolerance level: common cause variation, the "
         "arrow giving the last step"},
        {"\xe2\x86\x91 Concern", DOC_RAG_RED, "an increasing trend that is negative"},
        {"\xe2\x86\x93 Concern", DOC_RAG_RED, "a decrease in performance"},
    };
    double sigma = NAN;
    int same = 1, any2 = 0;
    struct doc_table *t;

    for (size_t i = 0; i < p->n; i++) {
        double s = p->v[i].settings.limits_sigma;
        if (!p->v[i].charted)
            continue;
        if (isnan(sigma))
            sigma = s;
        same &= s == sigma;
        any2 |= !(s > 2);
    }
    doc_pagebreak(d);
    doc_heading(d, 1, "Appendix A: Data trends");
    doc_para(d, "Where statistical process control charts are used, normal random variation is "
                "expected: values fall above and below the mean and within the process limits. "
                "This is noise, and the charts separate it from the exceptions, which are "
                "significant and need investigation.");
    if (!isnan(sigma) && same)
        doc_paraf(d,
                  "The process limits are at %g standard deviations (σ, estimated from the "
                  "moving ranges as Making Data Count does: σ = 2.66 × the mean moving range "
                  "÷ 3)%s.",
                  sigma, sigma == 2 ? ", which holds about 95% of common cause variation" : "");
    else if (!isnan(sigma))
        doc_para(d, "The process limits are at the width each chart states, in standard "
                    "deviations (σ, estimated from the moving ranges as Making Data Count does).");
    doc_para(d, "For a percentage with a denominator (outcomes of crimes, satisfied of "
                "respondents) the chart is a p-chart: its centre is the total of the numerators "
                "over the total of the denominators, and each point's limits depend on its "
                "denominator, narrower where it is larger.");
    doc_paraf(d,
              "Exceptions are points above or below the process limits (beyond a limit); a run "
              "of 7 points above or below the mean (a shift); 7 points each higher, or each "
              "lower, than the one before (a trend)%s. Each is improvement or concern according "
              "to the measure's improvement direction.",
              any2 && same ? ". With the limits at 2σ there is no room between the 2σ line and "
                             "the limit, so the two-of-three rule is not used"
                           : "; and two of three points in a row beyond the 2σ line, on the same "
                             "side (two of three)");
    doc_para(d, "Where fewer than 12 points set the limits they are trial limits, and where "
                "there is no statistical data the qualitative data has been reviewed instead.");
    doc_heading(d, 2, "Success measure performance assessment");
    t = doc_table(d, "Legend", "The direction of travel", 2, 1);
    {
        static const double widths[] = {30, 70};
        t->widths = arena_alloc(a, sizeof widths);
        memcpy(t->widths, widths, sizeof widths);
    }
    doc_row(t, a);
    doc_cell(t, a, "Arrow", DOC_PLAIN, 1);
    doc_cell(t, a, "Meaning", DOC_PLAIN, 1);
    for (size_t i = 0; i < sizeof legend / sizeof *legend; i++) {
        doc_row(t, a);
        doc_cell(t, a, legend[i].cell, legend[i].style, 1);
        doc_cell(t, a, legend[i].words, DOC_PLAIN, 1);
    }
}

void paper_performance_doc(const struct paper_performance *p, struct arena *a, struct doc *d)
{
    char q[PERIOD_BUFSZ], span[64], date[DATE_BUFSZ], dated[20];
    const char *subject;
    size_t counts[3] = {0, 0, 0}, nodata = 0;

    period_label(p->quarter, q);
    subject = arena_printf(a, "Q%d %s Performance %04d/%02d", p->quarter.n, p->plan,
                           p->quarter.year, (p->quarter.year + 1) % 100);
    date_format(p->date, date);
    doc_init(d, a, subject, date, p->org);
    doc_cover(d, "Committee(s)", p->committee ? p->committee : "");
    doc_cover(d, "Dated", date_long(p->date, dated));
    doc_cover(d, "Subject", subject);
    doc_cover(d, "Public", "Public");
    doc_cover(d, "Report of", p->report_of ? p->report_of : "");
    doc_cover(d, "Report author", p->author ? p->author : "");

    doc_heading(d, 1, "Summary");
    doc_paraf(d,
              "This report provides a performance assessment against the measures in the %s for "
              "%s (%s).",
              p->plan, q, period_span_words(p->quarter, span, sizeof span));
    {
        const char **items = arena_alloc(a, p->npriorities * sizeof *items);
        for (size_t k = 0; k < p->npriorities; k++)
            items[k] = *p->priorities[k].name ? p->priorities[k].name : "No priority";
        doc_paraf(d, "The %s has %zu priorit%s:", p->plan, p->npriorities,
                  p->npriorities == 1 ? "y" : "ies");
        doc_list(d, 1, items, p->npriorities);
    }
    for (size_t i = 0; i < p->n; i++) {
        if (!p->v[i].has_travel)
            nodata++;
        else
            counts[p->v[i].travel.colour]++;
    }
    doc_paraf(d,
              "Of its %zu measures, %zu show%s improvement (green), %zu %s within tolerance "
              "(amber) and %zu show%s concern (red)%s. Each measure's section gives the data "
              "trend, the last four quarters, the reasons and the response; Appendix A explains "
              "the charts and the arrows.",
              p->n, counts[SPC_GREEN], counts[SPC_GREEN] == 1 ? "s" : "", counts[SPC_AMBER],
              counts[SPC_AMBER] == 1 ? "is" : "are", counts[SPC_RED],
              counts[SPC_RED] == 1 ? "s" : "",
              nodata ? arena_printf(a, "; %zu %s too little data for a direction of travel", nodata,
                                    nodata == 1 ? "has" : "have")
                     : "");
    summary_table(p, a, d);
    doc_heading(d, 1, "Recommendation");
    doc_para(d, "Members are asked to note the report.");

    for (size_t k = 0; k < p->npriorities; k++) {
        const struct perf_priority *pr = &p->priorities[k];
        doc_pagebreak(d);
        doc_heading(d, 1, arena_printf(a, "%zu. %s", k + 1, *pr->name ? pr->name : "No priority"));
        for (size_t i = pr->first; i < pr->first + pr->n; i++)
            measure_section(p, &p->v[i], a, d);
    }
    appendix(p, a, d);
}

/* ---- JSON ------------------------------------------------------------------ */

static void num_or_null(struct buf *b, double v)
{
    if (isfinite(v))
        jsonw_num(b, v);
    else
        buf_adds(b, "null");
}

static void word(struct buf *b, const struct vocab *v, int value)
{
    jsonw_str(b, value ? vocab_name(v, value) : NULL);
}

int perf_measure_json(const struct paper_performance *p, const struct perf_measure *pm,
                      struct buf *b, struct err *e)
{
    const struct measure *m = pm->m;
    char pbuf[PERIOD_BUFSZ];
    int first = 1;

    buf_addc(b, '{');
    jsonw_key(b, &first, "number");
    jsonw_str(b, pm->number);
    jsonw_key(b, &first, "name");
    jsonw_str(b, m->name);
    jsonw_key(b, &first, "priority");
    jsonw_str(b, m->priority);
    jsonw_key(b, &first, "unit");
    word(b, &VOCAB_UNIT, m->unit);
    jsonw_key(b, &first, "improvement");
    word(b, &VOCAB_IMPROVEMENT, m->improvement);
    jsonw_key(b, &first, "frequency");
    word(b, &VOCAB_FREQUENCY, m->frequency);
    jsonw_key(b, &first, "target");
    num_or_null(b, m->target);
    jsonw_key(b, &first, "quarters");
    buf_addc(b, '[');
    for (int k = 0; k < 4; k++) {
        const struct measure_quarter *q = &pm->q[k];
        int f = 1;
        buf_adds(b, k ? ",{" : "{");
        jsonw_key(b, &f, "period");
        jsonw_str(b, period_format(p->quarters[k], pbuf));
        jsonw_key(b, &f, "value");
        num_or_null(b, q->have ? q->value : NAN);
        jsonw_key(b, &f, "months");
        jsonw_int(b, q->have ? q->months : 0);
        jsonw_key(b, &f, "numerator");
        num_or_null(b, q->have && isfinite(q->den) ? q->num : NAN);
        jsonw_key(b, &f, "denominator");
        num_or_null(b, q->have ? q->den : NAN);
        buf_addc(b, '}');
    }
    buf_addc(b, ']');
    jsonw_key(b, &first, "change");
    if (pm->change.have) {
        int f = 1;
        buf_addc(b, '{');
        jsonw_key(b, &f, "from");
        num_or_null(b, pm->change.from);
        jsonw_key(b, &f, "to");
        num_or_null(b, pm->change.to);
        jsonw_key(b, &f, "difference");
        num_or_null(b, pm->change.diff);
        jsonw_key(b, &f, "percent");
        num_or_null(b, pm->change.pct);
        jsonw_key(b, &f, "text");
        jsonw_str(b, pm->change.text);
        buf_addc(b, '}');
    } else {
        buf_adds(b, "null");
    }
    jsonw_key(b, &first, "interval");
    if (isfinite(pm->wilson_lo)) {
        int f = 1;
        buf_addc(b, '{');
        jsonw_key(b, &f, "lower");
        jsonw_num(b, pm->wilson_lo);
        jsonw_key(b, &f, "upper");
        jsonw_num(b, pm->wilson_hi);
        buf_addc(b, '}');
    } else {
        buf_adds(b, "null");
    }
    jsonw_key(b, &first, "chart");
    if (pm->charted) {
        const struct spc_chart *c = &pm->chart;
        int f = 1;
        buf_addc(b, '{');
        jsonw_key(b, &f, "kind");
        jsonw_str(b, pm->pchart ? "p" : "xmr");
        jsonw_key(b, &f, "limits_sigma");
        jsonw_num(b, c->limits_sigma);
        jsonw_key(b, &f, "points");
        buf_addc(b, '[');
        for (size_t i = 0; i < c->n; i++) {
            const struct spc_point *pt = &c->points[i];
            int g = 1, r1 = 1;
            buf_adds(b, i ? ",{" : "{");
            jsonw_key(b, &g, "period");
            jsonw_str(b, period_format(pm->pts[i].period, pbuf));
            jsonw_key(b, &g, "value");
            jsonw_num(b, pm->y[i]);
            if (pm->pchart) {
                jsonw_key(b, &g, "numerator");
                jsonw_num(b, pm->pts[i].num);
                jsonw_key(b, &g, "denominator");
                jsonw_num(b, pm->pts[i].den);
            }
            jsonw_key(b, &g, "segment");
            jsonw_int(b, (int64_t)pt->segment + 1);
            jsonw_key(b, &g, "mean");
            num_or_null(b, pt->mean);
            jsonw_key(b, &g, "lpl");
            num_or_null(b, pt->lpl);
            jsonw_key(b, &g, "upl");
            num_or_null(b, pt->upl);
            jsonw_key(b, &g, "lower_2s");
            num_or_null(b, pt->lower_2s);
            jsonw_key(b, &g, "upper_2s");
            num_or_null(b, pt->upper_2s);
            jsonw_key(b, &g, "rules");
            buf_addc(b, '[');
            for (unsigned r = SPC_BEYOND_LIMIT; r <= SPC_TWO_OF_THREE; r <<= 1)
                if (pt->rules & r) {
                    if (!r1)
                        buf_addc(b, ',');
                    r1 = 0;
                    jsonw_str(b, spc_rule_name(r));
                }
            buf_addc(b, ']');
            jsonw_key(b, &g, "variation");
            jsonw_str(b, spc_variation_name(pt->variation));
            buf_addc(b, '}');
        }
        buf_addc(b, ']');
        jsonw_key(b, &f, "variation");
        jsonw_str(b, spc_variation_name(c->variation));
        jsonw_key(b, &f, "assurance");
        jsonw_str(b, spc_assurance_name(c->assurance));
        jsonw_key(b, &f, "trial_limits");
        buf_adds(b, c->trial_limits ? "true" : "false");
        jsonw_key(b, &f, "warnings");
        jsonw_str(b, pm->warnings);
        buf_addc(b, '}');
    } else {
        buf_adds(b, "null");
    }
    jsonw_key(b, &first, "exceptions");
    buf_addc(b, '[');
    for (size_t k = 0; k < pm->nexceptions; k++) {
        const struct perf_exception *x = &pm->exceptions[k];
        int f = 1;
        buf_adds(b, k ? ",{" : "{");
        jsonw_key(b, &f, "first");
        jsonw_str(b, period_format(pm->pts[x->ex.first].period, pbuf));
        jsonw_key(b, &f, "last");
        jsonw_str(b, period_format(pm->pts[x->ex.last].period, pbuf));
        jsonw_key(b, &f, "rule");
        jsonw_str(b, spc_rule_name(x->ex.rule));
        jsonw_key(b, &f, "side");
        jsonw_str(b, x->ex.high ? "high" : "low");
        jsonw_key(b, &f, "variation");
        jsonw_str(b, spc_variation_name(x->ex.variation));
        jsonw_key(b, &f, "when");
        jsonw_str(b, x->when);
        jsonw_key(b, &f, "text");
        jsonw_str(b, x->text);
        buf_addc(b, '}');
    }
    buf_addc(b, ']');
    jsonw_key(b, &first, "travel");
    if (pm->has_travel) {
        int f = 1;
        buf_addc(b, '{');
        jsonw_key(b, &f, "arrow");
        jsonw_str(b, spc_arrow_name(pm->travel.arrow));
        jsonw_key(b, &f, "colour");
        jsonw_str(b, spc_colour_name(pm->travel.colour));
        jsonw_key(b, &f, "text");
        jsonw_str(b, measure_travel_words(&pm->travel));
        buf_addc(b, '}');
    } else {
        buf_adds(b, "null");
    }
    jsonw_key(b, &first, "reasons");
    jsonw_str(b, pm->narrative ? pm->narrative->reasons : NULL);
    jsonw_key(b, &first, "response");
    jsonw_str(b, pm->narrative ? pm->narrative->response : NULL);
    if (buf_addc(b, '}'))
        return err_set(e, ERR_LIMIT, "the report is too large");
    return 0;
}

int paper_performance_json(const struct paper_performance *p, struct buf *b, struct err *e)
{
    char pbuf[PERIOD_BUFSZ], date[DATE_BUFSZ];
    int first = 1, rc = 0;

    buf_addc(b, '{');
    jsonw_key(b, &first, "quarter");
    jsonw_str(b, period_format(p->quarter, pbuf));
    jsonw_key(b, &first, "as_of");
    jsonw_str(b, period_format(period_month(p->last_month), pbuf));
    jsonw_key(b, &first, "quarters");
    buf_addc(b, '[');
    for (int k = 0; k < 4; k++) {
        if (k)
            buf_addc(b, ',');
        jsonw_str(b, period_format(p->quarters[k], pbuf));
    }
    buf_addc(b, ']');
    jsonw_key(b, &first, "date");
    jsonw_str(b, date_format(p->date, date));
    jsonw_key(b, &first, "committee");
    jsonw_str(b, p->committee);
    jsonw_key(b, &first, "plan");
    jsonw_str(b, p->plan);
    jsonw_key(b, &first, "priorities");
    buf_addc(b, '[');
    for (size_t k = 0; k < p->npriorities && rc == 0; k++) {
        const struct perf_priority *pr = &p->priorities[k];
        int f = 1;
        buf_adds(b, k ? ",\n{" : "\n{");
        jsonw_key(b, &f, "name");
        jsonw_str(b, pr->name);
        jsonw_key(b, &f, "measures");
        buf_addc(b, '[');
        for (size_t i = pr->first; i < pr->first + pr->n && rc == 0; i++) {
            if (i > pr->first)
                buf_addc(b, ',');
            buf_addc(b, '\n');
            rc = perf_measure_json(p, &p->v[i], b, e);
        }
        buf_adds(b, "]}");
    }
    if (rc == 0 && buf_adds(b, "]}\n"))
        rc = err_set(e, ERR_LIMIT, "the report is too large");
    return rc;
}
