/* page_measures.c -- the performance measures: the list under the plan's
 * priorities, each with its latest value and direction of travel; one
 * measure's page with its control chart, its data, exceptions, reasons and
 * response, and settings; and the form that records a period's value and
 * narrative.
 *
 *   GET  /measures                       the measures, by priority
 *   GET  /measures/MEASURE               one measure: its name (percent-encoded
 *                                        as one path segment) or its id
 *   POST /measures/MEASURE/observations  a period's value (and denominator),
 *                                        reasons and response (editors)
 *
 * The pages read the register as the performance paper does
 * (service/paper_performance.h), but up to the latest month that any measure
 * has a value for, where the paper stops at its quarter; as_of (a month or a
 * quarter) asks for an earlier one. The form's checks and writes are the
 * command line's observe and narrate (service/measure_entry.h).
 *
 * The direction of travel is never colour alone: its arrow is a glyph hidden
 * from screen readers, followed by words ("Improvement"), and read out as
 * "up, improvement (green)". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/user.h"
#include "service/measure_entry.h"
#include "service/paper_performance.h"
#include "store/store.h"
#include "web/app.h"
#include "web/layout.h"
#include "web/pages.h"
#include "web/view.h"

/* Reasons and response are paragraphs, not essays. */
#define NARRATIVE_MAX 20000

/* What the form sent, to show again with its errors. */
struct typed {
    const char *period, *value, *denominator, *reasons, *response;
};

/* ---- reading ------------------------------------------------------------ */

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* The measure the address names: by name, else by id. */
static const struct perf_measure *find(const struct paper_performance *p, const char *key)
{
    const struct perf_measure *pm = paper_performance_find(p, key);
    if (!pm && all_digits(key)) {
        long long id = strtoll(key, NULL, 10);
        for (size_t i = 0; i < p->n; i++)
            if (p->v[i].m->id == id)
                return &p->v[i];
    }
    return pm;
}

/* The latest month a measure has a value for; -1: none. */
static int latest_month(const struct perf_measure *pm)
{
    int last = -1;
    for (size_t k = 0; k < pm->nobs; k++) {
        struct period q;
        const char *s = pm->obs[k]->period;
        if (period_parse(s, strlen(s), &q) == 0 && period_last_month(q) > last)
            last = period_last_month(q);
    }
    return last;
}

/* Loads the measures: as of the query's as_of, else up to the latest month
 * with a value: of the measure named key, or of any (key NULL). Returns 0;
 * 1 when the register holds no measures; or an HTTP status with the page's
 * message set. */
static int load(struct web_request *req, struct web_response *resp, const char *key,
                struct paper_performance *p)
{
    const char *as = view_trim(req->arena, web_query(req, "as_of"));
    struct perf_opts o = {0};
    struct err e = {0};
    char mo[PERIOD_BUFSZ];
    int rc, last;

    o.as_of = as && *as ? as : NULL;
    rc = paper_performance_load(req->store, &o, req->arena, p, &e);
    if (rc == ERR_USAGE)
        return web_error(resp, 400, "The period asked for is not a period: give a month as "
                                    "2023-10, or a quarter as 2023/24 Q3.");
    if (rc == ERR_INPUT)
        return 1;
    if (rc)
        return web_fail(req, resp, &e);
    if (o.as_of)
        return 0;
    /* The paper's default is the latest complete quarter; a page shows
     * every value recorded, the one just entered too, and a measure's page
     * its own latest quarter. */
    if (key) {
        const struct perf_measure *pm = find(p, key);
        last = pm ? latest_month(pm) : -1;
    } else {
        last = -1;
        for (size_t i = 0; i < p->n; i++)
            last = latest_month(&p->v[i]) > last ? latest_month(&p->v[i]) : last;
    }
    if (last < 0 || last == p->last_month)
        return 0;
    o.as_of = arena_strdup(req->arena, period_format(period_month(last), mo));
    if ((rc = paper_performance_load(req->store, &o, req->arena, p, &e)))
        return web_fail(req, resp, &e);
    return 0;
}

static const char *measure_href(struct arena *a, const struct measure *m, const char *tail)
{
    return arena_printf(a, "/measures/%s%s", view_urlenc(a, m->name), tail);
}

/* ---- how values look ---------------------------------------------------- */

static double tenth(double v)
{
    return fabs(v) >= 1e6 ? v : round(v * 10) / 10;
}

static const char *value_text(struct arena *a, enum measure_unit u, double v)
{
    char b[40];
    return arena_strdup(a, measure_value_text(u, v, b, sizeof b));
}

/* A point's value, and its numerator and denominator when it has them:
 * "21.4% (381 of 1,780)". */
static const char *point_text(struct arena *a, const struct measure *m,
                              const struct measure_point *pt)
{
    char v[40], n[40], d[40];
    measure_value_text(m->unit, pt->value, v, sizeof v);
    if (!isfinite(pt->den))
        return arena_strdup(a, v);
    return arena_printf(a, "%s (%s of %s)", v, measure_value_text(MU_COUNT, pt->num, n, sizeof n),
                        measure_value_text(MU_COUNT, pt->den, d, sizeof d));
}

static const char *capitalised(struct arena *a, const char *s)
{
    char *c = arena_strdup(a, s);
    if (c[0] >= 'a' && c[0] <= 'z')
        c[0] = (char)(c[0] - 'a' + 'A');
    return c;
}

static const char *period_words(struct arena *a, struct period p)
{
    char b[PERIOD_BUFSZ];
    return arena_strdup(a, period_label(p, b));
}

static const char *variation_words(enum spc_variation v)
{
    switch (v) {
    case SPC_IMPROVEMENT: return "Special cause improvement";
    case SPC_CONCERN: return "Special cause concern";
    case SPC_NEITHER_HIGH: return "Special cause, high";
    case SPC_NEITHER_LOW: return "Special cause, low";
    case SPC_NO_VERDICT: return "No variation";
    default: return "Common cause";
    }
}

static void rules_words(struct html *h, unsigned rules)
{
    static const struct {
        unsigned rule;
        const char *words;
    } R[] = {{SPC_BEYOND_LIMIT, "beyond a limit"},
             {SPC_SHIFT, "shift"},
             {SPC_TREND, "trend"},
             {SPC_TWO_OF_THREE, "two of three"}};
    int first = 1;
    for (size_t k = 0; k < sizeof R / sizeof *R; k++)
        if (rules & R[k].rule) {
            if (!first)
                html_lit(h, ", ");
            html_text(h, R[k].words);
            first = 0;
        }
}

/* The direction of travel as a tag: the arrow for the eye, the words for
 * everyone ("up, improvement (green)" read out), and the legend's meaning
 * beneath when asked for. */
static void travel(struct html *h, const struct perf_measure *pm, int meaning)
{
    enum doc_style style;
    const char *cell = perf_travel_cell(pm, &style), *words = cell;
    const char *glyph = pm->has_travel ? measure_arrow_glyph(pm->travel.arrow) : NULL;

    if (!pm->has_travel) {
        html_lit(h, "<span class=\"app-secondary\">");
        html_text(h, cell);
        if (meaning)
            html_text(h, pm->npts ? " for a direction of travel" : " yet");
        html_lit(h, "</span>");
        return;
    }
    if (strncmp(cell, glyph, strlen(glyph)) == 0 && cell[strlen(glyph)] == ' ')
        words = cell + strlen(glyph) + 1;
    switch (pm->travel.colour) {
    case SPC_GREEN: html_lit(h, "<strong class=\"govuk-tag govuk-tag--green\">"); break;
    case SPC_RED: html_lit(h, "<strong class=\"govuk-tag govuk-tag--red\">"); break;
    default: html_lit(h, "<strong class=\"govuk-tag govuk-tag--orange\">"); break;
    }
    html_lit(h, "<span aria-hidden=\"true\">");
    html_text(h, glyph);
    html_lit(h, " </span><span class=\"govuk-visually-hidden\">");
    html_text(h, spc_arrow_name(pm->travel.arrow));
    html_lit(h, ", </span>");
    html_text(h, words);
    html_lit(h, "<span class=\"govuk-visually-hidden\"> (");
    html_text(h, spc_colour_name(pm->travel.colour));
    html_lit(h, ")</span></strong>");
    if (meaning) {
        html_lit(h, "<p class=\"govuk-body-s app-secondary govuk-!-margin-top-1 "
                    "govuk-!-margin-bottom-0\">");
        html_text(h, measure_travel_words(&pm->travel));
        html_lit(h, "</p>");
    }
}

/* Text as entered, a paragraph per line. */
static void paragraphs(struct html *h, const char *text)
{
    const char *p = text;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
            n--;
        if (n) {
            html_lit(h, "<p class=\"govuk-body\">");
            html_text_n(h, p, n);
            html_lit(h, "</p>");
        }
        p = end ? end + 1 : NULL;
    }
}

static void summary_row(struct html *h, const char *key)
{
    html_lit(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">");
    html_text(h, key);
    html_lit(h, "</dt><dd class=\"govuk-summary-list__value\">");
}

static void summary_text(struct html *h, const char *key, const char *value)
{
    summary_row(h, key);
    html_text(h, value);
    html_lit(h, "</dd></div>");
}

/* The legend of the arrows, as the paper's appendix gives it. */
static void legend(struct html *h)
{
    static const struct {
        const char *tag, *arrow, *direction, *words, *colour, *meaning;
    } L[] = {
        {"govuk-tag govuk-tag--green", "\xe2\x86\x91", "up", "Improvement", "green",
         "improvement in the direction of travel"},
        {"govuk-tag govuk-tag--green", "\xe2\x86\x92", "right", "Consistent at 100%", "green",
         "consistent performance at 100%"},
        {"govuk-tag govuk-tag--green", "\xe2\x86\x93", "down", "Improvement", "green",
         "a decreasing trend which is positive"},
        {"govuk-tag govuk-tag--orange", "\xe2\x86\x91 \xe2\x86\x93 \xe2\x86\x92",
         "up, down or right", "Within tolerance", "amber",
         "limited increases or decreases within tolerance level: common cause variation, the "
         "arrow giving the last step"},
        {"govuk-tag govuk-tag--red", "\xe2\x86\x91", "up", "Concern", "red",
         "an increasing trend that is negative"},
        {"govuk-tag govuk-tag--red", "\xe2\x86\x93", "down", "Concern", "red",
         "a decrease in performance"},
    };
    html_lit(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
                "<span class=\"govuk-details__summary-text\">What the arrows mean</span>"
                "</summary><div class=\"govuk-details__text\"><p class=\"govuk-body\">The "
                "direction of travel is read from the last point of the measure's control "
                "chart: special cause variation points the arrow up or down, green when it is "
                "improvement and red when it is concern; common cause variation is amber, the "
                "arrow giving the last step.</p><table class=\"govuk-table\">"
                "<caption class=\"govuk-visually-hidden\">The directions of travel</caption>"
                "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Arrow</th>"
                "<th scope=\"col\" class=\"govuk-table__header\">Meaning</th></tr></thead>"
                "<tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
        html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><strong");
        html_attr(h, "class", L[i].tag);
        html_lit(h, "><span aria-hidden=\"true\">");
        html_text(h, L[i].arrow);
        html_lit(h, " </span><span class=\"govuk-visually-hidden\">");
        html_text(h, L[i].direction);
        html_lit(h, ", </span>");
        html_text(h, L[i].words);
        html_lit(h, "<span class=\"govuk-visually-hidden\"> (");
        html_text(h, L[i].colour);
        html_lit(h, ")</span></strong></td><td class=\"govuk-table__cell\">");
        html_text(h, L[i].meaning);
        html_lit(h, "</td></tr>");
    }
    html_lit(h, "</tbody></table></div></details>");
}

/* "as of December 2023" or "as of Q3 2023/24" (a whole quarter). */
static const char *as_of_words(struct arena *a, const struct paper_performance *p)
{
    if (p->last_month == period_last_month(p->quarter))
        return arena_printf(a, "%s (the end of %s)", period_words(a, period_month(p->last_month)),
                            period_words(a, p->quarter));
    return period_words(a, period_month(p->last_month));
}

/* ---- the list ----------------------------------------------------------- */

int page_measures(struct web_request *req, struct web_response *resp)
{
    struct paper_performance p;
    struct html *h;
    const char *as = view_trim(req->arena, web_query(req, "as_of")), *tail = "";
    int rc;

    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    if ((rc = load(req, resp, NULL, &p)) > 1)
        return rc;
    /* A list as of an earlier period leads to the measures as of then. */
    if (as && *as)
        tail = arena_printf(req->arena, "?as_of=%s", view_urlenc(req->arena, as));
    h = web_page_begin(req, resp, 200, "Measures", NAV_MEASURES);
    html_lit(h, "<h1 class=\"govuk-heading-l\">Measures</h1>");
    if (rc == 1) {
        html_lit(h, "<p class=\"govuk-body\">There are no performance measures in the register "
                    "yet. They are added with <code>oversight measure add</code> or imported "
                    "with <code>oversight import measures</code>.</p>");
        return web_page_end(req, resp);
    }
    html_lit(h, "<p class=\"govuk-body\">The measures of the ");
    html_text(h, p.plan);
    html_lit(h, ", under its priorities, as of ");
    html_text(h, as_of_words(req->arena, &p));
    html_lit(h, ": each with its latest value and its direction of travel, read from its "
                "control chart. The <a class=\"govuk-link\" href=\"/papers/performance\">"
                "performance paper</a> reports them quarter by quarter.</p>");
    legend(h);
    for (size_t k = 0; k < p.npriorities; k++) {
        const struct perf_priority *pr = &p.priorities[k];
        const char *name = *pr->name ? pr->name : "No priority";
        const char *caption = arena_printf(req->arena, "%zu. %s", k + 1, name);
        view_scroll_begin(h, caption);
        html_lit(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
                    "govuk-table__caption--m\">");
        html_text(h, caption);
        html_lit(h, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                    "<th scope=\"col\" class=\"govuk-table__header\">No.</th>"
                    "<th scope=\"col\" class=\"govuk-table__header govuk-!-width-one-half\">"
                    "Measure</th>"
                    "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                    "Latest value</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Period</th>"
                    "<th scope=\"col\" class=\"govuk-table__header govuk-!-width-one-quarter\">"
                    "Direction of travel</th>"
                    "</tr></thead><tbody class=\"govuk-table__body\">");
        for (size_t i = pr->first; i < pr->first + pr->n; i++) {
            const struct perf_measure *pm = &p.v[i];
            const struct measure_point *last = pm->npts ? &pm->pts[pm->npts - 1] : NULL;
            html_lit(h, "<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">");
            html_text(h, pm->number);
            html_lit(h, "</td><th scope=\"row\" class=\"govuk-table__header\">"
                        "<a class=\"govuk-link\"");
            html_url(h, "href", measure_href(req->arena, pm->m, tail));
            html_lit(h, ">");
            html_text(h, pm->m->name);
            html_lit(h, "</a></th><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            if (!last)
                html_lit(h, "No data");
            else {
                html_text(h, value_text(req->arena, pm->m->unit, last->value));
                if (isfinite(last->den)) {
                    html_lit(h, "<br/><span class=\"govuk-body-s app-secondary app-nowrap\">");
                    html_text(h, arena_printf(req->arena, "%s of %s",
                                              value_text(req->arena, MU_COUNT, last->num),
                                              value_text(req->arena, MU_COUNT, last->den)));
                    html_lit(h, "</span>");
                }
            }
            html_lit(h, "</td><td class=\"govuk-table__cell app-nowrap\">");
            if (last)
                html_text(h, period_words(req->arena, last->period));
            html_lit(h, "</td><td class=\"govuk-table__cell\">");
            travel(h, pm, 1);
            html_lit(h, "</td></tr>");
        }
        html_lit(h, "</tbody></table>");
        view_scroll_end(h);
    }
    return web_page_end(req, resp);
}

/* ---- one measure -------------------------------------------------------- */

static void key_facts(struct web_request *req, struct html *h, const struct paper_performance *p,
                      const struct perf_measure *pm)
{
    struct arena *a = req->arena;
    const struct measure *m = pm->m;

    html_lit(h, "<dl class=\"govuk-summary-list\">");
    summary_row(h, "Latest value");
    if (pm->npts) {
        const struct measure_point *last = &pm->pts[pm->npts - 1];
        html_text(h, point_text(a, m, last));
        html_lit(h, ", ");
        html_text(h, period_words(a, last->period));
    } else {
        html_lit(h, "No data yet");
    }
    html_lit(h, "</dd></div>");
    summary_row(h, "Direction of travel");
    travel(h, pm, 1);
    html_lit(h, "</dd></div>");
    if (pm->charted) {
        summary_text(h, "Variation", variation_words(pm->chart.variation));
        if (isfinite(m->target))
            summary_text(h, "Assurance against the target",
                         pm->chart.assurance == SPC_PASS   ? "Consistently passing"
                         : pm->chart.assurance == SPC_FAIL ? "Consistently failing"
                         : pm->chart.assurance == SPC_HIT_OR_MISS
                             ? "Hit or miss"
                             : "None (the measure has no improvement direction)");
    }
    summary_row(h, period_words(a, p->quarters[3]));
    if (pm->q[3].have) {
        html_text(h, value_text(a, m->unit, pm->q[3].value));
        if (pm->q[3].partial)
            html_text(h, arena_printf(a, " (%d of 3 months)", pm->q[3].months));
        html_lit(h, "<p class=\"govuk-body-s app-secondary govuk-!-margin-top-1 "
                    "govuk-!-margin-bottom-0\">");
        html_text(h, arena_printf(a, "Change on %s: %s", period_words(a, p->quarters[2]),
                                  pm->change.text));
        html_lit(h, "</p>");
    } else {
        html_lit(h, "No data");
    }
    html_lit(h, "</dd></div></dl>");
}

static void chart_section(struct web_request *req, struct html *h, const struct perf_measure *pm)
{
    struct buf svg;
    struct err e = {0};

    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"chart\">Control chart</h2>");
    if (!pm->charted) {
        html_lit(h, "<p class=\"govuk-body\">");
        html_text(h, pm->npts ? "One value so far: too few for a control chart."
                              : "No value has been recorded for this measure.");
        html_lit(h, "</p>");
        return;
    }
    buf_init(&svg, (size_t)4 << 20);
    if (perf_measure_svg(pm, "measure", 0, &svg, NULL, &e) == 0) {
        html_lit(h, "<figure class=\"app-chart\">");
        if (html_svg(h, buf_str(&svg), NULL, 0, 0, &e))
            web_log(req, "measure chart: %s", e.msg);
        html_lit(h, "<figcaption class=\"govuk-body-s app-secondary\">");
        html_text(h, arena_printf(req->arena,
                                  "%s with the process limits at %g\xcf\x83%s. The table below "
                                  "gives every point's figures.",
                                  pm->pchart ? "A p-chart (a rate with denominators)"
                                             : "An XmR control chart",
                                  pm->chart.limits_sigma,
                                  pm->chart.trial_limits ? " (trial limits: fewer than 12 points)"
                                                         : ""));
        html_lit(h, "</figcaption></figure>");
    } else {
        web_log(req, "measure chart: %s", e.msg);
    }
    buf_release(&svg);
    if (pm->warnings) {
        html_lit(h, "<div class=\"govuk-inset-text\">Note: ");
        html_text(h, pm->warnings);
        html_lit(h, ".</div>");
    }
}

static void data_table(struct web_request *req, struct html *h, const struct perf_measure *pm)
{
    struct arena *a = req->arena;
    const struct measure *m = pm->m;
    int dens = measure_series_has_den(pm->pts, pm->npts);
    size_t rb = 0;

    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"data\">Data</h2>");
    if (!pm->npts) {
        html_lit(h, "<p class=\"govuk-body\">No value has been recorded yet.</p>");
        return;
    }
    view_scroll_begin(h, "The measure's data");
    html_lit(h, "<table class=\"govuk-table govuk-table--small-text-until-tablet\">"
                "<caption class=\"govuk-table__caption govuk-table__caption--s\">");
    html_text(h, pm->charted ? arena_printf(a, "Every value charted, with the chart's mean, "
                                               "process limits and the rules each point meets "
                                               "(%zu points)",
                                            pm->npts)
                             : arena_printf(a, "Every value recorded (%zu)", pm->npts));
    html_lit(h, "</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
                "<th scope=\"col\" class=\"govuk-table__header\">Period</th>"
                "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                "Value</th>");
    if (dens) {
        html_lit(h, "<th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">");
        html_text(h, m->numerator_label ? capitalised(a, m->numerator_label) : "Numerator");
        html_lit(h, "</th><th scope=\"col\" class=\"govuk-table__header "
                    "govuk-table__header--numeric\">");
        html_text(h, m->denominator_label ? capitalised(a, m->denominator_label) : "Denominator");
        html_lit(h, "</th>");
    }
    if (pm->charted)
        html_lit(h, "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                    "Mean</th>"
                    "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                    "Lower limit</th>"
                    "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                    "Upper limit</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Variation</th>"
                    "<th scope=\"col\" class=\"govuk-table__header\">Rules</th>");
    html_lit(h, "</tr></thead><tbody class=\"govuk-table__body\">");
    for (size_t i = 0; i < pm->npts; i++) {
        const struct measure_point *pt = &pm->pts[i];
        html_lit(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header "
                    "app-nowrap\">");
        html_text(h, period_words(a, pt->period));
        html_lit(h, "</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
        html_text(h, value_text(a, m->unit, pt->value));
        html_lit(h, "</td>");
        if (dens) {
            html_lit(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_text(h, value_text(a, MU_COUNT, pt->num));
            html_lit(h, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_text(h, value_text(a, MU_COUNT, pt->den));
            html_lit(h, "</td>");
        }
        if (pm->charted) {
            const struct spc_point *sp = &pm->chart.points[i];
            const struct spc_segment *seg = &pm->chart.segments[sp->segment];
            html_lit(h, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_text(h, value_text(a, m->unit, tenth(sp->mean)));
            html_lit(h, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_text(h, seg->no_verdict ? "-" : value_text(a, m->unit, tenth(sp->lpl)));
            html_lit(h, "</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">");
            html_text(h, seg->no_verdict ? "-" : value_text(a, m->unit, tenth(sp->upl)));
            html_lit(h, "</td><td class=\"govuk-table__cell\">");
            html_text(h, variation_words(sp->variation));
            html_lit(h, "</td><td class=\"govuk-table__cell\">");
            rules_words(h, sp->rules);
            /* A new segment starts here: its reason beside it. */
            if (rb < pm->settings.nrebase && pm->rebases[rb].at == i + 1) {
                if (sp->rules)
                    html_lit(h, "<br/>");
                html_lit(h, "<span class=\"app-secondary\">Rebase: ");
                html_text(h, pm->rebases[rb].reason);
                html_lit(h, "</span>");
                rb++;
            }
            html_lit(h, "</td>");
        }
        html_lit(h, "</tr>");
    }
    html_lit(h, "</tbody></table>");
    view_scroll_end(h);
}

static void exceptions(struct html *h, const struct perf_measure *pm)
{
    if (!pm->charted)
        return;
    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"exceptions\">Exceptions in the last four "
                "quarters</h2>");
    if (!pm->nexceptions) {
        html_lit(h, "<p class=\"govuk-body\">None: the variation is common cause.</p>");
        return;
    }
    html_lit(h, "<ul class=\"govuk-list govuk-list--bullet\">");
    for (size_t k = 0; k < pm->nexceptions; k++) {
        html_lit(h, "<li>");
        html_text(h, pm->exceptions[k].when);
        html_lit(h, ": ");
        html_text(h, pm->exceptions[k].text);
        html_lit(h, "</li>");
    }
    html_lit(h, "</ul>");
}

static int narrative_newest_first(const void *x, const void *y)
{
    const struct narrative *a = *(const struct narrative *const *)x,
                           *b = *(const struct narrative *const *)y;
    struct period pa, pb;
    int ka = period_parse(a->period, strlen(a->period), &pa) == 0,
        kb = period_parse(b->period, strlen(b->period), &pb) == 0;
    if (ka && kb)
        return period_cmp(pb, pa);
    return kb - ka;
}

static void narratives(struct web_request *req, struct html *h, const struct perf_measure *pm)
{
    struct narrative **v;

    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"narrative\">Reasons and response</h2>");
    if (!pm->nnarratives) {
        html_lit(h, "<p class=\"govuk-body\">None recorded yet.</p>");
        return;
    }
    v = arena_alloc(req->arena, pm->nnarratives * sizeof *v);
    memcpy(v, pm->narratives, pm->nnarratives * sizeof *v);
    qsort(v, pm->nnarratives, sizeof *v, narrative_newest_first);
    for (size_t i = 0; i < pm->nnarratives; i++) {
        struct period p;
        html_lit(h, "<h3 class=\"govuk-heading-s\">");
        html_text(h, period_parse(v[i]->period, strlen(v[i]->period), &p) == 0
                         ? period_words(req->arena, p)
                         : v[i]->period);
        html_lit(h, "</h3><h4 class=\"govuk-body govuk-!-font-weight-bold "
                    "govuk-!-margin-bottom-1\">Reasons</h4>");
        if (v[i]->reasons && *v[i]->reasons)
            paragraphs(h, v[i]->reasons);
        else
            html_lit(h, "<p class=\"govuk-body app-secondary\">None recorded.</p>");
        html_lit(h, "<h4 class=\"govuk-body govuk-!-font-weight-bold "
                    "govuk-!-margin-bottom-1\">Response</h4>");
        if (v[i]->response && *v[i]->response)
            paragraphs(h, v[i]->response);
        else
            html_lit(h, "<p class=\"govuk-body app-secondary\">None recorded.</p>");
        html_lit(h, "<p class=\"govuk-body-s app-secondary\">Recorded ");
        view_moment(h, v[i]->recorded_at);
        html_lit(h, " by ");
        html_text(h, v[i]->recorded_by);
        html_lit(h, "</p>");
    }
}

static void settings(struct web_request *req, struct html *h, const struct perf_measure *pm)
{
    struct arena *a = req->arena;
    const struct measure *m = pm->m;
    double sigma = pm->settings.limits_sigma > 0 ? pm->settings.limits_sigma
                   : isfinite(m->limits)         ? m->limits
                                                 : 3;

    html_lit(h, "<h2 class=\"govuk-heading-m\" id=\"settings\">Settings</h2>"
                "<dl class=\"govuk-summary-list\">");
    summary_text(h, "Priority", m->priority && *m->priority ? m->priority : "None");
    summary_row(h, "Unit");
    html_text(h, m->unit == MU_PERCENTAGE ? "Percentage"
                 : m->unit == MU_MONEY    ? "Money"
                                          : "Count");
    if (m->numerator_label || m->denominator_label) {
        html_lit(h, " (");
        html_text(h, m->numerator_label ? m->numerator_label : "");
        if (m->denominator_label) {
            html_text(h, m->numerator_label ? " of " : "of ");
            html_text(h, m->denominator_label);
        }
        html_lit(h, ")");
    }
    html_lit(h, "</dd></div>");
    summary_text(h, "Improvement direction",
                 m->improvement == MI_UP     ? "Up: higher is better"
                 : m->improvement == MI_DOWN ? "Down: lower is better"
                                             : "Neither: no improvement direction");
    summary_text(h, "Target", isfinite(m->target) ? value_text(a, m->unit, m->target) : "None");
    summary_text(h, "Frequency", m->frequency == MF_QUARTERLY ? "Quarterly" : "Monthly");
    summary_text(h, "Process limits",
                 arena_printf(a, "At %g\xcf\x83 (standard deviations) from the mean", sigma));
    summary_text(h, "Baseline",
                 m->baseline ? arena_printf(a, "The first %ld points fix the mean and limits",
                                            m->baseline)
                             : "None: each segment's points set its mean and limits");
    summary_row(h, "Rebases");
    if (!pm->nrebases)
        html_lit(h, "None");
    else {
        html_lit(h, "<ul class=\"govuk-list\">");
        for (size_t k = 0; k < pm->nrebases; k++) {
            html_lit(h, "<li>");
            html_text(h, arena_printf(a, "At point %zu", pm->rebases[k].at));
            if (pm->rebases[k].at >= 1 && pm->rebases[k].at <= pm->npts)
                html_text(h, arena_printf(a, " (%s)",
                                          period_words(a, pm->pts[pm->rebases[k].at - 1].period)));
            html_lit(h, ": ");
            html_text(h, pm->rebases[k].reason);
            html_lit(h, "</li>");
        }
        html_lit(h, "</ul>");
    }
    html_lit(h, "</dd></div>");
    summary_row(h, "Annotations");
    if (!pm->nnotes)
        html_lit(h, "None");
    else {
        html_lit(h, "<ul class=\"govuk-list\">");
        for (size_t k = 0; k < pm->nnotes; k++) {
            html_lit(h, "<li>");
            html_text(h, period_words(a, pm->notes[k].period));
            html_lit(h, ": ");
            html_text(h, pm->notes[k].text);
            html_lit(h, "</li>");
        }
        html_lit(h, "</ul>");
    }
    html_lit(h, "</dd></div>");
    summary_row(h, "Last changed");
    view_moment(h, m->recorded_at);
    html_lit(h, " by ");
    html_text(h, m->recorded_by);
    html_lit(h, "</dd></div></dl>");
}

/* A GOV.UK textarea, as view_input writes an input. */
static void textarea(struct web_request *req, struct html *h, const char *id, const char *label,
                     const char *hint, const char *value, const char *error)
{
    html_lit(h, "<div class=\"govuk-form-group");
    if (error)
        html_lit(h, " govuk-form-group--error");
    html_lit(h, "\"><label class=\"govuk-label\"");
    html_attr(h, "for", id);
    html_lit(h, ">");
    html_text(h, label);
    html_lit(h, "</label><div class=\"govuk-hint\"");
    html_attr(h, "id", arena_printf(req->arena, "%s-hint", id));
    html_lit(h, ">");
    html_text(h, hint);
    html_lit(h, "</div>");
    if (error) {
        html_lit(h, "<p class=\"govuk-error-message\"");
        html_attr(h, "id", arena_printf(req->arena, "%s-error", id));
        html_lit(h, "><span class=\"govuk-visually-hidden\">Error:</span> ");
        html_text(h, error);
        html_lit(h, "</p>");
    }
    html_lit(h, "<textarea class=\"govuk-textarea");
    if (error)
        html_lit(h, " govuk-textarea--error");
    html_lit(h, "\" rows=\"5\"");
    html_attr(h, "id", id);
    html_attr(h, "name", id);
    html_attr(h, "aria-describedby",
              arena_printf(req->arena, "%s-hint%s%s%s", id, error ? " " : "", error ? id : "",
                           error ? "-error" : ""));
    html_lit(h, ">");
    html_text(h, value);
    html_lit(h, "</textarea></div>");
}

static void entry_form(struct web_request *req, struct html *h, const struct perf_measure *pm,
                       const struct typed *t, const struct web_field_error *errs, size_t nerr)
{
    const struct measure *m = pm->m;
    int quarterly = m->frequency == MF_QUARTERLY;
    const char *period = t ? t->period : NULL;
    struct view_input in;
    char pbuf[PERIOD_BUFSZ];

    /* Offered: the period after the last one recorded. */
    if (!t && pm->nobs) {
        struct period last = {0}, q;
        int have = 0;
        for (size_t i = 0; i < pm->nobs; i++) {
            const char *s = pm->obs[i]->period;
            if (period_parse(s, strlen(s), &q) == 0 &&
                (q.kind == PERIOD_MONTH) == !quarterly &&
                (!have || period_cmp(q, last) > 0))
                last = period_normal(q), have = 1;
        }
        if (have)
            period = period_format(period_next(last), pbuf);
    }
    html_lit(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                "<h2 class=\"govuk-heading-m\" id=\"record\">Record a value</h2>"
                "<p class=\"govuk-body\">");
    html_text(h, quarterly ? "A value for a quarter of this quarterly measure. "
                           : "A value for a month of this monthly measure. ");
    html_lit(h, "A period already recorded is corrected, the earlier value kept in the "
                "register's history. The reasons and response are those of the period given: "
                "the quarterly paper prints its quarter's, so give the quarter (2023/24 Q3) for "
                "them, with or without a value.</p>"
                "<form method=\"post\" novalidate=\"novalidate\"");
    html_url(h, "action", measure_href(req->arena, m, "/observations"));
    html_lit(h, ">");
    web_csrf_field(req, h);
    in = (struct view_input){"period", "Period",
                             quarterly ? "A quarter, like 2023/24 Q3"
                                       : "A month, like 2023-10; for the reasons and response "
                                         "alone, a quarter, like 2023/24 Q3",
                             period, view_error_for(errs, nerr, "period"),
                             "govuk-input--width-10", NULL, "off", 1};
    view_input(h, &in);
    {
        const char *dl = m->denominator_label, *nl = m->numerator_label;
        int pct = m->unit == MU_PERCENTAGE;
        in = (struct view_input){
            "value",
            pct ? "Value, or the numerator with a denominator (optional)" : "Value (optional)",
            pct ? (nl ? arena_printf(req->arena, "A percentage, like 86.5; or with a denominator, "
                                                 "the %s, like 381",
                                     nl)
                      : "A percentage, like 86.5; or with a denominator, the numerator, like 381")
            : m->unit == MU_MONEY ? "An amount in pounds, like 101,500,000"
                                  : "A number, like 381",
            t ? t->value : NULL, view_error_for(errs, nerr, "value"),
            "govuk-input--width-10", NULL, "off", 1};
        view_input(h, &in);
        if (pct || (t && t->denominator && *t->denominator)) {
            in = (struct view_input){
                "denominator",
                dl ? arena_printf(req->arena, "Denominator: %s (optional)", dl)
                   : "Denominator (optional)",
                "A number above 0; the value is then the numerator",
                t ? t->denominator : NULL, view_error_for(errs, nerr, "denominator"),
                "govuk-input--width-10", NULL, "off", 1};
            view_input(h, &in);
        }
    }
    textarea(req, h, "reasons", "Reasons (optional)",
             "What the data shows and why. A new line starts a new paragraph. Left empty, the "
             "period's reasons stay as they are.",
             t ? t->reasons : NULL, view_error_for(errs, nerr, "reasons"));
    textarea(req, h, "response", "Response (optional)",
             "What is being done. Left empty, the period's response stays as it is.",
             t ? t->response : NULL, view_error_for(errs, nerr, "response"));
    html_lit(h, "<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
                "Record</button></form></div></div>");
}

static void recorded_banner(struct web_request *req, struct html *h)
{
    const char *s = web_query(req, "recorded");
    struct period p;
    if (!s || period_parse(s, strlen(s), &p))
        return;
    html_lit(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
                "role=\"alert\" aria-labelledby=\"recorded-title\" "
                "data-module=\"govuk-notification-banner\">"
                "<div class=\"govuk-notification-banner__header\">"
                "<h2 class=\"govuk-notification-banner__title\" id=\"recorded-title\">"
                "Success</h2></div><div class=\"govuk-notification-banner__content\">"
                "<p class=\"govuk-notification-banner__heading\">");
    html_text(h, arena_printf(req->arena, "Recorded for %s", period_words(req->arena, p)));
    html_lit(h, "</p></div></div>");
}

/* The measure's page, with the form sent back (t, errs) when there is one. */
static int measure_page(struct web_request *req, struct web_response *resp, int status,
                        const struct typed *t, const struct web_field_error *errs, size_t nerr)
{
    const char *key = web_param(req, "measure");
    struct paper_performance p;
    const struct perf_measure *pm;
    struct html *h;
    int rc;

    if ((rc = load(req, resp, key, &p)) > 1)
        return rc;
    if (rc == 1 || !(pm = find(&p, key)))
        return web_error(resp, 404, "There is no such measure in the register.");
    h = web_page_begin(req, resp, status,
                       nerr ? arena_printf(req->arena, "Error: %s", pm->m->name) : pm->m->name,
                       NAV_MEASURES);
    html_lit(h, "<a class=\"govuk-back-link\" href=\"/measures\">Measures</a>");
    web_error_summary(h, errs, nerr);
    recorded_banner(req, h);
    html_lit(h, "<span class=\"govuk-caption-l\">");
    html_text(h, arena_printf(req->arena, "Measure %s: %s", pm->number,
                              pm->m->priority && *pm->m->priority ? pm->m->priority
                                                                  : "No priority"));
    html_lit(h, "</span><h1 class=\"govuk-heading-l\">");
    html_text(h, pm->m->name);
    html_lit(h, "</h1><p class=\"govuk-body\">As of ");
    html_text(h, as_of_words(req->arena, &p));
    html_lit(h, ".</p>");
    key_facts(req, h, &p, pm);
    chart_section(req, h, pm);
    data_table(req, h, pm);
    exceptions(h, pm);
    narratives(req, h, pm);
    settings(req, h, pm);
    if (web_require(req, ROLE_EDITOR) == 0)
        entry_form(req, h, pm, t, errs, nerr);
    return web_page_end(req, resp);
}

int page_measure(struct web_request *req, struct web_response *resp)
{
    int rc;
    if ((rc = web_require(req, ROLE_VIEWER)))
        return rc;
    return measure_page(req, resp, 200, NULL, NULL, 0);
}

/* ---- the form ----------------------------------------------------------- */

/* A text area's text with its line ends as "\n", trimmed. */
static const char *text_field(struct web_request *req, const char *name)
{
    const char *s = view_trim(req->arena, web_form(req, name));
    char *out, *o;
    if (!s)
        return NULL;
    o = out = arena_alloc(req->arena, strlen(s) + 1);
    for (; *s; s++)
        if (*s != '\r')
            *o++ = *s;
        else if (s[1] != '\n')
            *o++ = '\n';
    *o = '\0';
    return out;
}

/* The measure the address names, read from the store. */
static int measure_of(struct web_request *req, struct web_response *resp, struct measure **m)
{
    const char *key = web_param(req, "measure");
    struct err e = {0};
    int rc = store_measure_find(req->store, key, req->arena, m, &e);

    if (rc == ERR_NOTFOUND && all_digits(key)) {
        struct measure **v;
        size_t n;
        if ((rc = store_measures_list(req->store, NULL, req->arena, &v, &n, &e)))
            return web_fail(req, resp, &e);
        for (size_t i = 0; i < n; i++)
            if (v[i]->id == strtoll(key, NULL, 10)) {
                *m = v[i];
                return 0;
            }
    }
    if (rc == ERR_NOTFOUND)
        return web_error(resp, 404, "There is no such measure in the register.");
    return rc ? web_fail(req, resp, &e) : 0;
}

/* The form's words for a problem the checks found (den: the denominator,
 * when the problem is the numerator's range). */
static struct web_field_error problem_error(struct web_request *req, const struct measure *m,
                                            const struct typed *t,
                                            const struct entry_problem *pr, double den,
                                            int narrative_only)
{
    int quarterly = m->frequency == MF_QUARTERLY;
    char d[40];

    switch (pr->kind) {
    case EP_PERIOD_FORM:
        if (!*t->period)
            return (struct web_field_error){"period", "Enter the period"};
        if (narrative_only)
            return (struct web_field_error){"period", "Enter the period as a month, like "
                                                      "2023-10, or a quarter, like 2023/24 Q3"};
        return (struct web_field_error){"period", quarterly ? "Enter the period as a quarter, "
                                                              "like 2023/24 Q3"
                                                            : "Enter the period as a month, "
                                                              "like 2023-10"};
    case EP_PERIOD_FIT:
        return (struct web_field_error){"period", quarterly
                                                      ? "This measure is quarterly: enter a "
                                                        "quarter for its value, like 2023/24 Q3"
                                                      : "This measure is monthly: enter a month "
                                                        "for its value, like 2023-10"};
    case EP_VALUE_FORM:
        return (struct web_field_error){"value", "Enter the value as a number, like 381"};
    case EP_DEN_FORM:
        return (struct web_field_error){"denominator",
                                        "Enter the denominator as a number above 0, like 1816"};
    case EP_DEN_UNIT:
        return (struct web_field_error){"denominator", "Only a percentage measure takes a "
                                                       "denominator: leave it empty"};
    default:
        return (struct web_field_error){
            "value", arena_printf(req->arena,
                                  "With a denominator the value is the numerator: enter a "
                                  "number from 0 to %s",
                                  measure_value_text(MU_COUNT, den, d, sizeof d))};
    }
}

/* The error summary lists the problems in the order of the fields. */
static void errors_in_form_order(struct web_field_error *errs, size_t n)
{
    static const char *const order[] = {"period", "value", "denominator", "reasons", "response"};
    size_t k = 0;
    for (size_t f = 0; f < sizeof order / sizeof *order; f++)
        for (size_t i = k; i < n; i++)
            if (strcmp(errs[i].field, order[f]) == 0) {
                struct web_field_error x = errs[i];
                memmove(&errs[k + 1], &errs[k], (i - k) * sizeof *errs);
                errs[k++] = x;
            }
}

int page_measure_observe(struct web_request *req, struct web_response *resp)
{
    struct typed t;
    struct measure *m;
    struct observation o;
    struct narrative nv;
    struct entry_problem probs[ENTRY_MAX_PROBLEMS];
    struct web_field_error errs[8];
    size_t nerr = 0, np;
    struct err e = {0};
    int rc, has_value, has_den, has_text;
    const char *period;

    if ((rc = web_require(req, ROLE_EDITOR)))
        return rc;
    if ((rc = measure_of(req, resp, &m)))
        return rc;
    t.period = view_trim(req->arena, web_form(req, "period"));
    t.value = view_trim(req->arena, web_form(req, "value"));
    t.denominator = view_trim(req->arena, web_form(req, "denominator"));
    t.reasons = text_field(req, "reasons");
    t.response = text_field(req, "response");
    if (!t.period)
        t.period = "";
    has_value = t.value && *t.value;
    has_den = t.denominator && *t.denominator;
    has_text = (t.reasons && *t.reasons) || (t.response && *t.response);

    if (has_value) {
        np = entry_observation_check(m, t.period, t.value, has_den ? t.denominator : NULL,
                                     req->arena, &o, probs);
        for (size_t i = 0; i < np; i++)
            errs[nerr++] = problem_error(req, m, &t, &probs[i], o.denominator, 0);
    } else if (has_den) {
        errs[nerr++] = (struct web_field_error){"value", "Enter the value (the numerator) the "
                                                         "denominator goes with"};
    } else if (!has_text) {
        errs[nerr++] = (struct web_field_error){"value", "Enter the value, or the reasons or "
                                                         "the response"};
    }
    if (has_text && !view_error_for(errs, nerr, "period") &&
        entry_narrative_check(m, t.period, req->arena, &nv, probs))
        errs[nerr++] = problem_error(req, m, &t, &probs[0], NAN, !has_value);
    if (!*t.period && !view_error_for(errs, nerr, "period"))
        errs[nerr++] = (struct web_field_error){"period", "Enter the period"};
    if (t.reasons && strlen(t.reasons) > NARRATIVE_MAX)
        errs[nerr++] = (struct web_field_error){"reasons", "The reasons must be 20,000 "
                                                           "characters or fewer"};
    if (t.response && strlen(t.response) > NARRATIVE_MAX)
        errs[nerr++] = (struct web_field_error){"response", "The response must be 20,000 "
                                                            "characters or fewer"};
    if (nerr) {
        errors_in_form_order(errs, nerr);
        return measure_page(req, resp, 400, &t, errs, nerr);
    }

    if (has_value && (rc = entry_observation_record(req->store, m, &o, req->arena, NULL, &e)))
        return web_fail(req, resp, &e);
    if (has_text) {
        nv.reasons = t.reasons && *t.reasons ? t.reasons : NULL;
        nv.response = t.response && *t.response ? t.response : NULL;
        if ((rc = entry_narrative_record(req->store, &nv, req->arena, &e)))
            return web_fail(req, resp, &e);
    }
    period = has_value ? o.period : nv.period;
    return web_redirect(resp, arena_printf(req->arena, "%s?recorded=%s",
                                           measure_href(req->arena, m, ""),
                                           view_urlenc(req->arena, period)));
}
