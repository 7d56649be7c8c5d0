/* test_web_measures.c -- the performance measures' pages, driven through the
 * application with its real routing table and no server, over the
 * demonstration register's measures (the demo directory's files) with a
 * hostile measure added: the list shows every measure under its priority
 * with its direction of travel in words as well as an arrow; a measure's
 * page has its control chart and its data table, narratives and settings;
 * the form that records a value is refused to a viewer and a board member
 * (403, nothing written), refuses bad input with 400 and its reasons
 * (nothing written), and records good input as `oversight observe` and
 * `oversight narrate` do, then redirects; hostile strings come out escaped;
 * the performance paper is on the papers page, and its downloads are the
 * bytes `oversight report performance` writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/date.h"
#include "cli/cli.h"
#include "domain/measures.h"
#include "format/html.h"
#include "service/import.h"
#include "service/users.h"
#include "store/users.h"
#include "web/app.h"
#include "web/pages.h"
#include "web/router.h"

#include "web_fixture.h"

#define COMMITTEE "Strategic Planning and Performance Committee"
#define HOSTILE_NAME "<script>m(\"x\")</script> & a/b"
#define HOSTILE_HREF "/measures/%3Cscript%3Em%28%22x%22%29%3C%2Fscript%3E%20%26%20a%2Fb"
#define HOSTILE_PRIORITY "<u>prio</u> & co"
#define NC "/measures/Reduce%20Neighbourhood%20Crime"
#define RATE "/measures/City%20of%20London%20Police%20positive%20outcome%20rate%20remains%20" \
             "above%20the%20national%20average"
#define FRAUD "/measures/Increase%20the%20number%20of%20positive%20outcomes%20recorded%20in%20" \
              "relation%20to%20fraud%20nationally"

/* ---- the register ------------------------------------------------------- */

/* A measure whose every text is markup, charted over six months. */
static void add_hostile(struct store *s)
{
    static const char *const months[] = {"2023-07", "2023-08", "2023-09",
                                         "2023-10", "2023-11", "2023-12"};
    static const double values[] = {10, 12, 11, 14, 13, 15};
    struct measure m = {0};
    struct narrative nv = {0};
    struct err e = {0};

    m.name = HOSTILE_NAME;
    m.priority = HOSTILE_PRIORITY;
    m.unit = MU_COUNT;
    m.improvement = MI_UP;
    m.frequency = MF_MONTHLY;
    m.target = NAN;
    m.limits = NAN;
    m.rebases = "4:<b>rebased</b>";
    m.annotations = "2023-10:<img src=x onerror=y()>";
    m.numerator_label = "<i>n</i>";
    assert_int_equal(store_measure_put(s, &m, &e), 0);
    for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
        struct observation o = {0};
        o.measure_id = m.id;
        o.period = months[i];
        o.value = values[i];
        o.denominator = NAN;
        assert_int_equal(store_observation_put(s, &o, &e), 0);
    }
    nv.measure_id = m.id;
    nv.period = "2023/24 Q3";
    nv.reasons = "<script>r()</script>";
    nv.response = "<img src=z>";
    assert_int_equal(store_narrative_put(s, &nv, &e), 0);
}

static int setup(void **state)
{
    struct web_fixture *f = calloc(1, sizeof *f);
    struct store *s;
    struct err e = {0};
    struct arena a;
    static const char *const points[] = {"2023-11-23", "2024-02-22"};

    setenv("TZ", "Europe/London", 1);
    setenv("OVERSIGHT_TODAY", "2024-02-22", 1);
    arena_init(&a);
    s = wf_register_create(f, "oversight-measures", "admin");
    assert_int_equal(store_setting_set(s, "org", "City of London Police", &e), 0);
    assert_int_equal(store_setting_set(s, "committee", COMMITTEE, &e), 0);
    wf_import_demo(s, EXPORT_MEASURES, "measures.csv", &a);
    wf_import_demo(s, EXPORT_OBSERVATIONS, "observations.csv", &a);
    wf_import_demo(s, EXPORT_NARRATIVES, "narratives.csv", &a);
    for (size_t i = 0; i < sizeof points / sizeof *points; i++) {
        struct point p = {0};
        assert_int_equal(date_parse(points[i], 10, &p.date), 0);
        p.committee = COMMITTEE;
        assert_int_equal(store_point_add(s, &p, &e), 0);
    }
    add_hostile(s);
    wf_add_user(s, "admin", ROLE_ADMIN, MK_NONE, NULL, NULL);
    wf_add_user(s, "ed", ROLE_EDITOR, MK_NONE, NULL, NULL);
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    wf_add_user(s, "bo", ROLE_BOARD, MK_NONE, NULL, NULL);
    wf_app_start(f, s, NULL, 0);
    arena_release(&a);
    *state = f;
    return 0;
}

/* ---- requests ------------------------------------------------------------ */

/* The page's text from the first occurrence of from to the next until
 * (both included), or fails. */
static char *between(const struct web_call *c, const char *from, const char *until)
{
    const char *p = strstr(wf_body(c), from), *q;
    if (!p)
        fail_msg("%s is not on the page", from);
    q = strstr(p, until);
    if (!q)
        fail_msg("no %s after %s", until, from);
    return strndup(p, (size_t)(q - p) + strlen(until));
}

static void has(const char *text, const char *want)
{
    if (!strstr(text, want))
        fail_msg("looking for:\n%s\nin:\n%.2000s", want, text);
}

/* ---- reading the register another way ----------------------------------- */

/* What the register holds for a measure: how many periods have a value and
 * narratives, the change number of its latest row, and a period's value and
 * denominator (NAN: none) and narrative. */
struct held {
    size_t nobs, nnarr;
    int64_t last_seq;
    double value, den;
    char reasons[256], response[256];
};

static void held(struct web_fixture *f, const char *name, const char *period, struct held *out)
{
    struct store *s = wf_store_read(f->path);
    struct arena a;
    struct measure *m;
    struct observation **obs;
    struct narrative **nv;
    struct err e = {0};

    memset(out, 0, sizeof *out);
    out->value = out->den = NAN;
    arena_init(&a);
    assert_int_equal(store_measure_find(s, name, &a, &m, &e), 0);
    assert_int_equal(store_observations_of(s, m->id, NULL, &a, &obs, &out->nobs, &e), 0);
    assert_int_equal(store_narratives_of(s, m->id, NULL, &a, &nv, &out->nnarr, &e), 0);
    for (size_t i = 0; i < out->nobs; i++) {
        out->last_seq = obs[i]->seq > out->last_seq ? obs[i]->seq : out->last_seq;
        if (period && strcmp(obs[i]->period, period) == 0)
            out->value = obs[i]->value, out->den = obs[i]->denominator;
    }
    for (size_t i = 0; i < out->nnarr; i++) {
        out->last_seq = nv[i]->seq > out->last_seq ? nv[i]->seq : out->last_seq;
        if (period && strcmp(nv[i]->period, period) == 0) {
            snprintf(out->reasons, sizeof out->reasons, "%s",
                     nv[i]->reasons ? nv[i]->reasons : "");
            snprintf(out->response, sizeof out->response, "%s",
                     nv[i]->response ? nv[i]->response : "");
        }
    }
    arena_release(&a);
    wf_store_done(s);
}

static int64_t measure_id(struct web_fixture *f, const char *name)
{
    struct store *s = wf_store_read(f->path);
    struct arena a;
    struct measure *m;
    struct err e = {0};
    int64_t id;
    arena_init(&a);
    assert_int_equal(store_measure_find(s, name, &a, &m, &e), 0);
    id = m->id;
    arena_release(&a);
    wf_store_done(s);
    return id;
}

/* ---- the tests ----------------------------------------------------------- */

/* Every measure of the demonstration register, under its priority, with its
 * latest value and its direction of travel: arrow and words. */
static void test_list_shows_every_measure_with_its_arrow(void **state)
{
    struct web_fixture *f = *state;
    char cookie[128], csrf[64];
    static const struct {
        const char *href, *cells;
    } rows[] = {
        {NC, "<td class=\"govuk-table__cell govuk-table__cell--numeric\">149</td>"
             "<td class=\"govuk-table__cell app-nowrap\">December 2023</td>"
             "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--orange\">"
             "<span aria-hidden=\"true\">\xe2\x86\x91 </span><span class=\"govuk-visually-hidden\">"
             "up, </span>Within tolerance<span class=\"govuk-visually-hidden\"> (amber)</span>"
             "</strong>"},
        {"/measures/Reduce%20Violent%20Crime",
         ">175</td><td class=\"govuk-table__cell app-nowrap\">December 2023</td>"
         "<td class=\"govuk-table__cell\"><strong class=\"govuk-tag govuk-tag--red\">"
         "<span aria-hidden=\"true\">\xe2\x86\x91 </span><span class=\"govuk-visually-hidden\">"
         "up, </span>Concern<span class=\"govuk-visually-hidden\"> (red)</span></strong>"
         "<p class=\"govuk-body-s app-secondary govuk-!-margin-top-1 govuk-!-margin-bottom-0\">"
         "an increasing trend that is negative</p>"},
        {RATE, ">25.4%<br/><span class=\"govuk-body-s app-secondary app-nowrap\">155 of 610"
               "</span></td>"},
        {RATE, "<span class=\"govuk-visually-hidden\">up, </span>Improvement"
               "<span class=\"govuk-visually-hidden\"> (green)</span>"},
        {"/measures/Reduce%20Anti-social%20Behaviour%20%28ASB%29%20incidents",
         "<span aria-hidden=\"true\">\xe2\x86\x93 </span><span class=\"govuk-visually-hidden\">"
         "down, </span>Improvement<span class=\"govuk-visually-hidden\"> (green)</span>"},
        {FRAUD, ">1,196</td><td class=\"govuk-table__cell app-nowrap\">Q3 2023/24</td>"},
        {"/measures/The%20public%20feel%20safe",
         "<span class=\"app-secondary\">Too few points for a direction of travel</span>"},
    };
    struct store *s;
    struct arena a;
    struct measure **ms;
    size_t nm, arrows = 0, too_few = 0;
    struct err e = {0};
    struct web_call *c;

    wf_sign_in(f, "vi", cookie, sizeof cookie, csrf);
    c = wf_get(f, "/measures", cookie);
    assert_int_equal(c->resp.status, 200);
    assert_string_equal(c->resp.content_type, "text/html; charset=utf-8");
    has(wf_body(c), "<h1 class=\"govuk-heading-l\">Measures</h1>");
    has(wf_body(c), "as of December 2023 (the end of Q3 2023/24)");
    /* the navigation leads here, and says so */
    has(wf_body(c), "<a class=\"govuk-service-navigation__link\" aria-current=\"page\" "
                 "href=\"/measures\">");
    /* the priorities, numbered as the paper numbers them */
    has(wf_body(c), ">1. Keep those who live, work and visit the city safe and feeling safe"
                 "</caption>");
    has(wf_body(c), ">2. Protect the UK from the threat of economic and cybercrime</caption>");
    has(wf_body(c), ">6. Efficiency &amp; Effectiveness</caption>");
    has(wf_body(c), ">7. &lt;u&gt;prio&lt;/u&gt; &amp; co</caption>");

    /* every measure in the register has its row, a link, and an arrow with
     * words or the reason it has none */
    s = wf_store_read(f->path);
    arena_init(&a);
    assert_int_equal(store_measures_list(s, NULL, &a, &ms, &nm, &e), 0);
    assert_int_equal(nm, 15);
    for (size_t i = 0; i < nm; i++) {
        char from[512], *row;
        struct buf enc;
        buf_init(&enc, 4096);
        assert_int_equal(html_urlenc(&enc, ms[i]->name), 0);
        snprintf(from, sizeof from, "href=\"/measures/%s\">", buf_str(&enc));
        buf_release(&enc);
        row = between(c, from, "</tr>");
        if (strstr(row, "<span aria-hidden=\"true\">")) {
            /* never colour alone: the words say the arrow and the colour */
            assert_true(strstr(row, "<span class=\"govuk-visually-hidden\">up, </span>") ||
                        strstr(row, "<span class=\"govuk-visually-hidden\">down, </span>") ||
                        strstr(row, "<span class=\"govuk-visually-hidden\">right, </span>"));
            assert_true(strstr(row, " (green)</span>") || strstr(row, " (amber)</span>") ||
                        strstr(row, " (red)</span>"));
            arrows++;
        } else {
            has(row, "Too few points");
            too_few++;
        }
        free(row);
    }
    arena_release(&a);
    wf_store_done(s);
    assert_int_equal(arrows, 13);
    assert_int_equal(too_few, 2);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char from[512], *row;
        snprintf(from, sizeof from, "href=\"%s\">", rows[i].href);
        row = between(c, from, "</tr>");
        has(row, rows[i].cells);
        free(row);
    }
    /* the legend gives every arrow's meaning in words */
    has(wf_body(c), "<span class=\"govuk-visually-hidden\">down, </span>Concern<span "
                 "class=\"govuk-visually-hidden\"> (red)</span></strong></td>"
                 "<td class=\"govuk-table__cell\">a decrease in performance</td>");
    wf_done(c);
    /* as of an earlier quarter: its figures, and links to the measures then */
    c = wf_get(f, "/measures?as_of=2023%2F24%20Q2", cookie);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "as of September 2023 (the end of Q2 2023/24)");
    has(wf_body(c), "href=\"" NC "?as_of=2023%2F24%20Q2\">");
    has(wf_body(c), "<td class=\"govuk-table__cell app-nowrap\">September 2023</td>");
    assert_null(strstr(wf_body(c), "December 2023"));
    wf_done(c);
    c = wf_get(f, "/measures?as_of=someday", cookie);
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
}

/* A measure's page: the chart (inline SVG), the data beside it as a table,
 * the exceptions, the narrative of each period and the settings; by name or
 * by id; a viewer is offered no form. */
static void test_measure_page_has_chart_and_data(void **state)
{
    struct web_fixture *f = *state;
    char vi[128], ed[128], csrf[64], path[64], *part;
    struct web_call *c;

    wf_sign_in(f, "vi", vi, sizeof vi, csrf);
    wf_sign_in(f, "ed", ed, sizeof ed, csrf);
    c = wf_get(f, NC, vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "<title>Reduce Neighbourhood Crime – oversight</title>");
    has(wf_body(c), "<span class=\"govuk-caption-l\">Measure 1.1: Keep those who live, work and "
                 "visit the city safe and feeling safe</span><h1 class=\"govuk-heading-l\">"
                 "Reduce Neighbourhood Crime</h1>");
    /* key facts */
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Latest value</dt><dd "
                 "class=\"govuk-summary-list__value\">149, December 2023</dd>");
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Q3 2023/24</dt><dd "
                 "class=\"govuk-summary-list__value\">409<p class=\"govuk-body-s app-secondary "
                 "govuk-!-margin-top-1 govuk-!-margin-bottom-0\">Change on Q2 2023/24: increased "
                 "by 10% (+38)</p>");
    /* the chart, sanitised SVG with its text alternative */
    part = between(c, "<figure class=\"app-chart\">", "</figure>");
    has(part, "<svg");
    has(part, "role=\"img\"");
    has(part, "<title id=\"measure-title\">Reduce Neighbourhood Crime</title>");
    has(part, "mean 142.9");
    has(part, "Upper limit 159.0");
    has(part, "Christmas campaign launched");
    assert_null(strstr(part, "<script"));
    free(part);
    /* the data table: every point with its mean, limits, variation and rules */
    has(wf_body(c), "(33 points)</caption>");
    has(wf_body(c), "<th scope=\"col\" class=\"govuk-table__header\">Period</th>"
                 "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">"
                 "Value</th><th scope=\"col\" class=\"govuk-table__header "
                 "govuk-table__header--numeric\">Mean</th>");
    has(wf_body(c), "<th scope=\"row\" class=\"govuk-table__header app-nowrap\">April 2021</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">125</td>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">142.9</td>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">126.9</td>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">159</td>"
                 "<td class=\"govuk-table__cell\">Special cause improvement</td>"
                 "<td class=\"govuk-table__cell\">beyond a limit</td></tr>");
    has(wf_body(c), "<th scope=\"row\" class=\"govuk-table__header app-nowrap\">December 2021</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">162</td>");
    has(wf_body(c), ">Special cause concern</td><td class=\"govuk-table__cell\">beyond a limit</td>");
    has(wf_body(c), "<th scope=\"row\" class=\"govuk-table__header app-nowrap\">December 2023</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">149</td>");
    /* the exceptions, the narrative, the settings */
    has(wf_body(c), "<li>July 2023: below the lower process limit (beyond a limit): "
                 "improvement</li>");
    has(wf_body(c), "<h3 class=\"govuk-heading-s\">Q3 2023/24</h3>");
    has(wf_body(c), "<p class=\"govuk-body\">Neighbourhood crime has increased by 10% (+38) from "
                 "Q2 to Q3.");
    has(wf_body(c), ">Response</h4>");
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Improvement direction</dt><dd "
                 "class=\"govuk-summary-list__value\">Down: lower is better</dd>");
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Process limits</dt><dd "
                 "class=\"govuk-summary-list__value\">At 2σ (standard deviations) from the "
                 "mean</dd>");
    has(wf_body(c), "<li>November 2023: Christmas campaign launched</li>");
    /* a viewer reads; only an editor is offered the form */
    assert_null(strstr(wf_body(c), "/observations\""));
    wf_done(c);
    c = wf_get(f, NC, ed);
    has(wf_body(c), "<form method=\"post\" novalidate=\"novalidate\" action=\"" NC
                 "/observations\">");
    has(wf_body(c), "value=\"2024-01\"");       /* the period after the last */
    assert_null(strstr(wf_body(c), "id=\"denominator\"")); /* a count takes none */
    wf_done(c);

    /* a p-chart: numerator and denominator columns, under their labels */
    c = wf_get(f, RATE, vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), ">Positive outcomes</th><th scope=\"col\" class=\"govuk-table__header "
                 "govuk-table__header--numeric\">Crimes recorded</th>");
    has(wf_body(c), "A p-chart (a rate with denominators) with the process limits at 2σ.");
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Assurance against the target</dt><dd "
                 "class=\"govuk-summary-list__value\">Consistently passing</dd>");
    wf_done(c);
    c = wf_get(f, RATE, ed);
    has(wf_body(c), "id=\"denominator\"");
    wf_done(c);

    /* by id, the same page */
    snprintf(path, sizeof path, "/measures/%lld",
             (long long)measure_id(f, "Reduce Neighbourhood Crime"));
    c = wf_get(f, path, vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "<h1 class=\"govuk-heading-l\">Reduce Neighbourhood Crime</h1>");
    wf_done(c);
    /* a quarterly measure, as of an earlier quarter */
    c = wf_get(f, FRAUD "?as_of=2023%2F24%20Q2", vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "As of September 2023 (the end of Q2 2023/24).");
    wf_done(c);
    /* a measure whose values end earlier: as of its own latest quarter */
    c = wf_get(f, "/measures/City%20of%20London%20Police%20recruitment%20activity%20is%20improving"
               "%20how%20well%20its%20workforce%20reflects%20the%20communities%20it%20serves",
            vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "As of September 2023 (the end of Q2 2023/24).");
    wf_done(c);
    c = wf_get(f, "/measures/No%20such%20measure", vi);
    assert_int_equal(c->resp.status, 404);
    has(wf_body(c), "There is no such measure in the register.");
    wf_done(c);
    c = wf_get(f, NC "?as_of=soon", vi);
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
}

/* A viewer, a board member, and a post without its CSRF token are refused
 * before anything is read or written. */
static void test_form_refuses_those_who_may_not(void **state)
{
    struct web_fixture *f = *state;
    char vi[128], bo[128], ed[128], csrf_vi[64], csrf_bo[64], csrf_ed[64], b[512];
    struct held before, after;
    struct web_call *c;

    wf_sign_in(f, "vi", vi, sizeof vi, csrf_vi);
    wf_sign_in(f, "bo", bo, sizeof bo, csrf_bo);
    wf_sign_in(f, "ed", ed, sizeof ed, csrf_ed);
    held(f, "Reduce Neighbourhood Crime", "2024-01", &before);
    snprintf(b, sizeof b, "csrf=%s&period=2024-01&value=150&reasons=Mine", csrf_vi);
    c = wf_post(f, NC "/observations", vi, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    snprintf(b, sizeof b, "csrf=%s&period=2024-01&value=150&reasons=Mine", csrf_bo);
    c = wf_post(f, NC "/observations", bo, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    /* not even the measure's existence is told */
    snprintf(b, sizeof b, "csrf=%s&period=2024-01&value=150", csrf_vi);
    c = wf_post(f, "/measures/nothing/observations", vi, b);
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    c = wf_post(f, NC "/observations", ed, "period=2024-01&value=150");
    assert_int_equal(c->resp.status, 403);
    wf_done(c);
    held(f, "Reduce Neighbourhood Crime", "2024-01", &after);
    assert_int_equal(after.nobs, before.nobs);
    assert_int_equal(after.nnarr, before.nnarr);
    assert_int_equal(after.last_seq, before.last_seq);
    assert_true(isnan(after.value));
}

/* Bad input: 400, the GOV.UK error summary linking each message to its
 * field, what was typed kept, and nothing written. */
static void test_bad_input_gives_400_and_writes_nothing(void **state)
{
    struct web_fixture *f = *state;
    char ed[128], csrf[64], b[1024];
    static const struct {
        const char *path, *form, *errors[3];
    } cases[] = {
        {NC, "period=2024-13&value=lots",
         {"<a href=\"#period\">Enter the period as a month, like 2023-10</a>",
          "<a href=\"#value\">Enter the value as a number, like 381</a>"}},
        {NC, "period=&value=150", {"<a href=\"#period\">Enter the period</a>"}},
        {NC, "period=&value=",
         {"<li><a href=\"#period\">Enter the period</a></li><li><a href=\"#value\">Enter "
          "the value, or the reasons or the response</a></li>"}},
        {NC, "period=2023%2F24+Q4&value=150",
         {"<a href=\"#period\">This measure is monthly: enter a month for its value, like "
          "2023-10</a>"}},
        {NC, "period=2024-01&value=&reasons=&response=",
         {"<a href=\"#value\">Enter the value, or the reasons or the response</a>"}},
        {NC, "period=2024-01&value=150&denominator=600",
         {"<a href=\"#denominator\">Only a percentage measure takes a denominator: leave it "
          "empty</a>"}},
        {NC, "period=Q9&reasons=Why",
         {"<a href=\"#period\">Enter the period as a month, like 2023-10, or a quarter, like "
          "2023/24 Q3</a>"}},
        {RATE, "period=2024-01&value=700&denominator=600",
         {"<a href=\"#value\">With a denominator the value is the numerator: enter a number "
          "from 0 to 600</a>"}},
        {RATE, "period=2024-01&value=100&denominator=0",
         {"<a href=\"#denominator\">Enter the denominator as a number above 0, like 1816</a>"}},
        {RATE, "period=2024-01&denominator=600",
         {"<a href=\"#value\">Enter the value (the numerator) the denominator goes with</a>"}},
        {FRAUD, "period=2024-01&value=1500",
         {"<a href=\"#period\">This measure is quarterly: enter a quarter for its value, like "
          "2023/24 Q3</a>"}},
    };
    static const char *const names[] = {"Reduce Neighbourhood Crime",
                                        "City of London Police positive outcome rate remains "
                                        "above the national average",
                                        "Increase the number of positive outcomes recorded in "
                                        "relation to fraud nationally"};
    struct held before[3], after;

    wf_sign_in(f, "ed", ed, sizeof ed, csrf);
    for (size_t k = 0; k < 3; k++)
        held(f, names[k], NULL, &before[k]);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char target[512];
        struct web_call *c;
        size_t nerr = 0;
        snprintf(target, sizeof target, "%s/observations", cases[i].path);
        snprintf(b, sizeof b, "csrf=%s&%s", csrf, cases[i].form);
        c = wf_post(f, target, ed, b);
        if (c->resp.status != 400)
            fail_msg("%s: %d, not 400", cases[i].form, c->resp.status);
        has(wf_body(c), "<title>Error: ");
        has(wf_body(c), "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>");
        for (size_t k = 0; k < 3 && cases[i].errors[k]; k++) {
            has(wf_body(c), cases[i].errors[k]);
            for (const char *q = cases[i].errors[k]; (q = strstr(q, "<a href=")); q++)
                nerr++;
        }
        /* no more errors than those, in the order of the fields */
        {
            const char *p = strstr(wf_body(c), "govuk-error-summary__list");
            const char *end = p ? strstr(p, "</ul>") : NULL;
            size_t n = 0;
            for (const char *q = p; q && q < end && (q = strstr(q + 1, "<li>")) && q < end;)
                n++;
            assert_int_equal(n, nerr);
        }
        /* the message beside its field too */
        has(wf_body(c), "<p class=\"govuk-error-message\"");
        wf_done(c);
    }
    /* what was typed comes back */
    snprintf(b, sizeof b, "csrf=%s&period=2024-13&value=lots&reasons=Kept+reasons", csrf);
    {
        struct web_call *c = wf_post(f, NC "/observations", ed, b);
        assert_int_equal(c->resp.status, 400);
        has(wf_body(c), "class=\"govuk-input govuk-input--width-10 govuk-input--error\" id=\"period\" "
                     "name=\"period\" type=\"text\" autocomplete=\"off\" spellcheck=\"false\" "
                     "value=\"2024-13\"");
        has(wf_body(c), "value=\"lots\"");
        has(wf_body(c), ">Kept reasons</textarea>");
        wf_done(c);
    }
    for (size_t k = 0; k < 3; k++) {
        held(f, names[k], NULL, &after);
        assert_int_equal(after.nobs, before[k].nobs);
        assert_int_equal(after.nnarr, before[k].nnarr);
        assert_int_equal(after.last_seq, before[k].last_seq);
    }
}

/* Markup typed anywhere comes out as text. */
static void test_hostile_strings_are_escaped(void **state)
{
    struct web_fixture *f = *state;
    char ed[128], csrf[64], b[512];
    static const char *const raw[] = {"<script>m(", "<u>prio", "<i>n</i>", "<b>rebased",
                                      "<img src=x", "<script>r()", "<img src=z", "<script>v()"};
    const char *pages[] = {"/measures", HOSTILE_HREF, "/papers/performance", NULL};
    struct web_call *c;
    size_t seen = 0;

    wf_sign_in(f, "ed", ed, sizeof ed, csrf);
    for (size_t i = 0; i <= 3; i++) {
        if (pages[i])
            c = wf_get(f, pages[i], ed);
        else {
            snprintf(b, sizeof b,
                     "csrf=%s&period=%%3Cscript%%3Ev()&value=%%3Cscript%%3Ev()&reasons=%%3C"
                     "script%%3Ev()",
                     csrf);
            c = wf_post(f, HOSTILE_HREF "/observations", ed, b);
            assert_int_equal(c->resp.status, 400);
        }
        if (pages[i] && c->resp.status != 200)
            fail_msg("GET %s: %d", pages[i], c->resp.status);
        for (size_t k = 0; k < sizeof raw / sizeof *raw; k++)
            if (strstr(wf_body(c), raw[k]))
                fail_msg("%s: %s is not escaped", pages[i] ? pages[i] : "POST", raw[k]);
        seen += strstr(wf_body(c), "&lt;script&gt;m(&quot;x&quot;)&lt;/script&gt; &amp; a/b") ||
                strstr(wf_body(c), "&lt;script&gt;m(\"x\")&lt;/script&gt; &amp; a/b");
        wf_done(c);
    }
    assert_int_equal(seen, 4);
    /* and on the measure's own page every one of them was there to escape */
    c = wf_get(f, HOSTILE_HREF, ed);
    has(wf_body(c), "&lt;u&gt;prio&lt;/u&gt; &amp; co");
    has(wf_body(c), "&lt;i&gt;n&lt;/i&gt;");
    has(wf_body(c), "Rebase: &lt;b&gt;rebased&lt;/b&gt;");
    has(wf_body(c), "October 2023: &lt;img src=x onerror=y()&gt;");
    has(wf_body(c), "<p class=\"govuk-body\">&lt;script&gt;r()&lt;/script&gt;</p>");
    has(wf_body(c), "<p class=\"govuk-body\">&lt;img src=z&gt;</p>");
    /* its form posts to its encoded address */
    has(wf_body(c), "action=\"" HOSTILE_HREF "/observations\"");
    wf_done(c);
}

/* The performance paper among the papers, on screen and as downloads: the
 * very bytes `oversight report performance` writes. */
static void test_performance_paper(void **state)
{
    struct web_fixture *f = *state;
    char vi[128], csrf[64];
    static const struct {
        const char *ext, *type;
    } formats[] = {
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"csv", "text/csv; charset=utf-8"},
        {"md", "text/markdown; charset=utf-8"},
        {"html", "text/html; charset=utf-8"},
        {"json", "application/json"},
    };
    struct web_call *c;

    wf_sign_in(f, "vi", vi, sizeof vi, csrf);
    c = wf_get(f, "/papers", vi);
    has(wf_body(c), "<a class=\"govuk-link\" href=\"/papers/performance\">Performance report</a>");
    wf_done(c);
    c = wf_get(f, "/papers/performance", vi);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "<a class=\"moj-sub-navigation__link\" aria-current=\"page\" "
                 "href=\"/papers/performance\">Performance report</a>");
    has(wf_body(c), "value=\"2023/24 Q3\"");
    has(wf_body(c), "<article class=\"paper\">");
    has(wf_body(c), "Q3 Policing Plan Performance 2023/24");
    has(wf_body(c), "href=\"/papers/performance.docx?as_of=2023%2F24%20Q3\"");
    wf_done(c);
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        char target[256], disp[128], fmt[8], *want;
        char *argv[] = {"report", "performance", "--as-of", "2023/24 Q2", "--format", fmt, NULL};
        size_t len;
        snprintf(fmt, sizeof fmt, "%s", formats[k].ext);
        snprintf(target, sizeof target, "/papers/performance.%s?as_of=2023%%2F24%%20Q2",
                 formats[k].ext);
        c = wf_get(f, target, vi);
        if (c->resp.status != 200)
            fail_msg("GET %s: %d", target, c->resp.status);
        assert_string_equal(c->resp.content_type, formats[k].type);
        snprintf(disp, sizeof disp, "attachment; filename=\"performance-2023-24-q2.%s\"",
                 formats[k].ext);
        assert_string_equal(wf_header(c, "Content-Disposition"), disp);
        want = wf_report_bytes(f->path, &len, 6, argv);
        if (c->resp.body.len != len || memcmp(c->resp.body.p, want, len) != 0)
            fail_msg("GET %s: %zu bytes differ from oversight report's %zu", target,
                     c->resp.body.len, len);
        free(want);
        wf_done(c);
    }
    c = wf_get(f, "/papers/performance?as_of=later", vi);
    assert_int_equal(c->resp.status, 400);
    wf_done(c);
}

/* A register without measures: the pages say so, and there is nothing to
 * download. */
static void test_no_measures(void **state)
{
    struct web_fixture g = {0};
    char cookie[128], csrf[64];
    struct store *s;
    struct web_call *c;
    (void)state;

    s = wf_register_create(&g, "oversight-measures", "admin");
    wf_add_user(s, "vi", ROLE_VIEWER, MK_NONE, NULL, NULL);
    wf_app_start(&g, s, NULL, 0);
    wf_sign_in(&g, "vi", cookie, sizeof cookie, csrf);
    c = wf_get(&g, "/measures", cookie);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "There are no performance measures in the register yet.");
    wf_done(c);
    c = wf_get(&g, "/papers/performance", cookie);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "There are no performance measures in the register yet");
    wf_done(c);
    c = wf_get(&g, "/papers/performance.docx", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    c = wf_get(&g, "/measures/1", cookie);
    assert_int_equal(c->resp.status, 404);
    wf_done(c);
    wf_app_stop(&g);
}

/* Good input is recorded as the command line records it and redirects to
 * the measure's page, which shows it; runs last, as it changes the
 * register the others read. */
static void test_good_input_is_recorded_and_redirects(void **state)
{
    struct web_fixture *f = *state;
    char ed[128], csrf[64], b[1024];
    struct held before, after;
    struct web_call *c;

    wf_sign_in(f, "ed", ed, sizeof ed, csrf);
    /* a value */
    held(f, "Reduce Neighbourhood Crime", "2024-01", &before);
    snprintf(b, sizeof b, "csrf=%s&period=+January+2024+&value=1%%2C150", csrf);
    c = wf_post(f, NC "/observations", ed, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), NC "?recorded=2024-01");
    wf_done(c);
    held(f, "Reduce Neighbourhood Crime", "2024-01", &after);
    assert_int_equal(after.nobs, before.nobs + 1);
    assert_int_equal(after.nnarr, before.nnarr);
    assert_true(after.value == 1150);
    assert_true(isnan(after.den));
    c = wf_get(f, NC "?recorded=2024-01", ed);
    assert_int_equal(c->resp.status, 200);
    has(wf_body(c), "<p class=\"govuk-notification-banner__heading\">Recorded for January "
                 "2024</p>");
    has(wf_body(c), "As of January 2024.");
    has(wf_body(c), "<th scope=\"row\" class=\"govuk-table__header app-nowrap\">January 2024</th>"
                 "<td class=\"govuk-table__cell govuk-table__cell--numeric\">1,150</td>");
    wf_done(c);
    /* corrected: the latest counts */
    snprintf(b, sizeof b, "csrf=%s&period=2024-01&value=151", csrf);
    c = wf_post(f, NC "/observations", ed, b);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    held(f, "Reduce Neighbourhood Crime", "2024-01", &after);
    assert_int_equal(after.nobs, before.nobs + 1);
    assert_true(after.value == 151);
    c = wf_get(f, "/measures", ed);
    has(wf_body(c), "as of January 2024:");
    wf_done(c);
    /* a quarterly measure's page stays with its own last quarter */
    c = wf_get(f, FRAUD, ed);
    has(wf_body(c), "As of December 2023 (the end of Q3 2023/24).");
    has(wf_body(c), "<dt class=\"govuk-summary-list__key\">Q3 2023/24</dt>");
    wf_done(c);

    /* a numerator and denominator, with the month's reasons; lines kept */
    snprintf(b, sizeof b,
             "csrf=%s&period=2024-01&value=160&denominator=600&reasons=First%%0D%%0ASecond",
             csrf);
    c = wf_post(f, RATE "/observations", ed, b);
    assert_int_equal(c->resp.status, 303);
    wf_done(c);
    held(f, "City of London Police positive outcome rate remains above the national average",
         "2024-01", &after);
    assert_true(after.value == 160 && after.den == 600);
    assert_string_equal(after.reasons, "First\nSecond");
    assert_string_equal(after.response, "");
    c = wf_get(f, RATE, ed);
    has(wf_body(c), "26.7% (160 of 600), January 2024");
    has(wf_body(c), "<h3 class=\"govuk-heading-s\">January 2024</h3><h4 class=\"govuk-body "
                 "govuk-!-font-weight-bold govuk-!-margin-bottom-1\">Reasons</h4>"
                 "<p class=\"govuk-body\">First</p><p class=\"govuk-body\">Second</p>");
    wf_done(c);

    /* the quarter's response alone, as a calendar quarter: the reasons stay */
    held(f, "Reduce Neighbourhood Crime", "2023/24 Q3", &before);
    assert_true(strlen(before.reasons) > 0);
    snprintf(b, sizeof b, "csrf=%s&period=2023+Q4&value=&response=New+response", csrf);
    c = wf_post(f, NC "/observations", ed, b);
    assert_int_equal(c->resp.status, 303);
    assert_string_equal(wf_header(c, "Location"), NC "?recorded=2023%2F24%20Q3");
    wf_done(c);
    held(f, "Reduce Neighbourhood Crime", "2023/24 Q3", &after);
    assert_int_equal(after.nobs, before.nobs);
    assert_int_equal(after.nnarr, before.nnarr);
    assert_string_equal(after.reasons, before.reasons);
    assert_string_equal(after.response, "New response");

    /* a quarterly measure's quarter, by its id */
    {
        char target[64];
        snprintf(target, sizeof target, "/measures/%lld/observations",
                 (long long)measure_id(f, "Increase the number of positive outcomes recorded in "
                                          "relation to fraud nationally"));
        snprintf(b, sizeof b, "csrf=%s&period=2023%%2F24+Q4&value=1500", csrf);
        c = wf_post(f, target, ed, b);
        assert_int_equal(c->resp.status, 303);
        wf_done(c);
        held(f, "Increase the number of positive outcomes recorded in relation to fraud "
                "nationally",
             "2023/24 Q4", &after);
        assert_true(after.value == 1500);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_shows_every_measure_with_its_arrow),
        cmocka_unit_test(test_measure_page_has_chart_and_data),
        cmocka_unit_test(test_form_refuses_those_who_may_not),
        cmocka_unit_test(test_bad_input_gives_400_and_writes_nothing),
        cmocka_unit_test(test_hostile_strings_are_escaped),
        cmocka_unit_test(test_performance_paper),
        cmocka_unit_test(test_no_measures),
        cmocka_unit_test(test_good_input_is_recorded_and_redirects),
    };
    return cmocka_run_group_tests(tests, setup, wf_teardown);
}
