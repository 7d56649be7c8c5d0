/* test_svg.c -- the SVG charts: well-formed XML (read back with expat), the
 * accessible name, escaping of hostile labels, bar lengths in proportion to
 * their values, "No data" charts, legible text, and the same bytes each time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "format/svg.h"

/* ---- reading the SVG back --------------------------------------------- */

struct el {
    char name[64];
    char *attrs[32]; /* name, value, ..., NULL */
    char text[512];  /* character data directly inside (for <text>, <title>, <desc>) */
};

struct doc {
    struct el *els;
    size_t n, cap;
    size_t open[64]; /* the stack of open elements */
    int depth;
    int root_ok;
};

static void on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct doc *d = ud;
    struct el *e;
    int k = 0;

    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->els = realloc(d->els, d->cap * sizeof *d->els);
    }
    e = &d->els[d->n];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    for (; atts[0] && k < 30; atts += 2, k += 2) {
        e->attrs[k] = strdup(atts[0]);
        e->attrs[k + 1] = strdup(atts[1]);
    }
    if (d->depth == 0)
        d->root_ok = strcmp(name, "http://www.w3.org/2000/svg|svg") == 0;
    if (d->depth < 64)
        d->open[d->depth] = d->n;
    d->depth++;
    d->n++;
}

static void on_end(void *ud, const XML_Char *name)
{
    struct doc *d = ud;
    d->depth--;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct doc *d = ud;
    struct el *e;
    size_t have;
    if (d->depth == 0)
        return;
    e = &d->els[d->open[d->depth - 1]];
    have = strlen(e->text);
    if (have + (size_t)len < sizeof e->text) {
        memcpy(e->text + have, s, (size_t)len);
        e->text[have + (size_t)len] = '\0';
    }
}

/* Parses svg with namespaces ("ns|name"); fails the test if it is not
 * well-formed or its root is not an SVG <svg>. */
static struct doc parse(const char *svg)
{
    struct doc d;
    XML_Parser p = XML_ParserCreateNS("UTF-8", '|');

    memset(&d, 0, sizeof d);
    XML_SetUserData(p, &d);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    if (XML_Parse(p, svg, (int)strlen(svg), 1) != XML_STATUS_OK)
        fail_msg("not well-formed XML: %s at line %lu\n%s", XML_ErrorString(XML_GetErrorCode(p)),
                 (unsigned long)XML_GetCurrentLineNumber(p), svg);
    XML_ParserFree(p);
    assert_true(d.root_ok);
    return d;
}

static void doc_free(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++)
        for (int k = 0; d->els[i].attrs[k]; k++)
            free(d->els[i].attrs[k]);
    free(d->els);
}

static const char *attr(const struct el *e, const char *name)
{
    for (int k = 0; e->attrs[k]; k += 2)
        if (strcmp(e->attrs[k], name) == 0)
            return e->attrs[k + 1];
    return NULL;
}

static double num(const struct el *e, const char *name)
{
    const char *v = attr(e, name);
    if (!v)
        fail_msg("<%s> has no %s", e->name, name);
    return strtod(v, NULL);
}

static int is(const struct el *e, const char *local)
{
    const char *bar = strchr(e->name, '|');
    return strcmp(bar ? bar + 1 : e->name, local) == 0;
}

/* The i-th element (0-based) named local with attribute name = value. */
static const struct el *find(const struct doc *d, const char *local, const char *name,
                             const char *value, int i)
{
    for (size_t k = 0; k < d->n; k++) {
        const char *v;
        if (!is(&d->els[k], local))
            continue;
        v = name ? attr(&d->els[k], name) : NULL;
        if (name && (!v || strcmp(v, value) != 0))
            continue;
        if (i-- == 0)
            return &d->els[k];
    }
    return NULL;
}

/* The first <text> whose content is exactly s. */
static const struct el *text_el(const struct doc *d, const char *s)
{
    for (size_t k = 0; k < d->n; k++)
        if (is(&d->els[k], "text") && strcmp(d->els[k].text, s) == 0)
            return &d->els[k];
    return NULL;
}

static int count_text(const struct doc *d, const char *s)
{
    int n = 0;
    for (size_t k = 0; k < d->n; k++)
        n += is(&d->els[k], "text") && strcmp(d->els[k].text, s) == 0;
    return n;
}

/* WCAG contrast of "#rrggbb" against white. */
static double contrast_on_white(const char *hex)
{
    double l[3];
    unsigned rgb[3];
    assert_int_equal(sscanf(hex, "#%02x%02x%02x", &rgb[0], &rgb[1], &rgb[2]), 3);
    for (int i = 0; i < 3; i++) {
        double c = rgb[i] / 255.0;
        l[i] = c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
    }
    return 1.05 / (0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2] + 0.05);
}

/* What every chart must be: an accessible image with its title and desc,
 * legible text of enough contrast, nothing active or external. */
static void check_chart(const char *svg, const struct doc *d, const char *id, const char *title,
                        const char *desc)
{
    const struct el *root = &d->els[0], *t, *ds;
    char want[256];

    assert_string_equal(attr(root, "role"), "img");
    snprintf(want, sizeof want, "%s-title %s-desc", id, id);
    assert_string_equal(attr(root, "aria-labelledby"), want);
    assert_string_equal(attr(root, "font-family"), "Arial, Helvetica, sans-serif");
    snprintf(want, sizeof want, "0 0 %s %s", attr(root, "width"), attr(root, "height"));
    assert_string_equal(attr(root, "viewBox"), want);
    snprintf(want, sizeof want, "%s-title", id);
    t = find(d, "title", "id", want, 0);
    assert_non_null(t);
    assert_string_equal(t->text, title);
    assert_ptr_equal(t, &d->els[1]); /* the first child, where readers look */
    snprintf(want, sizeof want, "%s-desc", id);
    ds = find(d, "desc", "id", want, 0);
    assert_non_null(ds);
    assert_string_equal(ds->text, desc);

    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "href"));
    assert_null(strstr(svg, "url("));
    assert_null(strstr(svg, "<style"));
    for (size_t k = 0; k < d->n; k++) {
        const struct el *e = &d->els[k];
        const char *fs, *fill;
        for (int a = 0; e->attrs[a]; a += 2)
            if (strncmp(e->attrs[a], "on", 2) == 0)
                fail_msg("<%s> has an event handler %s", e->name, e->attrs[a]);
        if (!is(e, "text"))
            continue;
        fs = attr(e, "font-size");
        if (fs && atoi(fs) < 12)
            fail_msg("text \"%s\" at %spx", e->text, fs);
        fill = attr(e, "fill");
        assert_non_null(fill);
        /* White text only ever sits on a dark bar; all else is on the page. */
        if (strcmp(fill, "#ffffff") != 0 && contrast_on_white(fill) < 4.5)
            fail_msg("text \"%s\" in %s: %.2f:1 on white", e->text, fill,
                     contrast_on_white(fill));
    }
}

/* ---- the bar chart ---------------------------------------------------- */

static const char *const dirs[] = {"Local Policing", "Specialist Operations", "Contact"};
static const char *const rag[] = {"Red", "Amber", "Green", "White", "Closed"};
static const char *const rag_colours[] = {SVG_RED, SVG_AMBER, SVG_GREEN, SVG_WHITE, SVG_CLOSED};

static struct svg_bar_chart bar_fixture(const long *values)
{
    struct svg_bar_chart c = {
        .id = "progress",
        .title = "Progress by directorate",
        .desc = "Open actions by status, by directorate.",
        .ncats = 3, .cats = dirs,
        .nseries = 5, .series = rag, .colours = rag_colours,
        .values = values, .stacked = 1, .axis_label = "Actions",
    };
    return c;
}

static const long progress[] = {2, 6, 1, 3, 4, /* 16 */
                                10, 0, 0, 0, 0, /* 10 */
                                0, 0, 0, 1, 0}; /* 1 */

static void test_bar_well_formed_and_accessible(void **state)
{
    struct svg_bar_chart c = bar_fixture(progress);
    struct buf b;
    struct err e = {0};
    struct svg_layout l;
    struct doc d;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    d = parse(b.p);
    check_chart(b.p, &d, "progress", "Progress by directorate",
                "Open actions by status, by directorate.");
    /* The size the layout promises is the size drawn. */
    assert_int_equal(svg_bar_chart_layout(&c, &l, &e), 0);
    assert_int_equal(l.width, 700);
    assert_int_equal((int)num(&d.els[0], "height"), l.height);
    assert_int_equal(l.empty, 0);
    /* Every series in the legend by name, every category by name. */
    for (int j = 0; j < 5; j++)
        assert_non_null(text_el(&d, rag[j]));
    for (int i = 0; i < 3; i++)
        assert_non_null(text_el(&d, dirs[i]));
    /* The axis title and each bar's total. */
    assert_non_null(text_el(&d, "Actions"));
    assert_non_null(text_el(&d, "16"));
    assert_non_null(text_el(&d, "10"));
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_lengths_proportional(void **state)
{
    struct svg_bar_chart c = bar_fixture(progress);
    struct buf b;
    struct err e = {0};
    struct svg_layout l;
    struct doc d;
    const struct el *red_a, *amber_a, *red_b, *white_c, *grid10;
    double unit;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    assert_int_equal(svg_bar_chart_layout(&c, &l, &e), 0);
    /* Totals up to 16: ticks of 5 up to 20. */
    assert_true(l.axis.min == 0 && l.axis.step == 5 && l.axis.max == 20);
    d = parse(b.p);
    red_a = find(&d, "rect", "fill", SVG_RED, 0);
    amber_a = find(&d, "rect", "fill", SVG_AMBER, 0);
    red_b = find(&d, "rect", "fill", SVG_RED, 2); /* after the legend's and Local Policing's */
    white_c = find(&d, "rect", "fill", SVG_WHITE, 2);
    assert_non_null(red_a);
    assert_non_null(red_b);
    assert_non_null(white_c);
    red_a = find(&d, "rect", "fill", SVG_RED, 1); /* the legend's swatch comes first */
    amber_a = find(&d, "rect", "fill", SVG_AMBER, 1);
    /* Widths are written to 0.1px: measure the unit on the longest bar. */
    unit = num(red_b, "width") / 10;
    assert_true(unit > 10);
    assert_true(fabs(num(red_a, "width") - 2 * unit) < 0.1);
    assert_true(fabs(num(amber_a, "width") - 6 * unit) < 0.1);
    assert_true(fabs(num(white_c, "width") - unit) < 0.1);
    /* Segments end to end from the axis, in series order. */
    assert_true(fabs(num(amber_a, "x") - (num(red_a, "x") + num(red_a, "width"))) < 0.15);
    assert_true(fabs(num(red_a, "x") - num(red_b, "x")) < 0.01);
    /* A bar of 10 reaches the gridline of the tick "10" (the second). */
    grid10 = find(&d, "line", "stroke", "#dddddd", 1);
    assert_non_null(grid10);
    assert_true(fabs(num(grid10, "x1") - (num(red_b, "x") + num(red_b, "width"))) < 0.15);
    /* Zero segments are not drawn: Specialist Operations has only red. */
    assert_non_null(find(&d, "rect", "fill", SVG_CLOSED, 1));
    assert_null(find(&d, "rect", "fill", SVG_CLOSED, 2));
    /* White shows on the page: light grey with a dark outline; red does not
     * need one. */
    assert_string_equal(attr(white_c, "stroke"), "#0b0c0c");
    assert_null(attr(red_a, "stroke"));
    /* A figure inside a segment wide enough, in a colour that reads on it. */
    assert_string_equal(attr(text_el(&d, "6"), "fill"), "#0b0c0c"); /* on amber */
    assert_string_equal(attr(text_el(&d, "2"), "fill"), "#ffffff"); /* on red */
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_grouped(void **state)
{
    struct svg_bar_chart c = bar_fixture(progress);
    struct buf b;
    struct err e = {0};
    struct svg_layout l;
    struct doc d;
    const struct el *r2, *r10;

    c.stacked = 0;
    c.id = "grouped";
    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    assert_int_equal(svg_bar_chart_layout(&c, &l, &e), 0);
    assert_true(l.axis.max == 10 && l.axis.step == 2);
    d = parse(b.p);
    check_chart(b.p, &d, "grouped", c.title, c.desc);
    r2 = find(&d, "rect", "fill", SVG_RED, 1);
    r10 = find(&d, "rect", "fill", SVG_RED, 2);
    /* Each series its own bar from the axis, so they share x. */
    assert_true(fabs(num(r2, "x") - num(r10, "x")) < 0.01);
    assert_true(fabs(num(r2, "width") - num(r10, "width") / 5) < 0.1);
    assert_true(num(r2, "height") < 24);
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_hostile_labels(void **state)
{
    static const char *const cats[] = {"<script>alert(1)</script>", "A & B \"quoted\" 'single'",
                                       "bad \xff byte\x01"};
    static const char *const series[] = {"</text><script>", "ok"};
    static const long v[] = {1, 2, 3, 4, 5, 6};
    struct svg_bar_chart c = {
        .id = "x\" onload=\"alert(1)",
        .title = "</title><script>alert('t')</script>",
        .desc = "a < b && c > d",
        .ncats = 3, .cats = cats, .nseries = 2, .series = series, .values = v, .stacked = 1,
    };
    struct buf b;
    struct err e = {0};
    struct doc d;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    d = parse(b.p);
    /* The id keeps only what an XML id may hold. */
    check_chart(b.p, &d, "x__onload__alert_1_", c.title, c.desc);
    /* Read back, the labels are exactly the caller's text. */
    assert_non_null(text_el(&d, cats[0]));
    assert_non_null(text_el(&d, cats[1]));
    assert_non_null(text_el(&d, series[0]));
    /* Bytes that are not UTF-8, and controls XML forbids, are replaced. */
    assert_non_null(text_el(&d, "bad \xef\xbf\xbd byte\xef\xbf\xbd"));
    assert_non_null(strstr(b.p, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(b.p, "A &amp; B &quot;quoted&quot; &#39;single&#39;"));
    doc_free(&d);
    buf_release(&b);
}

static void test_svg_escape(void **state)
{
    struct buf b;
    buf_init(&b, 0);
    assert_int_equal(svg_escape(&b, "<a href=\"x\">&'</a>\ttab\nline"), 0);
    assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt; tab line");
    buf_reset(&b);
    /* An overlong '/', a surrogate, a truncated sequence, U+FFFE; then
     * valid two-, three- and four-byte characters kept as they are. */
    assert_int_equal(svg_escape(&b, "\xc0\xaf|\xed\xa0\x80|\xe2\x82|\xef\xbf\xbe|\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), 0);
    assert_string_equal(b.p, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                             "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    buf_release(&b);
}

static void test_bar_no_data(void **state)
{
    static const long zeros[15] = {0};
    struct svg_bar_chart c = bar_fixture(zeros);
    struct buf b;
    struct err e = {0};
    struct svg_layout l;
    struct doc d;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0); /* every value zero */
    d = parse(b.p);
    check_chart(b.p, &d, "progress", c.title, c.desc);
    assert_non_null(text_el(&d, "No data"));
    assert_null(find(&d, "rect", "fill", SVG_RED, 0));
    doc_free(&d);

    buf_reset(&b);
    c.ncats = 0;
    c.cats = NULL;
    c.values = NULL;
    c.desc = NULL;
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0); /* no categories */
    d = parse(b.p);
    check_chart(b.p, &d, "progress", c.title, "Horizontal stacked bar chart: 0 categories, 5 series.");
    assert_non_null(text_el(&d, "No data"));
    assert_int_equal(svg_bar_chart_layout(&c, &l, &e), 0);
    assert_int_equal(l.empty, 1);
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_long_labels_wrap(void **state)
{
    static const char *const cats[] = {
        "Crime and Public Protection: Safeguarding, Vulnerability and Exploitation, and a "
        "great deal more besides that will not fit in three lines of the label column at all",
        "Short"};
    static const long v[] = {3, 1};
    struct svg_bar_chart c = {.id = "w", .title = "T", .ncats = 2, .cats = cats, .nseries = 1,
                              .series = rag, .values = v, .stacked = 1};
    struct buf b;
    struct err e = {0};
    struct doc d;
    int lines = 0, ell = 0;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    d = parse(b.p);
    for (size_t k = 0; k < d.n; k++) {
        const char *a = attr(&d.els[k], "text-anchor");
        if (is(&d.els[k], "text") && a && strcmp(a, "end") == 0) {
            lines++;
            ell += strstr(d.els[k].text, "\xe2\x80\xa6") != NULL;
        }
    }
    assert_int_equal(lines, 3 + 1); /* three lines, the last cut short; then "Short" */
    assert_int_equal(ell, 1);
    assert_non_null(text_el(&d, "Crime and Public Protection:"));
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_figures_where_they_fit(void **state)
{
    static const char *const cats[] = {"Local Policing"};
    static const long v[] = {1, 99, 0};
    struct svg_bar_chart c = {.id = "f", .title = "T", .ncats = 1, .cats = cats, .nseries = 3,
                              .series = rag, .colours = rag_colours, .values = v, .stacked = 1};
    struct buf b;
    struct err e = {0};
    struct doc d;

    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    d = parse(b.p);
    /* 1 of 100 is a sliver some 5px wide: no room for its figure. The
     * total is written at the end of the bar. */
    assert_true(num(find(&d, "rect", "fill", SVG_RED, 1), "width") < 6);
    assert_null(text_el(&d, "1"));
    assert_non_null(text_el(&d, "99"));
    assert_non_null(text_el(&d, "100"));
    assert_string_equal(attr(text_el(&d, "100"), "font-weight"), "bold");
    doc_free(&d);
    buf_release(&b);
}

static void test_bar_errors(void **state)
{
    static const char *const bad[] = {"red", NULL, NULL, NULL, NULL};
    static const long neg[] = {1, 1, 1, 1, 1, 1, -2, 1, 1, 1, 1, 1, 1, 1, 1};
    struct svg_bar_chart c = bar_fixture(progress);
    struct buf b;
    struct err e = {0};

    buf_init(&b, 0);
    buf_adds(&b, "<p>before</p>");
    c.colours = bad;
    assert_int_equal(svg_bar_chart(&b, &c, &e), ERR_INPUT);
    assert_string_equal(e.msg, "bar chart: series \"Red\": colour \"red\" is not #rrggbb");
    assert_string_equal(b.p, "<p>before</p>");

    c = bar_fixture(neg);
    assert_int_equal(svg_bar_chart(&b, &c, &e), ERR_INPUT);
    assert_string_equal(e.msg, "bar chart: \"Specialist Operations\", \"Amber\": value -2 is not "
                               "between 0 and 1000000000");
    assert_string_equal(b.p, "<p>before</p>");
    buf_release(&b);

    /* Too big for the buffer: an error, and the buffer as it was. */
    c = bar_fixture(progress);
    buf_init(&b, 1000);
    buf_adds(&b, "<p>before</p>");
    assert_int_equal(svg_bar_chart(&b, &c, &e), ERR_LIMIT);
    assert_string_equal(b.p, "<p>before</p>");
    assert_int_equal(b.len, 13);
    buf_release(&b);
}

static void test_bar_deterministic(void **state)
{
    struct svg_bar_chart c = bar_fixture(progress);
    struct buf a, b;
    struct err e = {0};

    buf_init(&a, 0);
    buf_init(&b, 0);
    assert_int_equal(svg_bar_chart(&a, &c, &e), 0);
    assert_int_equal(svg_bar_chart(&b, &c, &e), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len);
    /* Fixed precision: no coordinate with more than one decimal. */
    for (const char *p = a.p; (p = strchr(p, '.')) != NULL; p++)
        if (p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9')
            fail_msg("a figure with more than one decimal at \"%.12s\"", p - 3);
    buf_release(&a);
    buf_release(&b);
}

/* ---- the control chart ------------------------------------------------ */

#define NP 28

/* The first 28 points of Making Data Count's sample series, rebased at the
 * 18th point (the anchors' mdc_nhsi_sql_ADU_Ind1_rebase18 results). */
static const double ys[NP] = {53, 51, 48, 20, 50, 80, 48, 47, 45, 43, 40, 35, 55, 30,
                              25, 22, 21, 61, 59, 60, 42, 58, 59, 61, 63, 65, 70, 59};

struct cc_fixture {
    const char *periods[NP];
    char labels[NP][16];
    double mean[NP], lpl[NP], upl[NP], l2[NP], u2[NP];
    enum svg_variation var[NP];
    int seg[NP];
    struct svg_annotation ann[2];
    struct svg_control_chart c;
};

static void cc_fixture(struct cc_fixture *f)
{
    static const char *const mon[] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep",
                                      "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
    memset(f, 0, sizeof *f);
    for (int i = 0; i < NP; i++) {
        int s2 = i >= 17;
        snprintf(f->labels[i], sizeof f->labels[i], "%s %d", mon[i % 12], 21 + (i + 3) / 12);
        f->periods[i] = f->labels[i];
        f->mean[i] = s2 ? 59.72727272727273 : 41.94117647058823;
        f->upl[i] = s2 ? 75.6909090909091 : 73.86117647058823;
        f->lpl[i] = s2 ? 43.76363636363636 : 10.02117647058823;
        f->u2[i] = f->mean[i] + (f->upl[i] - f->mean[i]) * 2 / 3;
        f->l2[i] = f->mean[i] - (f->mean[i] - f->lpl[i]) * 2 / 3;
        f->seg[i] = s2 ? 2 : 1;
        f->var[i] = SVG_VAR_COMMON;
    }
    f->var[5] = SVG_VAR_IMPROVEMENT;
    for (int i = 6; i <= 11; i++)
        f->var[i] = SVG_VAR_CONCERN;
    f->var[20] = SVG_VAR_NEITHER;
    f->ann[0].period = "Jul 21";
    f->ann[0].text = "Custody suite closed";
    f->ann[1].period = "Sep 22";
    f->ann[1].text = "New rules <& more>";
    f->c = (struct svg_control_chart){
        .id = "arrests", .title = "Arrests per month", .desc = "XmR chart of arrests.",
        .units = "Arrests", .n = NP, .periods = f->periods, .values = ys, .mean = f->mean,
        .lpl = f->lpl, .upl = f->upl, .lower_2s = f->l2, .upper_2s = f->u2,
        .variation = f->var, .segment = f->seg, .target = 60, .annotations = f->ann,
        .nannotations = 2, .limits_sigma = 3, .chart_variation = SVG_VAR_COMMON,
        .variation_label = "Common cause variation", .assurance = SVG_ASSURE_HIT_OR_MISS,
        .assurance_label = "Target hit and miss"};
}

static int count_el(const struct doc *d, const char *local, const char *name, const char *value)
{
    int n = 0;
    while (find(d, local, name, value, n))
        n++;
    return n;
}

static void test_control_chart(void **state)
{
    struct cc_fixture f;
    struct buf b;
    struct err e = {0};
    struct svg_layout l;
    struct doc d;
    const struct el *rebase;

    cc_fixture(&f);
    buf_init(&b, 0);
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    d = parse(b.p);
    check_chart(b.p, &d, "arrests", "Arrests per month", "XmR chart of arrests.");
    assert_int_equal(svg_control_chart_layout(&f.c, &l, &e), 0);
    assert_int_equal((int)num(&d.els[0], "height"), l.height);
    /* Values 20..80 with limits 10..75.7: ticks of 20 from 0 to 80. */
    assert_true(l.axis.min == 0 && l.axis.max == 80 && l.axis.step == 20);
    assert_non_null(text_el(&d, "Limits at 3\xcf\x83"));
    /* The latest segment's lines are labelled at the right. */
    assert_non_null(text_el(&d, "Mean 59.7"));
    assert_non_null(text_el(&d, "Upper limit 75.7"));
    assert_non_null(text_el(&d, "Lower limit 43.8"));
    assert_non_null(text_el(&d, "Target 60.0"));
    /* Points by variation, each its own colour and shape: 1 improvement
     * (square), 6 concern (diamonds), 1 neither, the rest common (circles,
     * with one more of each in the legend; the variation icon is common
     * cause's grey too). */
    assert_int_equal(count_el(&d, "rect", "fill", SVG_IMPROVEMENT), 1 + 1);
    assert_int_equal(count_el(&d, "path", "fill", SVG_CONCERN), 6 + 1);
    assert_int_equal(count_el(&d, "path", "fill", SVG_NEITHER), 1 + 1);
    assert_int_equal(count_el(&d, "circle", "fill", SVG_COMMON_CAUSE), 20 + 1 + 1);
    assert_non_null(text_el(&d, "Improvement"));
    assert_non_null(text_el(&d, "Concern"));
    assert_non_null(text_el(&d, "Neither"));
    assert_non_null(text_el(&d, "Process limits"));
    assert_non_null(text_el(&d, "2\xcf\x83"));
    /* Two segments: separate mean lines, and one rebase marker, labelled. */
    assert_int_equal(count_el(&d, "path", "stroke-width", "1.5") -
                         count_el(&d, "path", "stroke-dasharray", "7 4") - 1 /* series */,
                     2);
    assert_int_equal(count_el(&d, "path", "stroke-dasharray", "7 4"), 4);
    rebase = find(&d, "line", "stroke-dasharray", "4 3", 0);
    assert_non_null(rebase);
    assert_null(find(&d, "line", "stroke-dasharray", "4 3", 1));
    assert_non_null(text_el(&d, "Rebase"));
    /* The rebase sits between the 17th and 18th points' columns. */
    {
        const struct el *p17 = find(&d, "circle", "fill", SVG_COMMON_CAUSE, 1 + 16 - 7);
        const struct el *p18 = find(&d, "circle", "fill", SVG_COMMON_CAUSE, 1 + 17 - 7);
        double mid = (num(p17, "cx") + num(p18, "cx")) / 2;
        assert_true(fabs(num(rebase, "x1") - mid) < 0.15);
    }
    /* Annotations: numbered by the points, their text underneath. */
    assert_int_equal(count_text(&d, "1"), 2);
    assert_int_equal(count_text(&d, "2"), 2);
    assert_non_null(text_el(&d, "Jul 21: Custody suite closed"));
    assert_non_null(text_el(&d, "Sep 22: New rules <& more>"));
    /* Icons at the top right, each with its words. */
    assert_non_null(text_el(&d, "Common cause variation"));
    assert_non_null(text_el(&d, "Target hit and miss"));
    assert_non_null(text_el(&d, "?"));
    doc_free(&d);
    buf_release(&b);
}

static void test_control_trial_and_sigma(void **state)
{
    struct cc_fixture f;
    struct buf b;
    struct err e = {0};
    struct doc d;

    cc_fixture(&f);
    f.c.n = 9;
    f.c.segment = NULL;
    f.c.trial = 1;
    f.c.nannotations = 0;
    f.c.lower_2s = f.c.upper_2s = NULL;
    f.c.target = NAN;
    f.c.variation_label = f.c.assurance_label = NULL;
    buf_init(&b, 0);
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    d = parse(b.p);
    assert_non_null(text_el(&d, "Trial limits at 3\xcf\x83 (fewer than 12 points)"));
    assert_null(text_el(&d, "Target"));
    assert_null(text_el(&d, "2\xcf\x83"));
    assert_null(text_el(&d, "Rebase"));
    assert_null(find(&d, "line", "stroke-dasharray", "4 3", 0));
    doc_free(&d);

    buf_reset(&b);
    f.c.trial = 0;
    f.c.limits_sigma = 2;
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    d = parse(b.p);
    assert_non_null(text_el(&d, "Limits at 2\xcf\x83"));
    doc_free(&d);
    buf_release(&b);
}

static void test_control_period_labels_thinned(void **state)
{
    enum { N = 60 };
    const char *periods[N];
    char labels[N][16];
    double v[N];
    struct svg_control_chart c = {.id = "m", .title = "Monthly", .n = N, .periods = periods,
                                  .values = v, .target = NAN};
    struct buf b;
    struct err e = {0};
    struct doc d;
    double prev = -1e9;
    int shown = 0;

    for (int i = 0; i < N; i++) {
        snprintf(labels[i], sizeof labels[i], "%04d-%02d", 2019 + i / 12, i % 12 + 1);
        periods[i] = labels[i];
        v[i] = 0.5 + 0.01 * (i % 7);
    }
    buf_init(&b, 0);
    assert_int_equal(svg_control_chart(&b, &c, &e), 0);
    d = parse(b.p);
    check_chart(b.p, &d, "m", "Monthly", "Control chart of 60 points.");
    assert_non_null(text_el(&d, "2019-01"));
    for (size_t k = 0; k < d.n; k++) {
        if (is(&d.els[k], "text") && strlen(d.els[k].text) == 7 && d.els[k].text[4] == '-') {
            double x = num(&d.els[k], "x");
            /* "2019-01" at 12px is some 47px wide: no two may be closer. */
            assert_true(x - prev >= 50);
            prev = x;
            shown++;
        }
    }
    assert_true(shown >= 6 && shown < N);
    /* No limits given: no statement of their width. */
    assert_null(strstr(b.p, "Limits at"));
    /* Small values: the axis keeps its decimals. */
    assert_non_null(text_el(&d, "0.56"));
    doc_free(&d);
    buf_release(&b);
}

static void test_control_no_data_and_errors(void **state)
{
    struct cc_fixture f;
    double nans[NP];
    struct buf b;
    struct err e = {0};
    struct doc d;
    struct svg_annotation ann = {"Jan 99", "missing"};

    cc_fixture(&f);
    buf_init(&b, 0);
    f.c.n = 0;
    f.c.nannotations = 0;
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    d = parse(b.p);
    check_chart(b.p, &d, "arrests", f.c.title, f.c.desc);
    assert_non_null(text_el(&d, "No data"));
    doc_free(&d);

    /* Points with no values are no data either. */
    cc_fixture(&f);
    for (int i = 0; i < NP; i++)
        nans[i] = NAN;
    f.c.values = nans;
    f.c.nannotations = 0;
    buf_reset(&b);
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    d = parse(b.p);
    assert_non_null(text_el(&d, "No data"));
    doc_free(&d);

    cc_fixture(&f);
    f.c.annotations = &ann;
    f.c.nannotations = 1;
    buf_reset(&b);
    assert_int_equal(svg_control_chart(&b, &f.c, &e), ERR_INPUT);
    assert_string_equal(e.msg, "control chart: annotation: no period \"Jan 99\"");
    assert_int_equal(b.len, 0);

    cc_fixture(&f);
    memcpy(nans, ys, sizeof nans);
    nans[4] = 1e300;
    f.c.values = nans;
    assert_int_equal(svg_control_chart(&b, &f.c, &e), ERR_INPUT);
    assert_string_equal(e.msg, "control chart: point 5: 1e+300 is too large");
    assert_int_equal(b.len, 0);
    buf_release(&b);
}

static void test_control_gaps_and_deterministic(void **state)
{
    struct cc_fixture f;
    double v[NP];
    struct buf a, b;
    struct err e = {0};
    struct doc d;

    cc_fixture(&f);
    memcpy(v, ys, sizeof v);
    v[3] = NAN; /* a missing month breaks the line */
    f.c.values = v;
    f.c.nannotations = 1;
    buf_init(&a, 0);
    buf_init(&b, 0);
    assert_int_equal(svg_control_chart(&a, &f.c, &e), 0);
    assert_int_equal(svg_control_chart(&b, &f.c, &e), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.p, b.p, a.len);
    d = parse(a.p);
    /* The series: Apr-Jun, then Aug 21 onwards to the end. */
    assert_int_equal(count_el(&d, "path", "stroke", "#6f777b"), 2);
    assert_int_equal(count_el(&d, "circle", "fill", SVG_COMMON_CAUSE), 19 + 1 + 1);
    doc_free(&d);
    buf_release(&a);
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_escape),
        cmocka_unit_test(test_bar_well_formed_and_accessible),
        cmocka_unit_test(test_bar_lengths_proportional),
        cmocka_unit_test(test_bar_grouped),
        cmocka_unit_test(test_bar_hostile_labels),
        cmocka_unit_test(test_bar_no_data),
        cmocka_unit_test(test_bar_long_labels_wrap),
        cmocka_unit_test(test_bar_figures_where_they_fit),
        cmocka_unit_test(test_bar_errors),
        cmocka_unit_test(test_bar_deterministic),
        cmocka_unit_test(test_control_chart),
        cmocka_unit_test(test_control_trial_and_sigma),
        cmocka_unit_test(test_control_period_labels_thinned),
        cmocka_unit_test(test_control_no_data_and_errors),
        cmocka_unit_test(test_control_gaps_and_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
