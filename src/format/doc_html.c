/* doc_html.c -- a paper as an HTML page for screen and print, or as the
 * fragment the web application wraps in its own page.
 *
 * Written through html.h, so every text of the doc is escaped, and kept
 * polyglot (well-formed XML and valid HTML5). No script, no external
 * reference and no style attribute: presentation is by class, from the one
 * stylesheet below, so that the web application can serve the same sheet
 * under a Content-Security-Policy that forbids inline styles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "format/doc.h"
#include "format/html.h"

/* Colours are GOV.UK's, each pair at least 4.5:1 (WCAG AA for normal
 * text): red #d4351c on white text 4.9, amber #f47738 with black text 7.5,
 * green #00703c on white 6.2, closed #b1b4b6 with #0b0c0c 9.4. */
#define PAPER_CSS                                                                              \
    "html{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff}\n"             \
    "body{margin:0;padding:2rem 1rem}\n"                                                       \
    ".paper{max-width:54rem;margin:0 auto;font-size:1rem;line-height:1.45}\n"                  \
    ".paper h1{font-size:1.5rem;margin:1.75rem 0 .75rem}\n"                                    \
    ".paper h2{font-size:1.25rem;margin:1.5rem 0 .6rem}\n"                                     \
    ".paper h3{font-size:1.05rem;margin:1.25rem 0 .5rem}\n"                                    \
    ".paper p{margin:0 0 .8rem}\n"                                                             \
    ".paper ul,.paper ol{margin:0 0 .8rem;padding-left:2.5em}\n"                               \
    ".paper li{margin:0 0 .3rem}\n"                                                            \
    ".paper p.np{padding-left:2.5em}\n"                                                        \
    ".paper .pn{display:inline-block;width:2.5em;margin-left:-2.5em}\n"                        \
    ".paper table{border-collapse:collapse;width:100%;margin:1.25rem 0 1.5rem;font-size:.9rem}\n"\
    ".paper table.fixed{table-layout:fixed}\n"                                                 \
    ".paper caption{text-align:left;font-weight:bold;font-size:1rem;padding:0 0 .4rem}\n"      \
    ".paper th,.paper td{border:1px solid #b1b4b6;padding:.3rem .45rem;text-align:left;"       \
    "vertical-align:top;overflow-wrap:break-word}\n"                                           \
    ".paper thead th,.paper thead td{background:#f3f2f1;vertical-align:bottom}\n"              \
    ".paper th[scope=colgroup]{text-align:center}\n"                                           \
    ".paper th[scope=rowgroup]{background:#dee0e2}\n"                                          \
    ".paper .num{text-align:right;font-variant-numeric:tabular-nums}\n"                        \
    ".paper .strong{font-weight:bold}\n"                                                       \
    ".paper .rag{font-weight:bold}\n"                                                          \
    ".paper table:not(.fixed) .rag,.paper table:not(.fixed) .nw{white-space:nowrap}\n"        \
    ".paper .rag-red{background:#d4351c;color:#fff}\n"                                         \
    ".paper .rag-amber{background:#f47738;color:#000}\n"                                       \
    ".paper .rag-green{background:#00703c;color:#fff}\n"                                       \
    ".paper .rag-white{background:#fff;color:#0b0c0c;box-shadow:inset 0 0 0 2px #505a5f}\n"    \
    ".paper .rag-closed{background:#b1b4b6;color:#0b0c0c}\n"                                   \
    ".paper table.cover{font-size:1rem;margin-bottom:2rem}\n"                                  \
    ".paper table.cover th{width:30%;background:#f3f2f1}\n"                                    \
    ".paper figure{margin:0 0 1.5rem}\n"                                                       \
    ".paper figure svg{display:block;max-width:100%;height:auto}\n"                            \
    ".paper figcaption{font-size:.9rem;margin-top:.4rem}\n"                                    \
    ".w5{width:5%}.w10{width:10%}.w15{width:15%}.w20{width:20%}.w25{width:25%}"                \
    ".w30{width:30%}.w35{width:35%}.w40{width:40%}.w45{width:45%}.w50{width:50%}\n"            \
    ".w55{width:55%}.w60{width:60%}.w65{width:65%}.w70{width:70%}.w75{width:75%}"              \
    ".w80{width:80%}.w85{width:85%}.w90{width:90%}.w95{width:95%}.w100{width:100%}\n"          \
    "@page{size:A4;margin:18mm 16mm 20mm}\n"                                                   \
    "@page{@bottom-right{content:counter(page);font:9pt Arial,Helvetica,sans-serif}}\n"        \
    "@media print{\n"                                                                          \
    "html{font-size:11pt}\n"                                                                   \
    "body{padding:0}\n"                                                                        \
    ".paper{max-width:none}\n"                                                                 \
    ".paper *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"                    \
    ".paper thead{display:table-header-group}\n"                                               \
    ".paper tr,.paper figure,.paper table.cover{break-inside:avoid;page-break-inside:avoid}\n" \
    ".paper h1,.paper h2,.paper h3,.paper caption,.paper thead{break-after:avoid;"              \
    "page-break-after:avoid}\n"                                                                \
    ".paper tbody:first-of-type tr:first-child,.paper tr.group+tr{break-before:avoid;"         \
    "page-break-before:avoid}\n"                                                               \
    ".paper table.keep{break-inside:avoid;page-break-inside:avoid}\n"                          \
    ".paper p{orphans:3;widows:3}\n"                                                           \
    ".paper .pagebreak{break-before:page;page-break-before:always}\n"                          \
    "}\n"

/* Tables of up to this many rows are not split across pages if avoidable. */
#define KEEP_ROWS 20

static int is_group_row(const struct doc_row *r)
{
    return r->ncells > 0 && r->cells[0].style == DOC_GROUP;
}

/* A short text with no space but a hyphen or slash in it ("2024-02-29",
 * "PEEL22-AFI-3", "7/2023/P"), which browsers would break there when the
 * columns compete for room. */
static int one_word(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && n <= 16 && strcspn(s, " \t\n") == n && strpbrk(s, "-/");
}

/* The class attribute of a cell: its style, then "num" for a figure in a
 * column of figures, "nw" for a word not to be broken. Built from literals
 * only. */
static void cell_class(struct html *h, const struct doc_cell *c, int num, int head)
{
    char cls[40] = "";
    switch (c->style) {
    case DOC_NUMBER: num = 1; break;
    case DOC_STRONG: strcat(cls, " strong"); break;
    case DOC_RAG_RED: strcat(cls, " rag rag-red"); break;
    case DOC_RAG_AMBER: strcat(cls, " rag rag-amber"); break;
    case DOC_RAG_GREEN: strcat(cls, " rag rag-green"); break;
    case DOC_RAG_WHITE: strcat(cls, " rag rag-white"); break;
    case DOC_RAG_CLOSED: strcat(cls, " rag rag-closed"); break;
    case DOC_PLAIN:
    case DOC_GROUP: break;
    }
    if (num)
        strcat(cls, " num");
    if (!head && !num && c->style != DOC_GROUP && one_word(c->text))
        strcat(cls, " nw");
    if (cls[0])
        html_attr(h, "class", cls + 1);
}

/* Widths as classes rounded to 5%: no style attribute may carry them. */
static void colgroup(struct html *h, const struct doc_table *t)
{
    double sum = 0;
    for (size_t c = 0; c < t->ncols; c++)
        sum += t->widths[c] > 0 ? t->widths[c] : 0;
    html_lit(h, "<colgroup>");
    for (size_t c = 0; c < t->ncols; c++) {
        double w = sum > 0 && t->widths[c] > 0 ? t->widths[c] / sum * 100 : 100.0 / t->ncols;
        int pct = (int)(w / 5 + 0.5) * 5;
        char cls[8];
        snprintf(cls, sizeof cls, "w%d", pct < 5 ? 5 : pct > 100 ? 100 : pct);
        html_lit(h, "<col");
        html_attr(h, "class", cls);
        html_lit(h, "/>");
    }
    html_lit(h, "</colgroup>\n");
}

static void row(struct html *h, const struct doc_table *t, const struct doc_row *r, int head,
                const int *num)
{
    size_t col = 0;

    if (!head && is_group_row(r))
        html_lit(h, "<tr class=\"group\">");
    else
        html_lit(h, "<tr>");
    for (size_t i = 0; i < r->ncells && col < t->ncols; i++) {
        const struct doc_cell *c = &r->cells[i];
        size_t span = (size_t)c->colspan;
        /* A group heading alone in its row spans the whole table. */
        if (c->style == DOC_GROUP && r->ncells == 1)
            span = t->ncols;
        if (span > t->ncols - col)
            span = t->ncols - col;
        if (head && !*c->text)
            html_lit(h, "<td");
        else if (head && span > 1)
            html_lit(h, "<th scope=\"colgroup\"");
        else if (head)
            html_lit(h, "<th scope=\"col\"");
        else if (c->style == DOC_GROUP)
            html_lit(h, "<th scope=\"rowgroup\"");
        else
            html_lit(h, "<td");
        if (span > 1)
            html_attr_int(h, "colspan", (long long)span);
        cell_class(h, c, span == 1 && c->style != DOC_GROUP && num[col], head);
        html_lit(h, ">");
        html_text_br(h, c->text);
        if ((head && *c->text) || (!head && c->style == DOC_GROUP))
            html_lit(h, "</th>");
        else
            html_lit(h, "</td>");
        col += span;
    }
    /* Rows built short still fill the grid, so the columns line up. */
    for (; col < t->ncols; col++)
        html_lit(h, "<td></td>");
    html_lit(h, "</tr>\n");
}

static void table(struct html *h, const struct doc_table *t)
{
    size_t nhead = t->nhead < t->nrows ? t->nhead : t->nrows;
    int body_open = 0, body_rows = 0, *num;

    if (t->ncols == 0)
        return;
    num = xcalloc(t->ncols, sizeof *num);
    for (size_t c = 0; c < t->ncols; c++)
        num[c] = doc_numeric_column(t, c);
    /* A short table is kept on one page where it fits; a long one breaks
     * between rows, its header repeated. */
    html_lit(h, "<table");
    if (t->widths && t->nrows <= KEEP_ROWS)
        html_lit(h, " class=\"fixed keep\"");
    else if (t->widths)
        html_lit(h, " class=\"fixed\"");
    else if (t->nrows <= KEEP_ROWS)
        html_lit(h, " class=\"keep\"");
    html_lit(h, ">\n");
    if (t->caption && *t->caption) {
        html_lit(h, "<caption>");
        html_text(h, t->caption);
        html_lit(h, "</caption>\n");
    }
    if (t->widths)
        colgroup(h, t);
    if (nhead) {
        html_lit(h, "<thead>\n");
        for (size_t i = 0; i < nhead; i++)
            row(h, t, &t->rows[i], 1, num);
        html_lit(h, "</thead>\n");
    }
    /* Each group row opens a tbody of its own: that is the row group its
     * scope="rowgroup" heading names. */
    for (size_t i = nhead; i < t->nrows; i++) {
        if (body_open && is_group_row(&t->rows[i]) && body_rows) {
            html_lit(h, "</tbody>\n");
            body_open = 0;
        }
        if (!body_open) {
            html_lit(h, "<tbody>\n");
            body_open = 1;
            body_rows = 0;
        }
        row(h, t, &t->rows[i], 0, num);
        body_rows++;
    }
    if (body_open)
        html_lit(h, "</tbody>\n");
    html_lit(h, "</table>\n");
    free(num);
}

/* A paragraph the report numbered ("12. Since the formation ...") is set
 * with a hanging number, the way committee papers are laid out. */
static void para(struct html *h, const char *s)
{
    size_t d = strspn(s, "0123456789");
    if (d >= 1 && d <= 3 && s[d] == '.' && s[d + 1] == ' ') {
        const char *rest = s + d + 1;
        rest += strspn(rest, " ");
        html_lit(h, "<p class=\"np\"><span class=\"pn\">");
        html_text_n(h, s, d + 1);
        html_lit(h, "</span>");
        html_text_br(h, rest);
    } else {
        html_lit(h, "<p>");
        html_text_br(h, s);
    }
    html_lit(h, "</p>\n");
}

static int chart(struct html *h, const struct doc_chart *c, size_t idx, struct err *e)
{
    char id[32];
    int rc;

    snprintf(id, sizeof id, "chart-%zu", idx);
    html_lit(h, "<figure class=\"chart\">\n");
    if (c->svg && *c->svg) {
        if ((rc = html_svg(h, c->svg, id, c->width, c->height, e))) {
            if (rc == ERR_INPUT)
                err_prefix(e, "chart %s", c->name ? c->name : "");
            return rc;
        }
        html_lit(h, "\n");
    }
    html_lit(h, "<figcaption");
    html_attr(h, "id", id);
    html_lit(h, ">");
    html_text_br(h, c->alt);
    html_lit(h, "</figcaption>\n</figure>\n");
    return 0;
}

static void heading(struct html *h, int level, const char *text)
{
    switch (level) {
    case 1: html_lit(h, "<h1>"); break;
    case 2: html_lit(h, "<h2>"); break;
    default: html_lit(h, "<h3>"); break;
    }
    html_text(h, text);
    switch (level) {
    case 1: html_lit(h, "</h1>\n"); break;
    case 2: html_lit(h, "</h2>\n"); break;
    default: html_lit(h, "</h3>\n"); break;
    }
}

static void cover(struct html *h, const struct doc *d)
{
    /* A paper with a cover names itself in its Subject row; one without
     * still needs its title as the page's heading. */
    if (!d->ncover) {
        heading(h, 1, d->title);
        return;
    }
    html_lit(h, "<table class=\"cover\">\n<tbody>\n");
    for (size_t i = 0; i < d->ncover; i++) {
        html_lit(h, "<tr><th scope=\"row\">");
        html_text(h, d->cover[i].label);
        html_lit(h, "</th><td>");
        html_text_br(h, d->cover[i].value);
        html_lit(h, "</td></tr>\n");
    }
    html_lit(h, "</tbody>\n</table>\n");
}

int doc_render_html(const struct doc *d, int fragment, struct buf *out, struct err *e)
{
    struct html h;
    int rc;

    html_init(&h, out);
    if (!fragment) {
        html_lit(&h, "<!DOCTYPE html>\n"
                     "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\" "
                     "xml:lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                     "<title>");
        html_text(&h, d->title);
        html_lit(&h, "</title>\n");
        if (d->org && *d->org) {
            html_lit(&h, "<meta name=\"author\"");
            html_attr(&h, "content", d->org);
            html_lit(&h, "/>\n");
        }
        html_lit(&h, "<style>\n" PAPER_CSS "</style>\n</head>\n<body>\n");
    }
    html_lit(&h, "<article class=\"paper\">\n");
    cover(&h, d);
    for (size_t i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING: heading(&h, b->level, b->text); break;
        case DOC_PARA: para(&h, b->text ? b->text : ""); break;
        case DOC_LIST:
            if (b->level)
                html_lit(&h, "<ol>\n");
            else
                html_lit(&h, "<ul>\n");
            for (size_t k = 0; k < b->nitems; k++) {
                html_lit(&h, "<li>");
                html_text_br(&h, b->items[k]);
                html_lit(&h, "</li>\n");
            }
            if (b->level)
                html_lit(&h, "</ol>\n");
            else
                html_lit(&h, "</ul>\n");
            break;
        case DOC_TABLE: table(&h, b->table); break;
        case DOC_CHART:
            if ((rc = chart(&h, b->chart, i, e)))
                goto out;
            break;
        case DOC_PAGEBREAK: html_lit(&h, "<div class=\"pagebreak\"></div>\n"); break;
        }
    }
    html_lit(&h, "</article>\n");
    if (!fragment)
        html_lit(&h, "</body>\n</html>\n");
    rc = html_status(&h);
out:
    if (rc == ERR_LIMIT)
        err_set(e, rc, "the paper is larger than the %zu bytes allowed", out->max);
    return rc;
}
