/* doc_docx.c -- a paper as a Word document: WordprocessingML parts written
 * with the XML writer, charts rasterised from their SVG with librsvg, the
 * whole packed with libzip.
 *
 * The document is meant to pass an accessibility check as it stands: real
 * Title and Heading 1-3 styles (with outline levels, so the navigation pane
 * and a PDF's bookmarks follow them), the document's language, table header
 * rows marked to repeat, every chart with its text alternative both as the
 * picture's description and as a visible caption, and colour never the only
 * signal (a RAG cell keeps its word). A table too wide for a portrait page
 * (its words alone need more than the text width) gets landscape pages of
 * its own, with the headings just before it.
 *
 * Determinism: every zip entry carries the paper's date and one fixed
 * compression level, and the document properties carry the same date, so the
 * same doc always gives the same bytes. */
#include "format/doc.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "format/doc_zip.h"
#include "format/xml.h"

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define CT_BASE "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* A4 with 2 cm margins, in twentieths of a point. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN 1134
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define TEXT_W_LANDSCAPE (PAGE_H - 2 * MARGIN)
#define EMU_PER_TWIP 635
#define EMU_PER_PX 9525 /* a CSS pixel, 1/96 inch */
#define CHART_SCALE 2   /* charts are rasterised at twice their CSS size */
#define CHART_MAX_PX 2400
#define ZIP_LEVEL 9

#define FILL_HEAD "D9E2F3"
#define FILL_GROUP "EDEDED"
#define FILL_LABEL "F2F2F2"

/* The RAG fills: light enough that black text on them has a contrast ratio
 * well over 4.5:1. The same colours as doc_xlsx.c. */
static const char *rag_fill(enum doc_style s)
{
    switch (s) {
    case DOC_RAG_RED: return "F28B82";
    case DOC_RAG_AMBER: return "FFCC66";
    case DOC_RAG_GREEN: return "8FD19E";
    case DOC_RAG_WHITE: return "FFFFFF";
    case DOC_RAG_CLOSED: return "D0D5DB";
    default: return NULL;
    }
}

/* fontconfig, which librsvg reaches through pango to lay out a chart's text,
 * keeps its configuration and font cache for the life of the process and
 * cannot be shut down (FcFini asserts while pango holds fonts). So that
 * LeakSanitizer builds report only leaks of ours, its allocations are
 * suppressed here, in the one file that draws text. */
#if defined(__SANITIZE_ADDRESS__)
#define OVERSIGHT_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OVERSIGHT_LSAN 1
#endif
#endif
#ifdef OVERSIGHT_LSAN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
/* and without a note on standard error, which tests compare */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

struct chart_png {
    struct buf png;
    long long cx, cy; /* shown size in EMU */
};

struct part {
    const char *name;
    char *owned; /* name, when allocated */
    struct buf data;
    int store;   /* already compressed: stored as it is */
};

#define NPARTS_FIXED 10

struct docx {
    const struct doc *d;
    struct chart_png *charts; /* one per DOC_CHART block, in order */
    size_t ncharts;
    size_t nnumbered; /* numbered lists: each its own w:num, so each starts at 1 */
};

/* ---- charts ---------------------------------------------------------------- */

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int len)
{
    return buf_add(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int clamp_px(double v)
{
    return v < 1 ? 1 : v > CHART_MAX_PX ? CHART_MAX_PX : (int)(v + 0.5);
}

/* The chart as a PNG at CHART_SCALE times its CSS size, on white (a
 * transparent picture turns dark text unreadable on a dark page colour). */
static int chart_to_png(const struct doc_chart *c, struct chart_png *out, struct err *e)
{
    GError *ge = NULL;
    RsvgHandle *h = NULL;
    cairo_surface_t *s = NULL;
    cairo_t *cr = NULL;
    double w = c->width, hgt = c->height;
    int pw, ph, rc = ERR_INPUT;

    h = rsvg_handle_new_from_data((const guint8 *)c->svg, strlen(c->svg), &ge);
    if (!h) {
        err_set(e, ERR_INPUT, "chart %s: %s", c->name, ge ? ge->message : "not SVG");
        goto out;
    }
    if (w <= 0 || hgt <= 0) {
        if (!rsvg_handle_get_intrinsic_size_in_pixels(h, &w, &hgt) || w <= 0 || hgt <= 0) {
            w = 640;
            hgt = 360;
        }
    }
    pw = clamp_px(w * CHART_SCALE);
    ph = clamp_px(hgt * CHART_SCALE);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    {
        RsvgRectangle vp = {0, 0, pw, ph};
        if (!rsvg_handle_render_document(h, cr, &vp, &ge)) {
            err_set(e, ERR_INPUT, "chart %s: %s", c->name, ge ? ge->message : "cannot draw");
            goto out;
        }
    }
    cairo_surface_flush(s);
    if (cairo_surface_write_to_png_stream(s, png_write, &out->png) != CAIRO_STATUS_SUCCESS) {
        err_set(e, ERR_LIMIT, "chart %s: picture too large", c->name);
        goto out;
    }
    out->cx = (long long)pw / CHART_SCALE * EMU_PER_PX;
    out->cy = (long long)ph / CHART_SCALE * EMU_PER_PX;
    if (out->cx > (long long)TEXT_W * EMU_PER_TWIP) {
        out->cy = out->cy * TEXT_W * EMU_PER_TWIP / out->cx;
        out->cx = (long long)TEXT_W * EMU_PER_TWIP;
    }
    rc = 0;
out:
    if (cr)
        cairo_destroy(cr);
    if (s)
        cairo_surface_destroy(s);
    if (h)
        g_object_unref(h);
    if (ge)
        g_error_free(ge);
    return rc;
}

/* ---- document.xml ---------------------------------------------------------- */

/* Text as runs: a newline becomes a line break within the paragraph. */
static void runs(struct xmlw *w, const char *text, int bold)
{
    const char *p = text ? text : "";

    xmlw_start(w, "w:r");
    if (bold) {
        xmlw_start(w, "w:rPr");
        xmlw_empty(w, "w:b", NULL, NULL);
        xmlw_end(w);
    }
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) {
            xmlw_start(w, "w:t");
            xmlw_attr(w, "xml:space", "preserve");
            xmlw_textn(w, p, n);
            xmlw_end(w);
        }
        if (!nl)
            break;
        xmlw_empty(w, "w:br", NULL, NULL);
        p = nl + 1;
    }
    xmlw_end(w);
}

static void para(struct xmlw *w, const char *style, const char *text)
{
    xmlw_start(w, "w:p");
    if (style) {
        xmlw_start(w, "w:pPr");
        xmlw_empty(w, "w:pStyle", "w:val", style);
        xmlw_end(w);
    }
    runs(w, text, 0);
    xmlw_end(w);
}

static void cell(struct xmlw *w, long long width, int span, const char *fill, const char *text,
                 int bold, int right)
{
    xmlw_start(w, "w:tc");
    xmlw_start(w, "w:tcPr");
    xmlw_start(w, "w:tcW");
    xmlw_attri(w, "w:w", width);
    xmlw_attr(w, "w:type", "dxa");
    xmlw_end(w);
    if (span > 1) {
        xmlw_start(w, "w:gridSpan");
        xmlw_attri(w, "w:val", span);
        xmlw_end(w);
    }
    if (fill) {
        xmlw_start(w, "w:shd");
        xmlw_attr(w, "w:val", "clear");
        xmlw_attr(w, "w:color", "auto");
        xmlw_attr(w, "w:fill", fill);
        xmlw_end(w);
    }
    xmlw_end(w);
    xmlw_start(w, "w:p");
    if (right) {
        xmlw_start(w, "w:pPr");
        xmlw_empty(w, "w:jc", "w:val", "right");
        xmlw_end(w);
    }
    runs(w, text, bold);
    xmlw_end(w);
    xmlw_end(w);
}

/* Figures line up on the right: number cells (their headers too), and bold
 * totals that are whole numbers. */
static int right_aligned(const struct doc_cell *c)
{
    size_t n;
    if (c->style == DOC_NUMBER)
        return 1;
    n = strspn(c->text, "0123456789");
    return c->style == DOC_STRONG && n > 0 && c->text[n] == '\0';
}

static void table_start(struct xmlw *w, const char *caption, const long long *grid, size_t ncols,
                        int header_row)
{
    long long width = 0;

    for (size_t i = 0; i < ncols; i++)
        width += grid[i];
    xmlw_start(w, "w:tbl");
    xmlw_start(w, "w:tblPr");
    xmlw_empty(w, "w:tblStyle", "w:val", "TableGrid");
    xmlw_start(w, "w:tblW");
    xmlw_attri(w, "w:w", width);
    xmlw_attr(w, "w:type", "dxa");
    xmlw_end(w);
    xmlw_empty(w, "w:tblLayout", "w:type", "fixed");
    xmlw_start(w, "w:tblLook");
    xmlw_attr(w, "w:val", header_row ? "0620" : "0680");
    xmlw_attr(w, "w:firstRow", header_row ? "1" : "0");
    xmlw_attr(w, "w:lastRow", "0");
    xmlw_attr(w, "w:firstColumn", header_row ? "0" : "1");
    xmlw_attr(w, "w:lastColumn", "0");
    xmlw_attr(w, "w:noHBand", "1");
    xmlw_attr(w, "w:noVBand", "1");
    xmlw_end(w);
    if (caption && *caption)
        xmlw_empty(w, "w:tblCaption", "w:val", caption);
    xmlw_end(w);
    xmlw_start(w, "w:tblGrid");
    for (size_t i = 0; i < ncols; i++) {
        xmlw_start(w, "w:gridCol");
        xmlw_attri(w, "w:w", grid[i]);
        xmlw_end(w);
    }
    xmlw_end(w);
}

static void cover(struct xmlw *w, const struct doc *d)
{
    long long grid[2] = {TEXT_W * 3 / 10, TEXT_W - TEXT_W * 3 / 10};

    if (d->ncover == 0)
        return;
    table_start(w, "Report details", grid, 2, 0);
    for (size_t i = 0; i < d->ncover; i++) {
        xmlw_start(w, "w:tr");
        xmlw_start(w, "w:trPr");
        xmlw_empty(w, "w:cantSplit", NULL, NULL);
        xmlw_end(w);
        cell(w, grid[0], 1, FILL_LABEL, d->cover[i].label, 1, 0);
        cell(w, grid[1], 1, NULL, d->cover[i].value, 0, 0);
        xmlw_end(w);
    }
    xmlw_end(w);
    para(w, NULL, "");
}

/* The longest word of s, in characters. */
static long long longest_word(const char *s)
{
    long long best = 0, n = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n')
            n = 0;
        else
            n += ((unsigned char)*s & 0xC0) != 0x80;
        if (n > best)
            best = n;
    }
    return best;
}

/* The narrowest each column can be without breaking a word of its own
 * cells, in twips. Widths of 10-point Arial characters are estimated
 * generously, bold wider. */
static long long *column_need(const struct doc_table *t)
{
    long long *need = xcalloc(t->ncols ? t->ncols : 1, sizeof *need);

    for (size_t r = 0; r < t->nrows; r++) {
        size_t col = 0;
        for (size_t c = 0; c < t->rows[r].ncells && col < t->ncols; c++) {
            const struct doc_cell *x = &t->rows[r].cells[c];
            int bold = r < t->nhead || x->style == DOC_STRONG || x->style == DOC_GROUP;
            if (x->colspan <= 1) {
                long long n = longest_word(x->text) * (bold ? 125 : 115) + 2 * 108 + 30;
                if (n > need[col])
                    need[col] = n;
            }
            col += (size_t)x->colspan;
        }
    }
    return need;
}

/* A table too wide for a portrait page: its words alone need more than the
 * text width. It gets a landscape page of its own. */
static int table_wide(const struct doc_table *t)
{
    long long *need = column_need(t), sum = 0;
    for (size_t i = 0; i < t->ncols; i++)
        sum += need[i];
    free(need);
    return sum > TEXT_W;
}

/* Column widths in twips over text_w: the doc's relative widths (or even
 * ones), then widened where a column would break a word of its own cells (a
 * header "Outstanding" over a narrow column of figures), the room taken from
 * the columns with more than they need. */
static void column_grid(const struct doc_table *t, long long text_w, long long *grid)
{
    long long *need = column_need(t);
    long long spare = 0, deficit = 0, used = 0;
    double sum = 0;

    for (size_t i = 0; i < t->ncols; i++)
        sum += t->widths && t->widths[i] > 0 ? t->widths[i] : 0;
    for (size_t i = 0; i < t->ncols; i++) {
        double share = sum > 0 ? (t->widths[i] > 0 ? t->widths[i] : 0) / sum : 1.0 / (double)t->ncols;
        grid[i] = (long long)(share * (double)text_w);
        if (grid[i] < need[i])
            deficit += need[i] - grid[i];
        else
            spare += grid[i] - need[i];
    }
    if (deficit > 0 && spare >= deficit)
        for (size_t i = 0; i < t->ncols; i++)
            grid[i] = grid[i] < need[i] ? need[i] : grid[i] - (grid[i] - need[i]) * deficit / spare;
    for (size_t i = 0; i < t->ncols; i++) {
        if (grid[i] < 200)
            grid[i] = 200;
        used += grid[i];
    }
    grid[t->ncols - 1] += text_w - used; /* what rounding left over */
    if (grid[t->ncols - 1] < 200)
        grid[t->ncols - 1] = 200;
    free(need);
}

static void table(struct xmlw *w, const struct doc_table *t, long long text_w)
{
    long long *grid;

    if (t->caption && *t->caption) {
        xmlw_start(w, "w:p");
        xmlw_start(w, "w:pPr");
        xmlw_empty(w, "w:pStyle", "w:val", "Caption");
        xmlw_end(w);
        runs(w, t->caption, 0);
        xmlw_end(w);
    }
    if (t->nrows == 0 || t->ncols == 0)
        return; /* Word refuses a table without rows */

    grid = xcalloc(t->ncols, sizeof *grid);
    column_grid(t, text_w, grid);
    table_start(w, t->caption, grid, t->ncols, t->nhead > 0);
    for (size_t r = 0; r < t->nrows; r++) {
        const struct doc_row *row = &t->rows[r];
        int head = r < t->nhead;
        size_t col = 0;

        xmlw_start(w, "w:tr");
        xmlw_start(w, "w:trPr");
        xmlw_empty(w, "w:cantSplit", NULL, NULL);
        if (head)
            xmlw_empty(w, "w:tblHeader", NULL, NULL);
        xmlw_end(w);
        for (size_t c = 0; c < row->ncells && col < t->ncols; c++) {
            const struct doc_cell *x = &row->cells[c];
            size_t span = (size_t)x->colspan;
            long long width = 0;
            const char *fill = rag_fill(x->style);
            int bold = head || x->style == DOC_STRONG || x->style == DOC_GROUP;

            if (span > t->ncols - col)
                span = t->ncols - col;
            for (size_t k = 0; k < span; k++)
                width += grid[col + k];
            if (head)
                fill = FILL_HEAD;
            else if (x->style == DOC_GROUP)
                fill = FILL_GROUP;
            cell(w, width, (int)span, fill, x->text, bold, right_aligned(x));
            col += span;
        }
        /* Word and LibreOffice draw a short row ragged: complete the grid. */
        for (; col < t->ncols; col++)
            cell(w, grid[col], 1, head ? FILL_HEAD : NULL, "", 0, 0);
        xmlw_end(w);
    }
    xmlw_end(w);
    free(grid);
}

static void chart(struct xmlw *w, const struct doc_chart *c, const struct chart_png *png, size_t n)
{
    char rid[32], name[48];
    const char *alt = c->alt && *c->alt ? c->alt : c->name;

    snprintf(rid, sizeof rid, "rIdChart%zu", n);
    snprintf(name, sizeof name, "chart%zu.png", n);
    xmlw_start(w, "w:p");
    xmlw_start(w, "w:pPr");
    xmlw_empty(w, "w:keepNext", NULL, NULL);
    xmlw_empty(w, "w:jc", "w:val", "center");
    xmlw_end(w);
    xmlw_start(w, "w:r");
    xmlw_start(w, "w:drawing");
    xmlw_start(w, "wp:inline");
    xmlw_attr(w, "distT", "0");
    xmlw_attr(w, "distB", "0");
    xmlw_attr(w, "distL", "0");
    xmlw_attr(w, "distR", "0");
    xmlw_start(w, "wp:extent");
    xmlw_attri(w, "cx", png->cx);
    xmlw_attri(w, "cy", png->cy);
    xmlw_end(w);
    xmlw_raw(w, "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>");
    xmlw_start(w, "wp:docPr");
    xmlw_attri(w, "id", (long long)n);
    xmlw_attr(w, "name", c->name);
    xmlw_attr(w, "descr", alt);
    xmlw_end(w);
    xmlw_raw(w, "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/>"
                "</wp:cNvGraphicFramePr>");
    xmlw_start(w, "a:graphic");
    xmlw_start(w, "a:graphicData");
    xmlw_attr(w, "uri", NS_PIC);
    xmlw_start(w, "pic:pic");
    xmlw_start(w, "pic:nvPicPr");
    xmlw_start(w, "pic:cNvPr");
    xmlw_attri(w, "id", (long long)n);
    xmlw_attr(w, "name", name);
    xmlw_attr(w, "descr", alt);
    xmlw_end(w);
    xmlw_empty(w, "pic:cNvPicPr", NULL, NULL);
    xmlw_end(w);
    xmlw_start(w, "pic:blipFill");
    xmlw_empty(w, "a:blip", "r:embed", rid);
    xmlw_raw(w, "<a:stretch><a:fillRect/></a:stretch>");
    xmlw_end(w);
    xmlw_start(w, "pic:spPr");
    xmlw_start(w, "a:xfrm");
    xmlw_raw(w, "<a:off x=\"0\" y=\"0\"/>");
    xmlw_start(w, "a:ext");
    xmlw_attri(w, "cx", png->cx);
    xmlw_attri(w, "cy", png->cy);
    xmlw_end(w);
    xmlw_end(w);
    xmlw_raw(w, "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom>");
    xmlw_end(w); /* pic:spPr */
    xmlw_end(w); /* pic:pic */
    xmlw_end(w); /* a:graphicData */
    xmlw_end(w); /* a:graphic */
    xmlw_end(w); /* wp:inline */
    xmlw_end(w); /* w:drawing */
    xmlw_end(w); /* w:r */
    xmlw_end(w); /* w:p */
    para(w, "Caption", alt);
}

static void list(struct xmlw *w, const struct doc_block *b, long long num_id)
{
    for (size_t i = 0; i < b->nitems; i++) {
        xmlw_start(w, "w:p");
        xmlw_start(w, "w:pPr");
        xmlw_empty(w, "w:pStyle", "w:val", "ListParagraph");
        xmlw_start(w, "w:numPr");
        xmlw_empty(w, "w:ilvl", "w:val", "0");
        xmlw_start(w, "w:numId");
        xmlw_attri(w, "w:val", num_id);
        xmlw_end(w);
        xmlw_end(w);
        xmlw_end(w);
        runs(w, b->items[i], 0);
        xmlw_end(w);
    }
}

/* The properties of a section, written where the section ends: A4 portrait
 * or landscape, the footer with the page number. */
static void section(struct xmlw *w, int landscape)
{
    xmlw_raw(w, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>");
    xmlw_raw(w, landscape ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
                          : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>");
    xmlw_raw(w, "<w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\""
                " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr>");
}

/* Ends the current section (portrait or landscape) at an empty paragraph;
 * the next begins on a new page. */
static void section_break(struct xmlw *w, int landscape)
{
    xmlw_raw(w, "<w:p><w:pPr>");
    section(w, landscape);
    xmlw_raw(w, "</w:pPr></w:p>");
}

static int document_xml(const struct docx *x, struct buf *out, struct err *e)
{
    const struct doc *d = x->d;
    struct xmlw w;
    size_t nchart = 0, nnum = 0;
    int last_table = 0, cur = 0;
    /* landscape[i]: block i sits on landscape pages: a wide table, with the
     * headings just before it so that they stay with it. */
    int *landscape = xcalloc(d->nblocks ? d->nblocks : 1, sizeof *landscape);

    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == DOC_TABLE && d->blocks[i].table->nrows > 0 &&
            table_wide(d->blocks[i].table)) {
            landscape[i] = 1;
            for (size_t j = i; j > 0 && d->blocks[j - 1].kind == DOC_HEADING; j--)
                landscape[j - 1] = 1;
        }

    xmlw_init(&w, out);
    xmlw_decl(&w);
    xmlw_start(&w, "w:document");
    xmlw_attr(&w, "xmlns:w", NS_W);
    xmlw_attr(&w, "xmlns:r", NS_R);
    xmlw_attr(&w, "xmlns:wp", NS_WP);
    xmlw_attr(&w, "xmlns:a", NS_A);
    xmlw_attr(&w, "xmlns:pic", NS_PIC);
    xmlw_start(&w, "w:body");
    para(&w, "Title", d->title);
    cover(&w, d);
    for (size_t i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];
        static const char *const heading[] = {"Heading1", "Heading1", "Heading2", "Heading3"};

        if (b->kind == DOC_PAGEBREAK) {
            size_t k = i + 1;
            while (k < d->nblocks && d->blocks[k].kind == DOC_PAGEBREAK)
                k++;
            /* A change of orientation starts a new page already: a page
             * break beside it would leave a blank page. */
            if (k < d->nblocks && landscape[k] != cur)
                continue;
            xmlw_raw(&w, "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
            last_table = 0;
            continue;
        }
        if (landscape[i] != cur) {
            section_break(&w, cur);
            cur = landscape[i];
        }
        last_table = 0;
        switch (b->kind) {
        case DOC_HEADING:
            para(&w, heading[b->level < 1 || b->level > 3 ? 1 : b->level], b->text);
            break;
        case DOC_PARA:
            /* Space between a table and the text after it, as Word gives a
             * paragraph after a paragraph. */
            if (i > 0 && d->blocks[i - 1].kind == DOC_TABLE) {
                xmlw_start(&w, "w:p");
                xmlw_raw(&w, "<w:pPr><w:spacing w:before=\"160\"/></w:pPr>");
                runs(&w, b->text, 0);
                xmlw_end(&w);
            } else {
                para(&w, NULL, b->text);
            }
            break;
        case DOC_LIST:
            /* Bullets share w:num 1; numbered lists are 2, 3, ... */
            list(&w, b, b->level ? (long long)(2 + nnum++) : 1);
            break;
        case DOC_TABLE:
            table(&w, b->table, cur ? TEXT_W_LANDSCAPE : TEXT_W);
            last_table = b->table->nrows > 0;
            break;
        case DOC_CHART:
            nchart++;
            chart(&w, b->chart, &x->charts[nchart - 1], nchart);
            break;
        case DOC_PAGEBREAK:
            break;
        }
    }
    if (last_table)
        para(&w, NULL, ""); /* Word ends a body with a paragraph, never a table */
    section(&w, cur);
    xmlw_end(&w);
    xmlw_end(&w);
    free(landscape);
    return xmlw_finish(&w, e);
}

/* ---- the fixed parts ------------------------------------------------------- */

static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"" NS_W "\">"
    "<w:docDefaults><w:rPrDefault><w:rPr>"
    "<w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>"
    "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-GB\"/>"
    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
    "<w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/>"
    "</w:pPr></w:pPrDefault></w:docDefaults>"

    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
    "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"

    "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
    "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/>"
    "<w:unhideWhenUsed/></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/>"
    "<w:qFormat/><w:pPr><w:keepNext/><w:spacing w:after=\"240\"/></w:pPr>"
    "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"36\"/><w:szCs w:val=\"36\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/>"
    "<w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"360\" w:after=\"120\"/>"
    "<w:outlineLvl w:val=\"0\"/></w:pPr>"
    "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/>"
    "<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    "<w:spacing w:before=\"240\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr>"
    "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/>"
    "<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>"
    "<w:spacing w:before=\"200\" w:after=\"80\"/><w:outlineLvl w:val=\"2\"/></w:pPr>"
    "<w:rPr><w:b/><w:bCs/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"35\"/>"
    "<w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"80\"/>"
    "</w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/>"
    "<w:pPr><w:ind w:left=\"720\"/></w:pPr></w:style>"

    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>"
    "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>"
    "<w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>"

    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
    "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>"
    "<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
    "<w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
    "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
    "</w:tblCellMar></w:tblPr></w:style>"

    "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
    "<w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>"
    "<w:pPr><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>"
    "<w:rPr><w:sz w:val=\"20\"/><w:szCs w:val=\"20\"/></w:rPr>"
    "<w:tblPr><w:tblBorders>"
    "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"7F7F7F\"/>"
    "</w:tblBorders></w:tblPr></w:style>"
    "</w:styles>";

static const char SETTINGS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:settings xmlns:w=\"" NS_W "\">"
    "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>"
    "<w:compat><w:compatSetting w:name=\"compatibilityMode\""
    " w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
    "</w:settings>";

static const char FOOTER[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr xmlns:w=\"" NS_W "\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
    "<w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>"
    "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
    "<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>"
    "<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r></w:fldSimple>"
    "</w:p></w:ftr>";

static const char RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"" REL_BASE "officeDocument\" Target=\"word/document.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" REL_BASE "extended-properties\" Target=\"docProps/app.xml\"/>"
    "</Relationships>";

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Default Extension=\"png\" ContentType=\"image/png\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"" CT_BASE "document.main+xml\"/>"
    "<Override PartName=\"/word/styles.xml\" ContentType=\"" CT_BASE "styles+xml\"/>"
    "<Override PartName=\"/word/numbering.xml\" ContentType=\"" CT_BASE "numbering+xml\"/>"
    "<Override PartName=\"/word/settings.xml\" ContentType=\"" CT_BASE "settings+xml\"/>"
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"" CT_BASE "footer+xml\"/>"
    "<Override PartName=\"/docProps/core.xml\""
    " ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
    "<Override PartName=\"/docProps/app.xml\""
    " ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
    "</Types>";

static int numbering_xml(const struct docx *x, struct buf *out, struct err *e)
{
    struct xmlw w;

    xmlw_init(&w, out);
    xmlw_decl(&w);
    xmlw_start(&w, "w:numbering");
    xmlw_attr(&w, "xmlns:w", NS_W);
    xmlw_raw(&w, "<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>"
                 "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                 "<w:lvlText w:val=\"\xE2\x80\xA2\"/><w:lvlJc w:val=\"left\"/>"
                 "<w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl></w:abstractNum>"
                 "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"singleLevel\"/>"
                 "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
                 "<w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/>"
                 "<w:pPr><w:ind w:left=\"567\" w:hanging=\"567\"/></w:pPr></w:lvl></w:abstractNum>"
                 "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>");
    for (size_t i = 0; i < x->nnumbered; i++) {
        xmlw_start(&w, "w:num");
        xmlw_attri(&w, "w:numId", (long long)(2 + i));
        xmlw_empty(&w, "w:abstractNumId", "w:val", "1");
        xmlw_raw(&w, "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>");
        xmlw_end(&w);
    }
    xmlw_end(&w);
    return xmlw_finish(&w, e);
}

static int document_rels(const struct docx *x, struct buf *out, struct err *e)
{
    struct xmlw w;

    xmlw_init(&w, out);
    xmlw_decl(&w);
    xmlw_start(&w, "Relationships");
    xmlw_attr(&w, "xmlns", NS_PKG_REL);
    xmlw_raw(&w, "<Relationship Id=\"rIdStyles\" Type=\"" REL_BASE "styles\" Target=\"styles.xml\"/>"
                 "<Relationship Id=\"rIdNumbering\" Type=\"" REL_BASE "numbering\""
                 " Target=\"numbering.xml\"/>"
                 "<Relationship Id=\"rIdSettings\" Type=\"" REL_BASE "settings\""
                 " Target=\"settings.xml\"/>"
                 "<Relationship Id=\"rIdFooter\" Type=\"" REL_BASE "footer\" Target=\"footer1.xml\"/>");
    for (size_t i = 1; i <= x->ncharts; i++) {
        char id[32], target[48];
        snprintf(id, sizeof id, "rIdChart%zu", i);
        snprintf(target, sizeof target, "media/chart%zu.png", i);
        xmlw_start(&w, "Relationship");
        xmlw_attr(&w, "Id", id);
        xmlw_attr(&w, "Type", REL_BASE "image");
        xmlw_attr(&w, "Target", target);
        xmlw_end(&w);
    }
    xmlw_end(&w);
    return xmlw_finish(&w, e);
}

/* when: the paper's date as a W3CDTF moment. */
static int core_xml(const struct doc *d, const char *when, struct buf *out, struct err *e)
{
    struct xmlw w;

    xmlw_init(&w, out);
    xmlw_decl(&w);
    xmlw_start(&w, "cp:coreProperties");
    xmlw_attr(&w, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xmlw_attr(&w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xmlw_attr(&w, "xmlns:dcterms", "http://purl.org/dc/terms/");
    xmlw_attr(&w, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
    xmlw_attr(&w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    xmlw_start(&w, "dc:title");
    xmlw_text(&w, d->title);
    xmlw_end(&w);
    xmlw_start(&w, "dc:creator");
    xmlw_text(&w, d->org);
    xmlw_end(&w);
    xmlw_start(&w, "cp:lastModifiedBy");
    xmlw_text(&w, d->org);
    xmlw_end(&w);
    xmlw_raw(&w, "<dc:language>en-GB</dc:language>");
    xmlw_start(&w, "dcterms:created");
    xmlw_attr(&w, "xsi:type", "dcterms:W3CDTF");
    xmlw_text(&w, when);
    xmlw_end(&w);
    xmlw_start(&w, "dcterms:modified");
    xmlw_attr(&w, "xsi:type", "dcterms:W3CDTF");
    xmlw_text(&w, when);
    xmlw_end(&w);
    xmlw_end(&w);
    return xmlw_finish(&w, e);
}

static int app_xml(const struct doc *d, struct buf *out, struct err *e)
{
    struct xmlw w;

    xmlw_init(&w, out);
    xmlw_decl(&w);
    xmlw_start(&w, "Properties");
    xmlw_attr(&w, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    xmlw_attr(&w, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
    xmlw_raw(&w, "<Application>oversight</Application>");
    xmlw_start(&w, "Company");
    xmlw_text(&w, d->org);
    xmlw_end(&w);
    xmlw_end(&w);
    return xmlw_finish(&w, e);
}

/* ---- the package ----------------------------------------------------------- */

static int pack(struct part *parts, size_t n, time_t mtime, struct buf *out, struct err *e)
{
    struct doc_zip zp;
    zip_t *z;
    int rc = ERR_IO;

    if (doc_zip_open(&zp, "zip", "document", NULL, 0, ZIP_TRUNCATE, e) != 0)
        goto out;
    z = zp.z;
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i].data.p, parts[i].data.len, 0);
        zip_int64_t idx;
        if (!s) {
            err_set(e, ERR_IO, "zip: %s", zip_strerror(z));
            goto out;
        }
        idx = zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(s);
            err_set(e, ERR_IO, "zip %s: %s", parts[i].name, zip_strerror(z));
            goto out;
        }
        if (zip_set_file_compression(z, (zip_uint64_t)idx, parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                     parts[i].store ? 0 : ZIP_LEVEL) < 0 ||
            zip_file_set_mtime(z, (zip_uint64_t)idx, mtime, 0) < 0) {
            err_set(e, ERR_IO, "zip %s: %s", parts[i].name, zip_strerror(z));
            goto out;
        }
    }
    rc = doc_zip_close(&zp, out, e);
out:
    doc_zip_release(&zp);
    return rc;
}

int doc_render_docx(const struct doc *d, struct buf *out, struct err *e)
{
    struct docx x;
    struct part *parts = NULL;
    size_t nparts = 0, nchart = 0;
    int32_t day;
    int y, m, dd, rc;
    char when[32];

    memset(&x, 0, sizeof x);
    x.d = d;
    if (!d->date || date_parse(d->date, strlen(d->date), &day) != 0)
        return err_set(e, ERR_INPUT, "paper date \"%s\" is not YYYY-MM-DD", d->date ? d->date : "");
    date_to_ymd(day, &y, &m, &dd);
    snprintf(when, sizeof when, "%04d-%02d-%02dT00:00:00Z", y, m, dd);

    for (size_t i = 0; i < d->nblocks; i++) {
        x.ncharts += d->blocks[i].kind == DOC_CHART;
        x.nnumbered += d->blocks[i].kind == DOC_LIST && d->blocks[i].level;
    }
    x.charts = xcalloc(x.ncharts ? x.ncharts : 1, sizeof *x.charts);
    parts = xcalloc(NPARTS_FIXED + x.ncharts, sizeof *parts);
    for (size_t i = 0; i < x.ncharts; i++)
        buf_init(&x.charts[i].png, BUF_MAX_DEFAULT);
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == DOC_CHART &&
            (rc = chart_to_png(d->blocks[i].chart, &x.charts[nchart++], e)) != 0)
            goto out;

/* A register's whole appendix can make word/document.xml far larger than
 * other buffers: its limit is the paper's own (512 MiB). */
#define PART(nm) (parts[nparts].name = (nm), buf_init(&parts[nparts].data, (size_t)512 << 20), \
                  &parts[nparts++].data)
    if (buf_adds(PART("[Content_Types].xml"), CONTENT_TYPES) || buf_adds(PART("_rels/.rels"), RELS) ||
        buf_adds(PART("word/styles.xml"), STYLES) || buf_adds(PART("word/settings.xml"), SETTINGS) ||
        buf_adds(PART("word/footer1.xml"), FOOTER)) {
        rc = err_set(e, ERR_LIMIT, "document part too large");
        goto out;
    }
    if ((rc = document_xml(&x, PART("word/document.xml"), e)) != 0 ||
        (rc = document_rels(&x, PART("word/_rels/document.xml.rels"), e)) != 0 ||
        (rc = numbering_xml(&x, PART("word/numbering.xml"), e)) != 0 ||
        (rc = core_xml(d, when, PART("docProps/core.xml"), e)) != 0 ||
        (rc = app_xml(d, PART("docProps/app.xml"), e)) != 0)
        goto out;
#undef PART
    for (size_t i = 0; i < x.ncharts; i++) {
        char *name = xmalloc(64);
        snprintf(name, 64, "word/media/chart%zu.png", i + 1);
        parts[nparts].name = parts[nparts].owned = name;
        parts[nparts].data = x.charts[i].png; /* moved: released with the parts */
        buf_init(&x.charts[i].png, BUF_MAX_DEFAULT);
        parts[nparts].store = 1;
        nparts++;
    }
    rc = pack(parts, nparts, doc_zip_date(day), out, e);
out:
    for (size_t i = 0; i < nparts; i++) {
        buf_release(&parts[i].data);
        free(parts[i].owned);
    }
    for (size_t i = 0; x.charts && i < x.ncharts; i++)
        buf_release(&x.charts[i].png);
    free(parts);
    free(x.charts);
    return rc;
}
