/* test_doc_render.c -- a paper rendered as HTML, Markdown and CSV, and the
 * escaping HTML builder beneath the HTML: what a reader of each file sees,
 * byte for byte where the format is small enough to write out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "format/doc.h"
#include "format/html.h"
#include "format/svg.h"

static const char HOSTILE[] = "<script>alert(1)</script> & \"quotes\"";

static const char SVG[] =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\" width=\"200\" "
    "height=\"100\"><title>Open actions</title>"
    "<rect x=\"10\" y=\"20\" width=\"30\" height=\"80\" fill=\"#1d70b8\"/>"
    "<text x=\"10\" y=\"15\">Q3 &amp; Q4</text></svg>";

/* A committee paper in small: cover, headings, numbered and hostile
 * paragraphs, a list, the committee table (two header rows, group rows,
 * colspans, RAG cells), a chart and a page break. */
static void paper(struct doc *d, struct arena *a)
{
    static const char *const items[] = {"Vetting & counter corruption", "Crime data integrity"};
    struct doc_table *t;

    doc_init(d, a, "Quarterly HMICFRS Inspections Update", "2024-02-22", "City of London Police");
    doc_cover(d, "Committee(s)", "Strategic Planning and Performance Committee");
    doc_cover(d, "Dated", "22 February 2024");
    doc_cover(d, "Subject", "Quarterly HMICFRS Inspections Update");
    doc_cover(d, "Report of", "Commissioner of Police\nPol 21-24");
    doc_heading(d, 1, "Summary");
    doc_para(d, HOSTILE);
    doc_heading(d, 1, "Recommendation");
    doc_para(d, "Members are asked to note the report.");
    doc_heading(d, 1, "Main Report");
    doc_heading(d, 2, "Background");
    doc_para(d, "1. This report provides an overview of related activity over the last quarter.");
    doc_list(d, 0, items, 2);
    doc_pagebreak(d);
    t = doc_table(d, "reports", "Open actions by report", 5, 2);
    doc_row(t, a);
    doc_cell(t, a, "Report", DOC_PLAIN, 1);
    doc_cell(t, a, "Previous", DOC_PLAIN, 2);
    doc_cell(t, a, "Now", DOC_PLAIN, 2);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "National", DOC_PLAIN, 1);
    doc_cell(t, a, "Force", DOC_PLAIN, 1);
    doc_cell(t, a, "National", DOC_PLAIN, 1);
    doc_cell(t, a, "Force", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, "New reports", DOC_GROUP, 1);
    doc_row(t, a);
    doc_cell(t, a, "An inspection of vetting", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 2);
    doc_cell(t, a, "3 AMBER", DOC_RAG_AMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "Custody arrangements", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 2);
    doc_cell(t, a, "No actions for the force", DOC_PLAIN, 2);
    doc_row(t, a);
    doc_cell(t, a, "Previous reports", DOC_GROUP, 1);
    doc_row(t, a);
    doc_cell(t, a, "Roads policing", DOC_PLAIN, 1);
    doc_cell(t, a, "1 NEW RED\n2 AMBER", DOC_RAG_RED, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "1 NEW GREEN", DOC_RAG_GREEN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, "Force PEEL inspection", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "1 WHITE", DOC_RAG_WHITE, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "2 CLOSED", DOC_RAG_CLOSED, 1);
    doc_chart(d, "progress", SVG, "Open actions fell from 200 to 109 over the year.", 200, 100);
}

static char *render_html(int fragment)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    paper(&d, &a);
    buf_init(&b, 0);
    assert_int_equal(doc_render_html(&d, fragment, &b, &e), 0);
    arena_release(&a);
    return buf_detach(&b, NULL);
}

/* What expat saw of a page: whether it is well-formed, and a few facts. */
struct xml_seen {
    XML_Parser p;
    int elements, style_attrs, scripts, in_p;
    struct buf p_text; /* the text of every <p>, one per line */
    struct buf ids, labelledby;
};

static void XMLCALL seen_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml_seen *s = ud;
    s->elements++;
    s->scripts += strcmp(name, "script") == 0;
    if (strcmp(name, "p") == 0)
        s->in_p = 1;
    for (size_t i = 0; atts[i]; i += 2) {
        s->style_attrs += strcmp(atts[i], "style") == 0;
        if (strcmp(atts[i], "id") == 0)
            buf_addf(&s->ids, "%s;", atts[i + 1]);
        if (strcmp(atts[i], "aria-labelledby") == 0)
            buf_addf(&s->labelledby, "%s;", atts[i + 1]);
    }
}

static void XMLCALL seen_end(void *ud, const XML_Char *name)
{
    struct xml_seen *s = ud;
    if (strcmp(name, "p") == 0) {
        s->in_p = 0;
        buf_addc(&s->p_text, '\n');
    }
}

static void XMLCALL seen_chars(void *ud, const XML_Char *t, int len)
{
    struct xml_seen *s = ud;
    if (s->in_p)
        buf_add(&s->p_text, t, (size_t)len);
}

/* Parses text as XML; fails the test, naming the line, if it is not
 * well-formed. */
static void parse_xml(const char *text, struct xml_seen *s)
{
    memset(s, 0, sizeof *s);
    buf_init(&s->p_text, 0);
    buf_init(&s->ids, 0);
    buf_init(&s->labelledby, 0);
    s->p = XML_ParserCreate("UTF-8");
    XML_SetUserData(s->p, s);
    XML_SetElementHandler(s->p, seen_start, seen_end);
    XML_SetCharacterDataHandler(s->p, seen_chars);
    if (XML_Parse(s->p, text, (int)strlen(text), XML_TRUE) != XML_STATUS_OK)
        fail_msg("not well-formed at line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(s->p),
                 XML_ErrorString(XML_GetErrorCode(s->p)));
    XML_ParserFree(s->p);
}

static void seen_release(struct xml_seen *s)
{
    buf_release(&s->p_text);
    buf_release(&s->ids);
    buf_release(&s->labelledby);
}

#define assert_contains(hay, needle)                                                           \
    do {                                                                                       \
        if (!strstr((hay), (needle)))                                                          \
            fail_msg("missing: %s", (needle));                                                 \
    } while (0)
#define assert_lacks(hay, needle)                                                              \
    do {                                                                                       \
        if (strstr((hay), (needle)))                                                           \
            fail_msg("present: %s", (needle));                                                 \
    } while (0)

static const char PAGE_HEAD[] =
    "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" "
    "xml:lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    "<title>Quarterly HMICFRS Inspections Update</title>\n"
    "<meta name=\"author\" content=\"City of London Police\"/>\n<style>\n";

static void html_page_is_well_formed_and_escaped(void **state)
{
    char *html = render_html(0);
    struct xml_seen s;

    parse_xml(html, &s);
    assert_true(s.elements > 50);
    assert_int_equal(s.style_attrs, 0);
    assert_int_equal(s.scripts, 0);
    /* The hostile text reads back as the words it was, in a paragraph. */
    assert_contains(buf_str(&s.p_text), "<script>alert(1)</script> & \"quotes\"\n");
    assert_contains(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quotes\"</p>");
    assert_lacks(html, "<script");
    /* The chart's svg is labelled by its caption. */
    assert_string_equal(buf_str(&s.labelledby), "chart-10;");
    assert_contains(buf_str(&s.ids), "chart-10;");
    seen_release(&s);

    assert_true(strncmp(html, PAGE_HEAD, strlen(PAGE_HEAD)) == 0);
    assert_contains(html, "font-family:Arial,Helvetica,sans-serif");
    assert_contains(html, "@page{size:A4;");
    assert_contains(html, ".paper thead{display:table-header-group}");
    assert_contains(html, "print-color-adjust:exact");
    assert_contains(html, "break-before:page");
    /* Nothing loaded from elsewhere. */
    assert_lacks(html, " src=");
    assert_lacks(html, " href=");
    assert_lacks(html, "<link");
    assert_lacks(html, "@import");
    assert_lacks(html, "url(");
    free(html);
}

static void html_shows_the_paper(void **state)
{
    char *html = render_html(0);

    assert_contains(html, "<table class=\"cover\">\n<tbody>\n"
                          "<tr><th scope=\"row\">Committee(s)</th>"
                          "<td>Strategic Planning and Performance Committee</td></tr>\n");
    assert_contains(html, "<tr><th scope=\"row\">Report of</th>"
                          "<td>Commissioner of Police<br/>Pol 21-24</td></tr>\n");
    assert_contains(html, "<h1>Summary</h1>\n");
    assert_contains(html, "<h2>Background</h2>\n");
    assert_contains(html, "<p class=\"np\"><span class=\"pn\">1.</span>This report provides");
    assert_contains(html, "<ul>\n<li>Vetting &amp; counter corruption</li>\n");
    assert_contains(html, "<div class=\"pagebreak\"></div>\n");
    assert_contains(html,
                    "<table class=\"keep\">\n<caption>Open actions by report</caption>\n<thead>\n"
                    "<tr><th scope=\"col\">Report</th>"
                    "<th scope=\"colgroup\" colspan=\"2\">Previous</th>"
                    "<th scope=\"colgroup\" colspan=\"2\">Now</th></tr>\n"
                    "<tr><td></td><th scope=\"col\">National</th><th scope=\"col\">Force</th>"
                    "<th scope=\"col\">National</th><th scope=\"col\">Force</th></tr>\n"
                    "</thead>\n<tbody>\n"
                    "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"5\">New reports</th></tr>\n"
                    "<tr><td>An inspection of vetting</td><td colspan=\"2\"></td>"
                    "<td class=\"rag rag-amber\">3 AMBER</td><td></td></tr>\n"
                    "<tr><td>Custody arrangements</td><td colspan=\"2\"></td>"
                    "<td colspan=\"2\">No actions for the force</td></tr>\n"
                    "</tbody>\n<tbody>\n"
                    "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"5\">Previous reports</th></tr>\n"
                    "<tr><td>Roads policing</td>"
                    "<td class=\"rag rag-red\">1 NEW RED<br/>2 AMBER</td><td></td>"
                    "<td class=\"rag rag-green\">1 NEW GREEN</td><td></td></tr>\n");
    assert_contains(html, "<td class=\"rag rag-white\">1 WHITE</td>");
    assert_contains(html, "<td class=\"rag rag-closed\">2 CLOSED</td>");
    assert_contains(html, ".paper .rag-red{background:#d4351c;color:#fff}");
    assert_contains(html, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                          "viewBox=\"0 0 200 100\" width=\"200\" height=\"100\" role=\"img\" "
                          "aria-labelledby=\"chart-10\"><title>Open actions</title>");
    assert_contains(html, "<text x=\"10\" y=\"15\">Q3 &amp; Q4</text></svg>\n"
                          "<figcaption id=\"chart-10\">Open actions fell from 200 to 109 over the "
                          "year.</figcaption>\n</figure>\n</article>\n</body>\n</html>\n");
    free(html);
}

static void html_fragment_is_the_article_alone(void **state)
{
    char *page = render_html(0), *frag = render_html(1);
    struct xml_seen s;

    parse_xml(frag, &s); /* one root: the article */
    seen_release(&s);
    assert_true(strncmp(frag, "<article class=\"paper\">\n<table class=\"cover\">", 45) == 0);
    assert_lacks(frag, "<html");
    assert_lacks(frag, "<style");
    assert_lacks(frag, "<head");
    assert_lacks(frag, "<body");
    /* The page wraps exactly the same content. */
    assert_contains(page, frag);
    free(page);
    free(frag);
}

static void html_numbers_align_right(void **state)
{
    struct arena a;
    struct doc d;
    struct doc_table *t;
    struct buf b;
    struct err e = {0};
    static const double widths[] = {3, 1};

    arena_init(&a);
    doc_init(&d, &a, "Owners", "2024-02-22", NULL);
    t = doc_table(&d, "owners", "", 2, 1);
    t->widths = arena_alloc(&a, sizeof widths);
    memcpy(t->widths, widths, sizeof widths);
    doc_row(t, &a);
    doc_cell(t, &a, "Owner", DOC_PLAIN, 1);
    doc_cell(t, &a, "Open", DOC_PLAIN, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "PEEL22-AFI-3", DOC_PLAIN, 1);
    doc_cell(t, &a, "4", DOC_NUMBER, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "Total", DOC_STRONG, 1);
    doc_cell(t, &a, "4", DOC_STRONG, 1);
    buf_init(&b, 0);
    assert_int_equal(doc_render_html(&d, 1, &b, &e), 0);
    assert_string_equal(buf_str(&b),
                        "<article class=\"paper\">\n<h1>Owners</h1>\n"
                        "<table class=\"fixed keep\">\n"
                        "<colgroup><col class=\"w75\"/><col class=\"w25\"/></colgroup>\n"
                        "<thead>\n<tr><th scope=\"col\">Owner</th>"
                        "<th scope=\"col\" class=\"num\">Open</th></tr>\n</thead>\n"
                        "<tbody>\n<tr><td class=\"nw\">PEEL22-AFI-3</td><td class=\"num\">4</td></tr>\n"
                        "<tr><td class=\"strong\">Total</td><td class=\"strong num\">4</td></tr>\n"
                        "</tbody>\n</table>\n</article>\n");
    buf_release(&b);
    arena_release(&a);
}

/* A chart's svg is written again from what it parses to: anything that
 * could run, load or restyle is gone, the drawing stays. */
static void html_svg_is_sanitised(void **state)
{
    struct buf b;
    struct html h;
    struct err e = {0};
    struct xml_seen s;

    buf_init(&b, 0);
    html_init(&h, &b);
    assert_int_equal(
        html_svg(&h,
                 "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)' style='x'>"
                 "<script>alert(2)</script><g OnClick=\"alert(3)\">"
                 "<a href='javascript:alert(4)'><text>link</text></a>"
                 "<foreignObject><div>html</div></foreignObject>"
                 "<use href='#bar' xlink:href='http://evil/x.svg#a'/>"
                 "<style>*{color:red}</style><set attributeName='href' to='javascript:'/>"
                 "<path d='M0 0L10 10' stroke=\"a&quot;b\"/><text>x &lt; y</text></g></svg>",
                 NULL, 300, 150, &e),
        0);
    assert_string_equal(buf_str(&b),
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"300\" "
                        "height=\"150\"><g><use href=\"#bar\"/>"
                        "<path d=\"M0 0L10 10\" stroke=\"a&quot;b\"/>"
                        "<text>x &lt; y</text></g></svg>");
    parse_xml(buf_str(&b), &s);
    seen_release(&s);

    buf_reset(&b);
    html_init(&h, &b);
    assert_int_equal(html_svg(&h, "<svg><g></svg>", NULL, 0, 0, &e), ERR_INPUT);
    assert_string_equal(e.msg, "svg line 1: mismatched tag");
    /* Sticky: nothing more is written after a failure. */
    assert_int_equal(html_lit(&h, "<p>"), ERR_INPUT);

    buf_reset(&b);
    html_init(&h, &b);
    assert_int_equal(html_svg(&h,
                              "<!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;\">]>"
                              "<svg>&b;</svg>",
                              NULL, 0, 0, &e),
                     ERR_INPUT);
    assert_string_equal(e.msg, "svg line 1: a DOCTYPE is not allowed in a chart");

    buf_reset(&b);
    html_init(&h, &b);
    assert_int_equal(html_svg(&h, "<html><svg/></html>", NULL, 0, 0, &e), ERR_INPUT);
    assert_string_equal(e.msg, "svg line 1: the chart is not an <svg> element");
    buf_release(&b);
}

/* The charts format/svg.c draws pass the sanitiser whole. */
static void html_svg_keeps_drawn_charts(void **state)
{
    static const char *const cats[] = {"Specialist Operations", "Local Policing & <Crime>"};
    static const char *const series[] = {"Historic", "New"};
    static const long values[] = {8, 3, 5, 7};
    struct svg_bar_chart c = {.id = "fig2", .title = "Historic actions", .desc = "By directorate",
                              .ncats = 2, .cats = cats, .nseries = 2, .series = series,
                              .values = values, .stacked = 1};
    struct buf in, out;
    struct html h;
    struct err e = {0};

    buf_init(&in, 0);
    buf_init(&out, 0);
    assert_int_equal(svg_bar_chart(&in, &c, &e), 0);
    html_init(&h, &out);
    assert_int_equal(html_svg(&h, buf_str(&in), "caption", 0, 0, &e), 0);
    while (in.len && in.p[in.len - 1] == '\n')
        in.p[--in.len] = '\0';
    assert_string_equal(buf_str(&out), buf_str(&in));
    buf_release(&in);
    buf_release(&out);
}

static void html_bad_chart_fails_the_paper(void **state)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    doc_init(&d, &a, "T", "2024-02-22", NULL);
    doc_chart(&d, "trend", "<svg><rect></svg>", "alt", 10, 10);
    buf_init(&b, 0);
    assert_int_equal(doc_render_html(&d, 0, &b, &e), ERR_INPUT);
    assert_string_equal(e.msg, "chart trend: svg line 1: mismatched tag");
    buf_release(&b);
    arena_release(&a);
}

static void html_builder_escapes_by_context(void **state)
{
    struct buf b, u;
    struct html h;

    buf_init(&b, 0);
    html_init(&h, &b);
    html_lit(&h, "<a");
    html_url(&h, "href", "/actions?ref=PEEL22-AFI-3&as_of=2024-02-22");
    html_attr(&h, "title", "it's \"x\" <y>\n&z");
    html_lit(&h, ">");
    html_text(&h, "a < b > c & 'd' \"e\"");
    html_lit(&h, "</a>");
    assert_string_equal(buf_str(&b),
                        "<a href=\"/actions?ref=PEEL22-AFI-3&amp;as_of=2024-02-22\" "
                        "title=\"it&#39;s &quot;x&quot; &lt;y&gt;&#10;&amp;z\">"
                        "a &lt; b &gt; c &amp; 'd' \"e\"</a>");

    /* Only http, https, mailto and relative URLs; anything else goes. */
    buf_reset(&b);
    html_url(&h, "href", "javascript:alert(1)");
    html_url(&h, "href", "JaVaScRiPt:alert(1)");
    html_url(&h, "href", " javascript:alert(1)");
    html_url(&h, "href", "java\tscript:alert(1)");
    html_url(&h, "href", "data:text/html,x");
    html_url(&h, "href", "HTTPS://example.org/a b\"<>");
    html_url(&h, "href", "mailto:x@example.org");
    html_url(&h, "href", "report?x=a:b");
    assert_string_equal(buf_str(&b), " href=\"#\" href=\"#\" href=\"#\" href=\"#\" href=\"#\""
                                     " href=\"HTTPS://example.org/a%20b%22%3C%3E\""
                                     " href=\"mailto:x@example.org\" href=\"report?x=a:b\"");

    buf_init(&u, 0);
    assert_int_equal(html_urlenc(&u, "a b/ü&?=#~._-"), 0);
    assert_string_equal(buf_str(&u), "a%20b%2F%C3%BC%26%3F%3D%23~._-");
    buf_release(&u);

    /* Bytes that are not UTF-8, and characters XML forbids, become U+FFFD;
     * tab, newline and every other character pass. */
    buf_reset(&b);
    html_text(&h, "a\xff" "b\x01" "c\x7f" "d\xc2\x85" "e\xed\xa0\x80" "f\xef\xbf\xbe"
                  "g\xc0\xaf" "h\t\n\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80");
    assert_string_equal(buf_str(&b), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
                                     "d\xef\xbf\xbd" "e\xef\xbf\xbd" "f\xef\xbf\xbd"
                                     "g\xef\xbf\xbd\xef\xbf\xbd"
                                     "h\t\n\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80");

    buf_reset(&b);
    html_text_br(&h, "one\ntwo\r\nthree\rfour");
    assert_string_equal(buf_str(&b), "one<br/>two<br/>three<br/>four");

    /* A size limit met is sticky, and the buffer keeps what fitted. */
    buf_release(&b);
    buf_init(&b, 8);
    html_init(&h, &b);
    assert_int_equal(html_text(&h, "12345"), 0);
    assert_int_equal(html_text(&h, "<<"), ERR_LIMIT);
    assert_int_equal(html_text(&h, "x"), ERR_LIMIT);
    assert_int_equal(html_status(&h), ERR_LIMIT);
    assert_string_equal(buf_str(&b), "12345");
    buf_release(&b);
}

static void md_small_paper(struct doc *d, struct arena *a)
{
    static const char *const items[] = {"- first", "second\nline\n"};
    struct doc_table *t;

    doc_init(d, a, "Inspections update", "2024-02-22", "Force");
    doc_cover(d, "Committee(s)", "Strategic Planning and Performance Committee");
    doc_cover(d, "Public", "");
    doc_heading(d, 1, "Summary");
    doc_para(d, "1. Members are asked to note the report.");
    doc_para(d, "# not a heading *nor* <b>bold</b> [link](x)");
    doc_list(d, 0, items, 2);
    doc_pagebreak(d);
    doc_heading(d, 2, "Actions");
    t = doc_table(d, "actions", "Actions by status | now", 3, 2);
    doc_row(t, a);
    doc_cell(t, a, "Status", DOC_PLAIN, 1);
    doc_cell(t, a, "Count", DOC_PLAIN, 2);
    doc_row(t, a);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "national", DOC_PLAIN, 1);
    doc_cell(t, a, "force", DOC_PLAIN, 1);
    doc_row(t, a);
    doc_cell(t, a, "New reports", DOC_GROUP, 1);
    doc_row(t, a);
    doc_cell(t, a, "Red", DOC_RAG_RED, 1);
    doc_cell(t, a, "1", DOC_NUMBER, 1);
    doc_cell(t, a, "12", DOC_NUMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "Back\\slash | pipe", DOC_PLAIN, 1);
    doc_cell(t, a, "", DOC_PLAIN, 1);
    doc_cell(t, a, "3", DOC_NUMBER, 1);
    doc_row(t, a);
    doc_cell(t, a, "Total", DOC_STRONG, 1);
    doc_cell(t, a, "1", DOC_STRONG, 1);
    doc_cell(t, a, "15", DOC_STRONG, 1);
    doc_chart(d, "trend", SVG, " Open actions by month ", 200, 100);
}

static void md_exact(void **state)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    md_small_paper(&d, &a);
    buf_init(&b, 0);
    assert_int_equal(doc_render_md(&d, &b, &e), 0);
    assert_string_equal(buf_str(&b),
                        "**Committee(s):** Strategic Planning and Performance Committee\n"
                        "\n"
                        "**Public**\n"
                        "\n"
                        "# Summary\n"
                        "\n"
                        "1. Members are asked to note the report.\n"
                        "\n"
                        "\\# not a heading \\*nor\\* \\<b\\>bold\\</b\\> \\[link\\](x)\n"
                        "\n"
                        "- \\- first\n"
                        "- second\\\n"
                        "  line\n"
                        "\n"
                        "## Actions\n"
                        "\n"
                        "**Actions by status | now**\n"
                        "\n"
                        "| Status              | Count: national | Count: force |\n"
                        "| ------------------- | --------------: | -----------: |\n"
                        "| **New reports**     |                 |              |\n"
                        "| Red                 |               1 |           12 |\n"
                        "| Back\\\\slash \\| pipe |                 |            3 |\n"
                        "| **Total**           |           **1** |       **15** |\n"
                        "\n"
                        "*Open actions by month* (chart)\n");
    buf_release(&b);
    arena_release(&a);
}

static void md_committee_table(void **state)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    paper(&d, &a);
    buf_init(&b, 0);
    assert_int_equal(doc_render_md(&d, &b, &e), 0);
    assert_string_equal(
        buf_str(&b),
        "**Committee(s):** Strategic Planning and Performance Committee\n"
        "\n"
        "**Dated:** 22 February 2024\n"
        "\n"
        "**Subject:** Quarterly HMICFRS Inspections Update\n"
        "\n"
        "**Report of:** Commissioner of Police\\\n"
        "Pol 21-24\n"
        "\n"
        "# Summary\n"
        "\n"
        "\\<script\\>alert(1)\\</script\\> & \"quotes\"\n"
        "\n"
        "# Recommendation\n"
        "\n"
        "Members are asked to note the report.\n"
        "\n"
        "# Main Report\n"
        "\n"
        "## Background\n"
        "\n"
        "1. This report provides an overview of related activity over the last quarter.\n"
        "\n"
        "- Vetting & counter corruption\n"
        "- Crime data integrity\n"
        "\n"
        "**Open actions by report**\n"
        "\n"
        "| Report                   | Previous: National   | Previous: Force | Now: National            | Now: Force |\n"
        "| ------------------------ | -------------------- | --------------- | ------------------------ | ---------- |\n"
        "| **New reports**          |                      |                 |                          |            |\n"
        "| An inspection of vetting |                      |                 | 3 AMBER                  |            |\n"
        "| Custody arrangements     |                      |                 | No actions for the force |            |\n"
        "| **Previous reports**     |                      |                 |                          |            |\n"
        "| Roads policing           | 1 NEW RED<br>2 AMBER |                 | 1 NEW GREEN              |            |\n"
        "| Force PEEL inspection    |                      | 1 WHITE         |                          | 2 CLOSED   |\n"
        "\n"
        "*Open actions fell from 200 to 109 over the year.* (chart)\n");
    buf_release(&b);
    arena_release(&a);
}

static void csv_exact(void **state)
{
    struct arena a;
    struct doc d;
    struct doc_table *t;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    doc_init(&d, &a, "T", "2024-02-22", NULL);
    doc_para(&d, "Not in the CSV.");
    t = doc_table(&d, "summary", "Summary", 3, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "Status", DOC_PLAIN, 1);
    doc_cell(t, &a, "National", DOC_PLAIN, 1);
    doc_cell(t, &a, "Force", DOC_PLAIN, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "New reports", DOC_GROUP, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "Red", DOC_RAG_RED, 1);
    doc_cell(t, &a, "1", DOC_NUMBER, 1);
    doc_cell(t, &a, "=SUM(B2:B3)", DOC_NUMBER, 1);
    doc_chart(&d, "c", SVG, "alt", 1, 1);
    t = doc_table(&d, "owners", "Owners", 2, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "Owner", DOC_PLAIN, 1);
    doc_cell(t, &a, "Open", DOC_PLAIN, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "PA Director, Force", DOC_PLAIN, 1);
    doc_cell(t, &a, "2", DOC_NUMBER, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "He said \"no\"\nthen yes", DOC_PLAIN, 1);
    doc_cell(t, &a, "-3", DOC_NUMBER, 1);
    doc_row(t, &a);
    doc_cell(t, &a, "@all", DOC_STRONG, 2);
    buf_init(&b, 0);
    assert_int_equal(doc_render_csv(&d, &b, &e), 0);
    assert_string_equal(buf_str(&b), "table,c1,c2,c3\n"
                                     "summary,Status,National,Force\n"
                                     "summary,New reports,,\n"
                                     "summary,Red,1,'=SUM(B2:B3)\n"
                                     "owners,Owner,Open,\n"
                                     "owners,\"PA Director, Force\",2,\n"
                                     "owners,\"He said \"\"no\"\"\nthen yes\",'-3,\n"
                                     "owners,'@all,,\n");
    buf_release(&b);
    arena_release(&a);
}

static void csv_committee_table(void **state)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    paper(&d, &a);
    buf_init(&b, 0);
    assert_int_equal(doc_render_csv(&d, &b, &e), 0);
    assert_string_equal(buf_str(&b), "table,c1,c2,c3,c4,c5\n"
                                     "reports,Report,Previous,,Now,\n"
                                     "reports,,National,Force,National,Force\n"
                                     "reports,New reports,,,,\n"
                                     "reports,An inspection of vetting,,,3 AMBER,\n"
                                     "reports,Custody arrangements,,,No actions for the force,\n"
                                     "reports,Previous reports,,,,\n"
                                     "reports,Roads policing,\"1 NEW RED\n2 AMBER\",,1 NEW GREEN,\n"
                                     "reports,Force PEEL inspection,,1 WHITE,,2 CLOSED\n");
    buf_release(&b);
    arena_release(&a);
}

/* The same doc, built twice in different arenas, renders to the same bytes
 * in every format: nothing of the moment or of addresses leaks in. */
static void renders_are_deterministic(void **state)
{
    int (*render[])(const struct doc *, struct buf *, struct err *) = {doc_render_md,
                                                                        doc_render_csv};
    struct arena a1, a2;
    struct doc d1, d2;
    struct buf b1, b2;
    struct err e = {0};

    arena_init(&a1);
    arena_init(&a2);
    paper(&d1, &a1);
    arena_alloc(&a2, 12345);
    paper(&d2, &a2);
    for (int frag = 0; frag <= 1; frag++) {
        buf_init(&b1, 0);
        buf_init(&b2, 0);
        assert_int_equal(doc_render_html(&d1, frag, &b1, &e), 0);
        assert_int_equal(doc_render_html(&d2, frag, &b2, &e), 0);
        assert_int_equal(b1.len, b2.len);
        assert_memory_equal(b1.p, b2.p, b1.len);
        buf_release(&b1);
        buf_release(&b2);
    }
    for (size_t i = 0; i < sizeof render / sizeof *render; i++) {
        buf_init(&b1, 0);
        buf_init(&b2, 0);
        assert_int_equal(render[i](&d1, &b1, &e), 0);
        assert_int_equal(render[i](&d2, &b2, &e), 0);
        assert_string_equal(b1.p, b2.p);
        buf_release(&b1);
        buf_release(&b2);
    }
    arena_release(&a1);
    arena_release(&a2);
}

static void renders_report_the_size_limit(void **state)
{
    struct arena a;
    struct doc d;
    struct buf b;
    struct err e = {0};

    arena_init(&a);
    paper(&d, &a);
    buf_init(&b, 100);
    assert_int_equal(doc_render_html(&d, 0, &b, &e), ERR_LIMIT);
    assert_string_equal(e.msg, "the paper is larger than the 100 bytes allowed");
    buf_reset(&b);
    assert_int_equal(doc_render_md(&d, &b, &e), ERR_LIMIT);
    buf_reset(&b);
    assert_int_equal(doc_render_csv(&d, &b, &e), ERR_LIMIT);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_page_is_well_formed_and_escaped),
        cmocka_unit_test(html_shows_the_paper),
        cmocka_unit_test(html_fragment_is_the_article_alone),
        cmocka_unit_test(html_numbers_align_right),
        cmocka_unit_test(html_svg_is_sanitised),
        cmocka_unit_test(html_svg_keeps_drawn_charts),
        cmocka_unit_test(html_bad_chart_fails_the_paper),
        cmocka_unit_test(html_builder_escapes_by_context),
        cmocka_unit_test(md_exact),
        cmocka_unit_test(md_committee_table),
        cmocka_unit_test(csv_exact),
        cmocka_unit_test(csv_committee_table),
        cmocka_unit_test(renders_are_deterministic),
        cmocka_unit_test(renders_report_the_size_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
