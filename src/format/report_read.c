/* report_read.c -- a published report's text, line by line with its pages:
 * PDF (poppler-glib), DOCX (libzip + expat) and plain text.
 *
 * PDF: poppler gives each page's text in its own reading order, which runs
 * down a table column by column, and glues neighbouring cells together
 * ("team.Strategy, Planning &"). So the text is laid out again from the
 * character boxes poppler gives with it: characters make segments (a new
 * one where a line ends or a gap opens that no space explains), segments on
 * the same baseline make a line, and lines whose segments stand in columns
 * make table rows, their cells separated by tabs. A larger gap between lines
 * than the page's usual one is a paragraph break (an empty line). */
#include "format/report_read.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/xalloc.h"

/* ---- the lines read -------------------------------------------------------- */

struct sink {
    struct arena *a;
    const char *display;
    struct extract_line *v;
    size_t n, cap;
    size_t total;
    int rc;
    struct err *e;
};

static int sink_line(struct sink *s, const char *p, size_t n, int page, unsigned flags)
{
    struct extract_line *l;
    if (s->rc)
        return s->rc;
    s->total += n + 1;
    if (s->total > REPORT_MAX_TEXT)
        return s->rc = err_set(s->e, ERR_LIMIT, "%s: more than %zu MiB of text (refused)",
                               s->display, REPORT_MAX_TEXT >> 20);
    xgrow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    l = &s->v[s->n++];
    l->text = n ? arena_strndup(s->a, p, n) : "";
    l->len = n;
    l->page = page;
    l->flags = flags;
    return 0;
}

/* Every line of p[0..n) (split at newlines), on page. */
static int sink_text(struct sink *s, const char *p, size_t n, int page)
{
    size_t i = 0;
    while (i <= n && !s->rc) {
        const char *nl = memchr(p + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - p) : n;
        if (e > i || nl)
            sink_line(s, p + i, e - i, page, 0);
        if (!nl)
            break;
        i = e + 1;
    }
    return s->rc;
}

static void sink_done(struct sink *s, struct report_text *out)
{
    out->n = s->n;
    out->lines = arena_alloc(s->a, (s->n ? s->n : 1) * sizeof *out->lines);
    if (s->n)
        memcpy(out->lines, s->v, s->n * sizeof *s->v);
    free(s->v);
    s->v = NULL;
}

/* ---- text ------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p, or 0 (overlong forms, surrogates
 * and code points past U+10FFFF are not valid). */
static size_t utf8_valid(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t k;
    unsigned v;
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (n < k)
        return 0;
    v = c & (0xFF >> (k + 1));
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3F);
    }
    if (k == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF)))
        return 0;
    if (k == 4 && (v < 0x10000 || v > 0x10FFFF))
        return 0;
    return k;
}

int report_read_text(const void *data, size_t n, const char *display, struct arena *a,
                     struct report_text *out, struct err *e)
{
    const unsigned char *p = data;
    struct sink s = {a, display, NULL, 0, 0, 0, 0, e};
    size_t i = 0, start, line = 1;
    int page = 1;

    memset(out, 0, sizeof *out);
    out->format = REPORT_TEXT;
    if (n > REPORT_MAX_TEXT)
        return err_set(e, ERR_LIMIT, "%s: larger than %zu MiB (refused)", display,
                       REPORT_MAX_TEXT >> 20);
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    start = i;
    while (i < n) {
        unsigned char c = p[i];
        size_t k;
        if (c == '\n' || c == '\r' || c == '\f') {
            sink_line(&s, (const char *)p + start, i - start, page, 0);
            if (c == '\r' && i + 1 < n && p[i + 1] == '\n')
                i++;
            if (c == '\f')
                page++;
            else
                line++;
            start = ++i;
            continue;
        }
        if (c == 0) {
            err_set(e, ERR_INPUT, "%s:%zu: a NUL byte: not a text file", display, line);
            free(s.v);
            return ERR_INPUT;
        }
        k = utf8_valid(p + i, n - i);
        if (!k) {
            err_set(e, ERR_INPUT,
                    "%s:%zu: not UTF-8 text (save the report as UTF-8, or give the PDF or DOCX)",
                    display, line);
            free(s.v);
            return ERR_INPUT;
        }
        i += k;
    }
    if (i > start)
        sink_line(&s, (const char *)p + start, i - start, page, 0);
    if (s.rc) {
        free(s.v);
        return s.rc;
    }
    sink_done(&s, out);
    out->pages = page;
    return 0;
}

/* ---- PDF: laying a page out again ---------------------------------------------- */

struct seg {
    double x0, y0, x1, y1;
    size_t off, end; /* bytes of the page text */
    size_t w0, nw;   /* its words */
};

/* Where a word starts: for splitting cells that run into each other. */
struct word {
    double x;
    size_t off;      /* page text (a segment's), then cell text (a cell's) */
};

/* A run of segments of one line close enough to read as one: a cell. */
struct cell {
    double x0, x1;
    size_t off, len; /* in the page's cell text */
    size_t w0, nw;   /* its words, in cwords */
};

struct pline {
    double y0, y1, h;
    size_t c0, nc;   /* its cells */
};

static int cmp_seg_y(const void *pa, const void *pb)
{
    const struct seg *a = pa, *b = pb;
    if (a->y0 != b->y0)
        return a->y0 < b->y0 ? -1 : 1;
    return a->x0 < b->x0 ? -1 : a->x0 > b->x0;
}

static int cmp_seg_x(const void *pa, const void *pb)
{
    const struct seg *a = pa, *b = pb;
    return a->x0 < b->x0 ? -1 : a->x0 > b->x0;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

/* Whether s[0..n) is a list marker: a bullet, "1.", "(a)", "iv)". */
static int list_marker(const char *s, size_t n)
{
    size_t i = 0;
    if (!n || n > 6)
        return 0;
    if ((unsigned char)s[0] >= 0x80)
        return n <= 3;
    if (n == 1 && strchr("-*o", s[0]))
        return 1;
    if (s[0] == '(')
        i++;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    return i > (s[0] == '(') && i + 1 == n && (s[i] == '.' || s[i] == ')');
}

struct band {
    double x0, x1;
};

/* Adds [x0, x1] to the sorted, disjoint bands, merging what it overlaps. */
static void band_add(struct band **b, size_t *nb, size_t *cap, double x0, double x1)
{
    size_t i = 0, j;
    while (i < *nb && (*b)[i].x1 < x0)
        i++;
    j = i;
    while (j < *nb && (*b)[j].x0 <= x1) {
        if ((*b)[j].x0 < x0)
            x0 = (*b)[j].x0;
        if ((*b)[j].x1 > x1)
            x1 = (*b)[j].x1;
        j++;
    }
    if (j == i) {
        xgrow((void **)b, cap, *nb + 1, sizeof **b);
        memmove(*b + i + 1, *b + i, (*nb - i) * sizeof **b);
        (*nb)++;
    } else if (j > i + 1) {
        memmove(*b + i + 1, *b + j, (*nb - j) * sizeof **b);
        *nb -= j - i - 1;
    }
    (*b)[i].x0 = x0;
    (*b)[i].x1 = x1;
}

/* How many bands [x0, x1] overlaps; *which gets the first. */
static size_t band_hits(const struct band *b, size_t nb, double x0, double x1, size_t *which)
{
    size_t hits = 0;
    for (size_t i = 0; i < nb; i++)
        if (b[i].x0 <= x1 && x0 <= b[i].x1) {
            if (!hits)
                *which = i;
            hits++;
        }
    return hits;
}

struct page_layout {
    struct seg *segs;
    size_t nsegs, capsegs;
    struct cell *cells;
    size_t ncells, capcells;
    struct pline *lines;
    size_t nlines, caplines;
    struct band *bands;
    size_t nbands, capbands;
    struct word *words, *cwords;
    size_t nwords, capwords, ncwords, capcwords;
    double *edge;
    size_t capedge;
    struct buf ctext;   /* the cells' text */
    double *gaps;
    size_t capgaps;
};

static void layout_release(struct page_layout *L)
{
    free(L->segs);
    free(L->cells);
    free(L->lines);
    free(L->bands);
    free(L->gaps);
    free(L->words);
    free(L->cwords);
    free(L->edge);
    buf_release(&L->ctext);
}

/* Characters into segments. Returns 0, or -1 when the boxes do not match
 * the text (then the text is taken as poppler gives it). */
static int make_segs(struct page_layout *L, const char *t, const PopplerRectangle *r, guint nr)
{
    const char *q = t;
    guint i = 0;
    int open = 0, space = 0;
    struct seg cur = {0};

    L->nsegs = L->nwords = 0;
    while (*q) {
        gunichar u;
        const char *nx;
        if (i >= nr)
            return -1;
        u = g_utf8_get_char_validated(q, -1);
        if (u == (gunichar)-1 || u == (gunichar)-2)
            return -1;
        nx = g_utf8_next_char(q);
        if (u == '\n') {
            if (open) {
                xgrow((void **)&L->segs, &L->capsegs, L->nsegs + 1, sizeof *L->segs);
                L->segs[L->nsegs++] = cur;
            }
            open = space = 0;
        } else if (g_unichar_isspace(u)) {
            space = 1;
        } else {
            const PopplerRectangle *rc = &r[i];
            double h = rc->y2 - rc->y1;
            if (!(h > 0.1))
                h = 0.1;
            if (open) {
                double ch = cur.y1 - cur.y0, hh = h > ch ? h : ch;
                double mid = (rc->y1 + rc->y2) / 2, cmid = (cur.y0 + cur.y1) / 2;
                double gap = rc->x1 - cur.x1;
                /* a new segment where the line jumps, or a gap opens wider
                 * than a space would explain (a table's next cell) */
                if (fabs(mid - cmid) > 0.5 * hh || gap > (space ? 0.8 : 0.35) * hh || gap < -hh) {
                    xgrow((void **)&L->segs, &L->capsegs, L->nsegs + 1, sizeof *L->segs);
                    L->segs[L->nsegs++] = cur;
                    open = 0;
                }
            }
            if (!open || space) {
                xgrow((void **)&L->words, &L->capwords, L->nwords + 1, sizeof *L->words);
                L->words[L->nwords].x = rc->x1;
                L->words[L->nwords++].off = (size_t)(q - t);
            }
            if (!open) {
                cur.x0 = rc->x1;
                cur.y0 = rc->y1;
                cur.x1 = rc->x2;
                cur.y1 = rc->y1 + h;
                cur.off = (size_t)(q - t);
                cur.w0 = L->nwords - 1;
                cur.nw = 0;
                open = 1;
            } else {
                if (rc->x2 > cur.x1)
                    cur.x1 = rc->x2;
                if (rc->y1 < cur.y0)
                    cur.y0 = rc->y1;
                if (rc->y1 + h > cur.y1)
                    cur.y1 = rc->y1 + h;
            }
            cur.end = (size_t)(nx - t);
            cur.nw = L->nwords - cur.w0;
            space = 0;
        }
        q = nx;
        i++;
    }
    if (open) {
        xgrow((void **)&L->segs, &L->capsegs, L->nsegs + 1, sizeof *L->segs);
        L->segs[L->nsegs++] = cur;
    }
    return 0;
}

/* Segments into lines (by baseline) and each line's cells (by gaps). */
static void make_lines(struct page_layout *L, const char *t)
{
    size_t i = 0;
    L->nlines = L->ncells = L->ncwords = 0;
    buf_reset(&L->ctext);
    qsort(L->segs, L->nsegs, sizeof *L->segs, cmp_seg_y);
    while (i < L->nsegs) {
        size_t j = i + 1;
        /* a segment joins the line when it overlaps the line's first one by
         * half its height: measured against the first, not the union, so
         * that a cell centred across two lines does not join them */
        double b0 = L->segs[i].y0, b1 = L->segs[i].y1, y0 = b0, y1 = b1;
        struct pline *pl;
        while (j < L->nsegs) {
            const struct seg *s = &L->segs[j];
            double lo = s->y0 > b0 ? s->y0 : b0, hi = s->y1 < b1 ? s->y1 : b1;
            double hs = s->y1 - s->y0, hl = b1 - b0;
            if (hi - lo < 0.5 * (hs < hl ? hs : hl))
                break;
            if (s->y0 < y0)
                y0 = s->y0;
            if (s->y1 > y1)
                y1 = s->y1;
            j++;
        }
        qsort(L->segs + i, j - i, sizeof *L->segs, cmp_seg_x);
        xgrow((void **)&L->lines, &L->caplines, L->nlines + 1, sizeof *L->lines);
        pl = &L->lines[L->nlines++];
        pl->y0 = y0;
        pl->y1 = y1;
        pl->h = y1 - y0;
        pl->c0 = L->ncells;
        pl->nc = 0;
        for (size_t k = i; k < j; k++) {
            const struct seg *s = &L->segs[k];
            struct cell *c = pl->nc ? &L->cells[L->ncells - 1] : NULL;
            double gap = c ? s->x0 - c->x1 : 0, h = s->y1 - s->y0;
            /* segments apart are cells apart: poppler ends its lines, and
             * make_segs its segments, only at a gap a space does not explain */
            size_t at;
            if (c && gap <= 0.15 * h) {
                if (gap > 0.05 * h)
                    buf_addc(&L->ctext, ' ');
                at = L->ctext.len;
                buf_add(&L->ctext, t + s->off, s->end - s->off);
                c->len = L->ctext.len - c->off;
                if (s->x1 > c->x1)
                    c->x1 = s->x1;
            } else {
                xgrow((void **)&L->cells, &L->capcells, L->ncells + 1, sizeof *L->cells);
                c = &L->cells[L->ncells++];
                c->x0 = s->x0;
                c->x1 = s->x1;
                c->off = at = L->ctext.len;
                c->w0 = L->ncwords;
                c->nw = 0;
                buf_add(&L->ctext, t + s->off, s->end - s->off);
                c->len = L->ctext.len - c->off;
                pl->nc++;
            }
            for (size_t w = s->w0; w < s->w0 + s->nw && w < L->nwords; w++) {
                xgrow((void **)&L->cwords, &L->capcwords, L->ncwords + 1, sizeof *L->cwords);
                L->cwords[L->ncwords].x = L->words[w].x;
                L->cwords[L->ncwords++].off = at + (L->words[w].off - s->off);
                c->nw++;
            }
        }
        i = j;
    }
}

static const char *cell_text(const struct page_layout *L, const struct cell *c)
{
    return L->ctext.p + c->off;
}

static void indent_to(struct buf *b, double x, double left, double h)
{
    int n = h > 0 ? (int)((x - left) / (0.5 * h) + 0.5) : 0;
    if (n > 24)
        n = 24;
    for (int i = 0; i < n; i++)
        buf_addc(b, ' ');
}

#define MAXBANDS 32

/* Adds a piece of a cell's text to the column's text of the row. */
static void cell_piece(struct buf *cb, const char *p, size_t n)
{
    while (n && p[n - 1] == ' ')
        n--;
    while (n && p[0] == ' ')
        p++, n--;
    if (!n)
        return;
    /* a word broken at a cell's line end keeps its hyphen */
    if (cb->len && !(cb->p[cb->len - 1] == '-' && cb->len >= 2 && cb->p[cb->len - 2] != ' '))
        buf_addc(cb, ' ');
    for (size_t q = 0; q < n; q++)
        buf_addc(cb, p[q] == '\t' ? ' ' : p[q]);
}

/* Lines [i, j) of the page as a table, one line a row, cells separated by
 * tabs; or as a list whose markers stand in a column of their own; or, for a
 * single line whose gaps are not wide enough for columns, as text. */
static void emit_region(struct page_layout *L, size_t i, size_t j, double left, struct buf *out)
{
    struct buf cellb[MAXBANDS];
    size_t nb = L->nbands < MAXBANDS ? L->nbands : MAXBANDS;
    int list = L->nbands == 2, big = 0;
    double hmed = L->lines[i].h, gmin = 1e9, rowgap;

    if (j == i + 1) {
        const struct pline *pl = &L->lines[i];
        double widest = 0;
        for (size_t c = 1; c < pl->nc; c++) {
            double g = L->cells[pl->c0 + c].x0 - L->cells[pl->c0 + c - 1].x1;
            if (g > widest)
                widest = g;
        }
        if (widest < 3 * pl->h) {
            /* one line with a wide space: a justified line, not a table */
            indent_to(out, L->cells[pl->c0].x0, left, pl->h);
            for (size_t c = 0; c < pl->nc; c++) {
                if (c)
                    buf_addc(out, ' ');
                buf_add(out, cell_text(L, &L->cells[pl->c0 + c]), L->cells[pl->c0 + c].len);
            }
            buf_addc(out, '\n');
            return;
        }
    }
    for (size_t k = i; k < j && list; k++) {
        const struct pline *pl = &L->lines[k];
        for (size_t c = 0; c < pl->nc; c++) {
            const struct cell *ce = &L->cells[pl->c0 + c];
            size_t which = 0;
            band_hits(L->bands, L->nbands, ce->x0, ce->x1, &which);
            if (which == 0 && !list_marker(cell_text(L, ce), ce->len))
                list = 0;
        }
    }
    if (list) {
        for (size_t k = i; k < j; k++) {
            const struct pline *pl = &L->lines[k];
            indent_to(out, L->cells[pl->c0].x0, left, pl->h);
            for (size_t c = 0; c < pl->nc; c++) {
                const struct cell *ce = &L->cells[pl->c0 + c];
                if (c)
                    buf_addc(out, ' ');
                buf_add(out, cell_text(L, ce), ce->len);
            }
            buf_addc(out, '\n');
        }
        return;
    }
    /* Rows: where the gap between lines is wider than within a cell; in a
     * table spaced evenly, where the first column has text (a new number). */
    for (size_t k = i + 1; k < j; k++) {
        double g = L->lines[k].y0 - L->lines[k - 1].y1;
        if (g < gmin)
            gmin = g;
    }
    rowgap = gmin + 0.3 * hmed;
    for (size_t k = i + 1; k < j; k++)
        big |= L->lines[k].y0 - L->lines[k - 1].y1 > rowgap;
    /* Each column's left edge, where its cells start: a cell run into the
     * next one is split at the word that starts at the next edge. */
    xgrow((void **)&L->edge, &L->capedge, nb + 1, sizeof *L->edge);
    for (size_t b = 0; b < nb; b++)
        L->edge[b] = -1;
    for (size_t k = i; k < j; k++)
        for (size_t c = 0; c < L->lines[k].nc; c++) {
            const struct cell *ce = &L->cells[L->lines[k].c0 + c];
            size_t which = 0;
            if (band_hits(L->bands, L->nbands, ce->x0, ce->x1, &which) == 1 && which < nb &&
                (L->edge[which] < 0 || ce->x0 < L->edge[which]))
                L->edge[which] = ce->x0;
        }
    for (size_t b = 0; b < nb; b++)
        buf_init(&cellb[b], 0);
    for (size_t k = i; k < j; k++) {
        const struct pline *pl = &L->lines[k];
        size_t first = (size_t)-1;
        for (size_t c = 0; c < pl->nc; c++) {
            size_t which = 0;
            const struct cell *ce = &L->cells[pl->c0 + c];
            band_hits(L->bands, L->nbands, ce->x0, ce->x1, &which);
            if (which < first)
                first = which;
        }
        if (k > i && (big ? pl->y0 - L->lines[k - 1].y1 > rowgap : first == 0)) {
            size_t last = 0;
            for (size_t b = 0; b < nb; b++)
                if (cellb[b].len)
                    last = b + 1;
            for (size_t b = 0; b < last; b++) {
                if (b)
                    buf_addc(out, '\t');
                buf_add(out, cellb[b].p, cellb[b].len);
                buf_reset(&cellb[b]);
            }
            buf_addc(out, '\n');
        }
        for (size_t c = 0; c < pl->nc; c++) {
            const struct cell *ce = &L->cells[pl->c0 + c];
            size_t which = 0, from = ce->off, end = ce->off + ce->len;
            band_hits(L->bands, L->nbands, ce->x0, ce->x1, &which);
            if (which >= nb)
                which = nb - 1;
            while (from < end) {
                size_t cut = end, next = which;
                for (size_t w = ce->w0; w < ce->w0 + ce->nw && cut == end; w++) {
                    const struct word *wd = &L->cwords[w];
                    if (wd->off <= from)
                        continue;
                    for (size_t b = which + 1; b < nb; b++)
                        if (L->edge[b] >= 0 && fabs(wd->x - L->edge[b]) <= 2.0 &&
                            wd->x < L->bands[b].x1) {
                            cut = wd->off;
                            next = b;
                            break;
                        }
                }
                cell_piece(&cellb[which], L->ctext.p + from, cut - from);
                from = cut;
                which = next;
            }
        }
    }
    {
        size_t last = 0;
        for (size_t b = 0; b < nb; b++)
            if (cellb[b].len)
                last = b + 1;
        for (size_t b = 0; b < last; b++) {
            if (b)
                buf_addc(out, '\t');
            buf_add(out, cellb[b].p, cellb[b].len);
        }
        buf_addc(out, '\n');
    }
    for (size_t b = 0; b < nb; b++)
        buf_release(&cellb[b]);
}

/* The page laid out again, into out (reset first): lines of text, table
 * rows with tab-separated cells, empty lines at paragraph gaps. */
static void layout_page(struct page_layout *L, const char *t, const PopplerRectangle *r, guint nr,
                        struct buf *out)
{
    double left = 1e9, gapmed = 0;
    size_t ngaps = 0, i = 0;

    buf_reset(out);
    if (make_segs(L, t, r, nr) != 0) {
        buf_adds(out, t);
        return;
    }
    make_lines(L, t);
    for (size_t k = 0; k < L->ncells; k++)
        if (L->cells[k].x0 < left)
            left = L->cells[k].x0;
    xgrow((void **)&L->gaps, &L->capgaps, L->nlines + 1, sizeof *L->gaps);
    for (size_t k = 1; k < L->nlines; k++)
        L->gaps[ngaps++] = L->lines[k].y0 - L->lines[k - 1].y1;
    if (ngaps) {
        qsort(L->gaps, ngaps, sizeof *L->gaps, cmp_double);
        gapmed = L->gaps[ngaps / 2];
    }
    while (i < L->nlines) {
        const struct pline *pl = &L->lines[i];
        size_t j = i + 1;
        if (i > 0) {
            const struct pline *pp = &L->lines[i - 1];
            double hmin = pp->h < pl->h ? pp->h : pl->h;
            if (pl->y0 - pp->y1 > gapmed + 0.3 * hmin)
                buf_addc(out, '\n');
        }
        if (pl->nc >= 2) {
            /* a table (or a list with its markers in a column): the lines
             * after it whose cells keep to its columns */
            L->nbands = 0;
            for (size_t c = 0; c < pl->nc; c++)
                band_add(&L->bands, &L->nbands, &L->capbands, L->cells[pl->c0 + c].x0,
                         L->cells[pl->c0 + c].x1);
            while (j < L->nlines) {
                const struct pline *nl = &L->lines[j];
                double gap = nl->y0 - L->lines[j - 1].y1;
                int fits = 1;
                size_t which;
                if (gap > (nl->nc >= 2 ? 3.0 : 1.5) * nl->h)
                    break;
                /* each cell in a column of its own; a cell across two is
                 * allowed in a row with others (two cells run together) */
                if (nl->nc == 1) {
                    fits = band_hits(L->bands, L->nbands, L->cells[nl->c0].x0,
                                     L->cells[nl->c0].x1, &which) == 1;
                } else {
                    size_t prev = (size_t)-1, single = 0;
                    for (size_t c = 0; c < nl->nc && fits; c++) {
                        size_t hits = band_hits(L->bands, L->nbands, L->cells[nl->c0 + c].x0,
                                                L->cells[nl->c0 + c].x1, &which);
                        if (hits == 1) {
                            fits = prev == (size_t)-1 || which > prev;
                            prev = which;
                            single++;
                        }
                    }
                    fits = fits && single > 0;
                }
                if (!fits)
                    break;
                for (size_t c = 0; c < nl->nc; c++)
                    if (band_hits(L->bands, L->nbands, L->cells[nl->c0 + c].x0,
                                  L->cells[nl->c0 + c].x1, &which) <= 1)
                        band_add(&L->bands, &L->nbands, &L->capbands, L->cells[nl->c0 + c].x0,
                                 L->cells[nl->c0 + c].x1);
                j++;
            }
            emit_region(L, i, j, left, out);
            i = j;
            continue;
        }
        indent_to(out, L->cells[pl->c0].x0, left, pl->h);
        buf_add(out, cell_text(L, &L->cells[pl->c0]), L->cells[pl->c0].len);
        buf_addc(out, '\n');
        i++;
    }
}

/* A title from the document's properties, without what word processors
 * put there by themselves. */
static const char *clean_title(const char *t, struct arena *a)
{
    size_t n;
    if (!t)
        return NULL;
    if (strncmp(t, "Microsoft Word - ", 17) == 0)
        t += 17;
    while (*t == ' ')
        t++;
    n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == '\t'))
        n--;
    if (n >= 4 && (!strncmp(t + n - 4, ".doc", 4) || !strncmp(t + n - 4, ".pdf", 4)))
        return NULL;
    if (n >= 5 && !strncmp(t + n - 5, ".docx", 5))
        return NULL;
    if (!n || !g_utf8_validate(t, (gssize)n, NULL))
        return NULL;
    return arena_strndup(a, t, n);
}

int report_read_pdf(const void *data, size_t n, const char *display, int max_pages,
                    struct arena *a, struct report_text *out, struct err *e)
{
    struct sink s = {a, display, NULL, 0, 0, 0, 0, e};
    struct page_layout L;
    struct buf page;
    GBytes *bytes = NULL;
    PopplerDocument *doc = NULL;
    GError *gerr = NULL;
    gchar *title = NULL;
    int npages, rc = 0;

    memset(out, 0, sizeof *out);
    memset(&L, 0, sizeof L);
    buf_init(&L.ctext, 0);
    buf_init(&page, 0);
    out->format = REPORT_PDF;
    if (max_pages <= 0)
        max_pages = REPORT_MAX_PAGES;
    if (n > REPORT_MAX_FILE) {
        rc = err_set(e, ERR_LIMIT, "%s: larger than %zu MiB (refused)", display,
                     REPORT_MAX_FILE >> 20);
        goto out;
    }
    if (n > (size_t)G_MAXSSIZE) {
        rc = err_set(e, ERR_LIMIT, "%s: too large", display);
        goto out;
    }
    bytes = g_bytes_new_static(data, n);
    doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!doc) {
        if (gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            rc = err_set(e, ERR_INPUT, "%s: the PDF is encrypted", display);
        else
            rc = err_set(e, ERR_INPUT, "%s: not a readable PDF (%s)", display,
                         gerr && gerr->message ? gerr->message : "poppler could not open it");
        goto out;
    }
    npages = poppler_document_get_n_pages(doc);
    if (npages > max_pages) {
        rc = err_set(e, ERR_LIMIT, "%s: %d pages, more than the %d read (refused)", display,
                     npages, max_pages);
        goto out;
    }
    title = poppler_document_get_title(doc);
    out->title = clean_title(title, a);
    for (int p = 0; p < npages; p++) {
        PopplerPage *pg = poppler_document_get_page(doc, p);
        PopplerRectangle *rects = NULL;
        guint nrects = 0;
        char *text;
        if (!pg)
            continue;
        text = poppler_page_get_text(pg);
        if (text && *text) {
            if (!g_utf8_validate(text, -1, NULL)) {
                /* never seen from poppler, but the extractor wants UTF-8 */
                gchar *fixed = g_utf8_make_valid(text, -1);
                g_free(text);
                text = fixed;
            }
            if (poppler_page_get_text_layout(pg, &rects, &nrects))
                layout_page(&L, text, rects, nrects, &page);
            else {
                buf_reset(&page);
                buf_adds(&page, text);
            }
            sink_text(&s, page.p, page.len, p + 1);
        }
        g_free(rects);
        g_free(text);
        g_object_unref(pg);
        if (s.rc) {
            rc = s.rc;
            goto out;
        }
    }
    out->pages = npages;
    sink_done(&s, out);
out:
    free(s.v);
    g_free(title);
    if (gerr)
        g_error_free(gerr);
    if (doc)
        g_object_unref(doc);
    if (bytes)
        g_bytes_unref(bytes);
    layout_release(&L);
    buf_release(&page);
    return rc;
}

/* ---- DOCX ---------------------------------------------------------------------- */

#define DOCX_PART_MAX ((zip_uint64_t)64 << 20)
#define DOCX_AUX_MAX ((zip_uint64_t)16 << 20)
#define DOCX_CHUNK 65536
#define DOCX_LEVELS 9

struct numlevel {
    char fmt[16];    /* decimal, bullet, lowerLetter, upperLetter, lowerRoman, upperRoman, none */
    char text[32];   /* lvlText: "%1.", "(%2)", a bullet character */
    int start;
};

struct abstractnum {
    int id;
    struct numlevel lvl[DOCX_LEVELS];
};

struct numdef {
    int id, abstract;
    int count[DOCX_LEVELS];
    int started[DOCX_LEVELS];
};

struct docx {
    zip_t *zip;
    const char *display;
    struct err *e;
    XML_Parser xp;
    int rc;
    const char *part;
    /* styles.xml: heading style ids, "|Heading1|Title|" */
    struct buf headings;
    char style_id[128];
    int style_heading;
    /* numbering.xml */
    struct abstractnum *abs;
    size_t nabs, capabs;
    struct numdef *nums;
    size_t nnums, capnums;
    int cur_abs, cur_lvl, cur_num;
    /* core.xml */
    struct buf title;
    int in_title;
    /* document.xml */
    struct sink *sink;
    int page, text_since_break;
    int in_p, in_r, in_t, skip;  /* skip: inside deleted text, field code or fallback */
    int tbl;                     /* table depth */
    struct buf para, cell, rowb;
    int ncells;
    int numid, ilvl, heading, outline;
    char pstyle[128];
};

static const char *xlocal(const XML_Char *name)
{
    const char *p = strrchr(name, '|');
    return p ? p + 1 : name;
}

/* w:val and the like: an attribute by its local name, whatever its namespace. */
static const char *xattr(const XML_Char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (strcmp(xlocal(atts[0]), name) == 0)
            return atts[1];
    return NULL;
}

static void docx_stop(struct docx *d, int rc)
{
    if (!d->rc)
        d->rc = rc;
    XML_StopParser(d->xp, XML_FALSE);
}

static void XMLCALL docx_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                                 const XML_Char *pubid, int has_internal_subset)
{
    struct docx *d = data;
    /* no part of a document has a DTD; refusing them shuts out entity expansion */
    docx_stop(d, err_set(d->e, ERR_INPUT, "%s: damaged document: a DTD in %s", d->display,
                         d->part));
}

/* Parses the zip entry name with the handlers. missing_ok: an absent entry
 * is not an error. */
static int docx_parse(struct docx *d, const char *name, zip_uint64_t max, int missing_ok,
                      XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler text)
{
    zip_int64_t idx = zip_name_locate(d->zip, name, ZIP_FL_NOCASE);
    zip_file_t *zf = NULL;
    zip_stat_t st;
    char *chunk = NULL;
    zip_uint64_t total = 0;
    int rc = 0;

    if (idx < 0) {
        if (missing_ok)
            return 0;
        return err_set(d->e, ERR_INPUT, "%s: not a readable DOCX (it has no %s)", d->display,
                       name);
    }
    if (zip_stat_index(d->zip, (zip_uint64_t)idx, 0, &st) != 0)
        return err_set(d->e, ERR_INPUT, "%s: not a readable DOCX (%s: %s)", d->display, name,
                       zip_strerror(d->zip));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return err_set(d->e, ERR_INPUT, "%s: the document is encrypted", d->display);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > max)
        return err_set(d->e, ERR_LIMIT, "%s: %s is larger than %llu MiB uncompressed (refused)",
                       d->display, name, (unsigned long long)(max >> 20));
    zf = zip_fopen_index(d->zip, (zip_uint64_t)idx, 0);
    if (!zf)
        return err_set(d->e, ERR_INPUT, "%s: not a readable DOCX (%s: %s)", d->display, name,
                       zip_strerror(d->zip));
    d->xp = XML_ParserCreateNS(NULL, '|');
    if (!d->xp) {
        rc = err_set(d->e, ERR_INPUT, "%s: cannot start the XML parser", d->display);
        goto out;
    }
    d->part = name;
    d->rc = 0;
    XML_SetUserData(d->xp, d);
    XML_SetElementHandler(d->xp, start, end);
    XML_SetCharacterDataHandler(d->xp, text);
    XML_SetStartDoctypeDeclHandler(d->xp, docx_doctype);
    chunk = xmalloc(DOCX_CHUNK);
    for (;;) {
        zip_int64_t got = zip_fread(zf, chunk, DOCX_CHUNK);
        if (got < 0) {
            rc = err_set(d->e, ERR_INPUT, "%s: not a readable DOCX (%s: %s)", d->display, name,
                         zip_file_strerror(zf));
            goto out;
        }
        /* the size in the directory may lie; what inflates is what counts */
        total += (zip_uint64_t)got;
        if (total > max) {
            rc = err_set(d->e, ERR_LIMIT, "%s: %s is larger than %llu MiB uncompressed (refused)",
                         d->display, name, (unsigned long long)(max >> 20));
            goto out;
        }
        if (XML_Parse(d->xp, chunk, (int)got, got == 0) == XML_STATUS_ERROR) {
            rc = d->rc ? d->rc
                       : err_set(d->e, ERR_INPUT, "%s: damaged document: %s at line %lu of %s",
                                 d->display, XML_ErrorString(XML_GetErrorCode(d->xp)),
                                 (unsigned long)XML_GetCurrentLineNumber(d->xp), name);
            goto out;
        }
        if (d->rc) {
            rc = d->rc;
            goto out;
        }
        if (got == 0)
            break;
    }
out:
    free(chunk);
    if (d->xp)
        XML_ParserFree(d->xp);
    d->xp = NULL;
    zip_fclose(zf);
    return rc;
}

/* styles.xml: which paragraph styles are headings. */
static void XMLCALL styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct docx *d = data;
    const char *l = xlocal(name), *v;
    if (!strcmp(l, "style")) {
        v = xattr(atts, "styleId");
        snprintf(d->style_id, sizeof d->style_id, "%s", v ? v : "");
        d->style_heading = 0;
    } else if (!strcmp(l, "name") && (v = xattr(atts, "val"))) {
        if (!g_ascii_strncasecmp(v, "heading", 7) || !g_ascii_strcasecmp(v, "title"))
            d->style_heading = 1;
    } else if (!strcmp(l, "outlineLvl") && (v = xattr(atts, "val")) && atoi(v) < 9) {
        d->style_heading = 1;
    }
}

static void XMLCALL styles_end(void *data, const XML_Char *name)
{
    struct docx *d = data;
    if (!strcmp(xlocal(name), "style") && d->style_heading && d->style_id[0]) {
        buf_addc(&d->headings, '|');
        buf_adds(&d->headings, d->style_id);
        buf_addc(&d->headings, '|');
    }
}

static void XMLCALL no_text(void *data, const XML_Char *s, int len)
{
}

/* numbering.xml: list formats by level, and which format each list uses. */
static void XMLCALL numbering_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct docx *d = data;
    const char *l = xlocal(name), *v;
    if (!strcmp(l, "abstractNum")) {
        struct abstractnum *an;
        xgrow((void **)&d->abs, &d->capabs, d->nabs + 1, sizeof *d->abs);
        an = &d->abs[d->nabs++];
        memset(an, 0, sizeof *an);
        v = xattr(atts, "abstractNumId");
        an->id = v ? atoi(v) : -1;
        for (int k = 0; k < DOCX_LEVELS; k++)
            an->lvl[k].start = 1;
        d->cur_abs = (int)d->nabs - 1;
        d->cur_lvl = -1;
    } else if (!strcmp(l, "lvl") && d->cur_abs >= 0) {
        v = xattr(atts, "ilvl");
        d->cur_lvl = v ? atoi(v) : -1;
        if (d->cur_lvl >= DOCX_LEVELS)
            d->cur_lvl = -1;
    } else if (d->cur_abs >= 0 && d->cur_lvl >= 0 && (v = xattr(atts, "val"))) {
        struct numlevel *lv = &d->abs[d->cur_abs].lvl[d->cur_lvl];
        if (!strcmp(l, "numFmt"))
            snprintf(lv->fmt, sizeof lv->fmt, "%s", v);
        else if (!strcmp(l, "lvlText"))
            snprintf(lv->text, sizeof lv->text, "%s", v);
        else if (!strcmp(l, "start"))
            lv->start = atoi(v);
    } else if (!strcmp(l, "num")) {
        struct numdef *nd;
        xgrow((void **)&d->nums, &d->capnums, d->nnums + 1, sizeof *d->nums);
        nd = &d->nums[d->nnums++];
        memset(nd, 0, sizeof *nd);
        v = xattr(atts, "numId");
        nd->id = v ? atoi(v) : -1;
        nd->abstract = -1;
        d->cur_num = (int)d->nnums - 1;
    } else if (!strcmp(l, "abstractNumId") && d->cur_num >= 0 && (v = xattr(atts, "val"))) {
        d->nums[d->cur_num].abstract = atoi(v);
    }
}

static void XMLCALL numbering_end(void *data, const XML_Char *name)
{
    struct docx *d = data;
    const char *l = xlocal(name);
    if (!strcmp(l, "abstractNum"))
        d->cur_abs = -1;
    else if (!strcmp(l, "lvl"))
        d->cur_lvl = -1;
    else if (!strcmp(l, "num"))
        d->cur_num = -1;
}

/* core.xml: the title. */
static void XMLCALL core_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct docx *d = data;
    d->in_title = !strcmp(xlocal(name), "title");
}

static void XMLCALL core_end(void *data, const XML_Char *name)
{
    struct docx *d = data;
    d->in_title = 0;
}

static void XMLCALL core_text(void *data, const XML_Char *s, int len)
{
    struct docx *d = data;
    if (d->in_title && d->title.len < 1024)
        buf_add(&d->title, s, (size_t)len);
}

static const struct numlevel *docx_level(struct docx *d, int numid, int ilvl, struct numdef **nd)
{
    *nd = NULL;
    for (size_t i = 0; i < d->nnums; i++)
        if (d->nums[i].id == numid) {
            *nd = &d->nums[i];
            for (size_t k = 0; k < d->nabs; k++)
                if (d->abs[k].id == d->nums[i].abstract)
                    return &d->abs[k].lvl[ilvl];
            return NULL;
        }
    return NULL;
}

static void roman_num(int v, int upper, struct buf *b)
{
    static const struct {
        int v;
        const char *s;
    } R[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
             {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
    if (v <= 0 || v > 3999) {
        buf_addf(b, "%d", v);
        return;
    }
    for (size_t k = 0; k < sizeof R / sizeof R[0]; k++)
        while (v >= R[k].v) {
            for (const char *p = R[k].s; *p; p++)
                buf_addc(b, upper ? (char)(*p - 32) : *p);
            v -= R[k].v;
        }
}

static void format_num(const char *fmt, int v, struct buf *b)
{
    if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter")) {
        char c = (char)((fmt[0] == 'l' ? 'a' : 'A') + (v - 1) % 26);
        for (int k = 0; k <= (v - 1) / 26 && k < 4; k++)
            buf_addc(b, c);
    } else if (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman")) {
        roman_num(v, fmt[0] == 'u', b);
    } else {
        buf_addf(b, "%d", v);
    }
}

/* The list label of the paragraph ("3.", "(b)", "•"), counting it. */
static void docx_label(struct docx *d, struct buf *b)
{
    struct numdef *nd;
    const struct numlevel *lv;
    int ilvl = d->ilvl;
    if (d->numid <= 0 || ilvl < 0 || ilvl >= DOCX_LEVELS)
        return;
    lv = docx_level(d, d->numid, ilvl, &nd);
    if (!nd)
        return;
    if (!nd->started[ilvl]) {
        nd->count[ilvl] = (lv ? lv->start : 1) - 1;
        nd->started[ilvl] = 1;
    }
    nd->count[ilvl]++;
    for (int k = ilvl + 1; k < DOCX_LEVELS; k++)
        nd->started[k] = 0;
    if (!lv || !strcmp(lv->fmt, "bullet") || !lv->fmt[0]) {
        buf_adds(b, "\xE2\x80\xA2 ");
        return;
    }
    if (!strcmp(lv->fmt, "none"))
        return;
    for (const char *p = lv->text; *p; p++) {
        if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            struct numdef *nd2;
            const struct numlevel *l2 = docx_level(d, d->numid, k, &nd2);
            format_num(l2 ? l2->fmt : "decimal", nd->count[k] > 0 ? nd->count[k] : 1, b);
            p++;
        } else {
            buf_addc(b, *p);
        }
    }
    buf_addc(b, ' ');
}

/* Lines of a paragraph's text (split at its line breaks). */
static void docx_lines(struct docx *d, const char *p, size_t n, unsigned flags)
{
    const char *e = p + n;
    for (;;) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        sink_line(d->sink, p, (size_t)(le - p), d->page, flags);
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void docx_break_page(struct docx *d)
{
    if (d->text_since_break) {
        d->page++;
        d->text_since_break = 0;
    }
}

static void XMLCALL doc_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct docx *d = data;
    const char *l = xlocal(name), *v;

    if (d->skip) {
        if (!strcmp(l, "Fallback") || !strcmp(l, "delText") || !strcmp(l, "instrText"))
            d->skip++;
        return;
    }
    if (!strcmp(l, "Fallback") || !strcmp(l, "delText") || !strcmp(l, "instrText")) {
        d->skip = 1;
    } else if (!strcmp(l, "p")) {
        if (d->in_p++)
            return; /* a text box's paragraph: part of the one around it */
        buf_reset(&d->para);
        d->numid = 0;
        d->ilvl = 0;
        d->outline = -1;
        d->pstyle[0] = '\0';
    } else if (!strcmp(l, "r")) {
        d->in_r++;
    } else if (!strcmp(l, "t")) {
        d->in_t = 1;
    } else if (!strcmp(l, "tab") && d->in_r) {
        buf_addc(&d->para, d->tbl ? ' ' : '\t');
    } else if ((!strcmp(l, "br") || !strcmp(l, "cr")) && d->in_r) {
        v = xattr(atts, "type");
        if (v && !strcmp(v, "page")) {
            /* the paragraph so far is on the page before */
            if (d->para.len && !d->tbl) {
                docx_lines(d, d->para.p, d->para.len, 0);
                buf_reset(&d->para);
            }
            docx_break_page(d);
        } else {
            buf_addc(&d->para, d->tbl ? ' ' : '\n');
        }
    } else if (!strcmp(l, "lastRenderedPageBreak")) {
        if (d->para.len && !d->tbl) {
            docx_lines(d, d->para.p, d->para.len, 0);
            buf_reset(&d->para);
        }
        docx_break_page(d);
    } else if (!strcmp(l, "pStyle") && (v = xattr(atts, "val"))) {
        snprintf(d->pstyle, sizeof d->pstyle, "%s", v);
    } else if (!strcmp(l, "ilvl") && (v = xattr(atts, "val"))) {
        d->ilvl = atoi(v);
    } else if (!strcmp(l, "numId") && (v = xattr(atts, "val"))) {
        d->numid = atoi(v);
    } else if (!strcmp(l, "outlineLvl") && (v = xattr(atts, "val"))) {
        d->outline = atoi(v);
    } else if (!strcmp(l, "tbl")) {
        if (!d->tbl++)
            buf_reset(&d->rowb);
    } else if (!strcmp(l, "tr") && d->tbl == 1) {
        buf_reset(&d->rowb);
        d->ncells = 0;
    } else if (!strcmp(l, "tc") && d->tbl == 1) {
        buf_reset(&d->cell);
    } else if (!strcmp(l, "gridSpan") && d->tbl == 1 && (v = xattr(atts, "val"))) {
        /* a merged cell stands for its columns: empty ones after it */
        int span = atoi(v);
        for (int k = 1; k < span && k < 64; k++)
            buf_addc(&d->rowb, '\t');
    }
}

static int is_heading_style(struct docx *d)
{
    char key[132];
    if (d->outline >= 0 && d->outline < 9)
        return 1;
    if (!d->pstyle[0])
        return 0;
    snprintf(key, sizeof key, "|%s|", d->pstyle);
    return strstr(buf_str(&d->headings), key) != NULL ||
           !g_ascii_strncasecmp(d->pstyle, "heading", 7) || !g_ascii_strcasecmp(d->pstyle, "title");
}

static void XMLCALL doc_end(void *data, const XML_Char *name)
{
    struct docx *d = data;
    const char *l = xlocal(name);

    if (d->skip) {
        if (!strcmp(l, "Fallback") || !strcmp(l, "delText") || !strcmp(l, "instrText"))
            d->skip--;
        return;
    }
    if (!strcmp(l, "t")) {
        d->in_t = 0;
    } else if (!strcmp(l, "r")) {
        if (d->in_r)
            d->in_r--;
    } else if (!strcmp(l, "p")) {
        struct buf line;
        if (!d->in_p || --d->in_p)
            return;
        if (d->tbl) {
            /* paragraphs of a cell: one text */
            if (d->para.len) {
                if (d->cell.len)
                    buf_addc(&d->cell, ' ');
                buf_add(&d->cell, d->para.p, d->para.len);
            }
            return;
        }
        buf_init(&line, 0);
        if (d->numid > 0) {
            for (int k = 0; k < d->ilvl && k < DOCX_LEVELS; k++)
                buf_adds(&line, "   ");
            docx_label(d, &line);
        }
        {
            /* a paragraph's leading tabs are indentation, not an empty cell */
            size_t k = 0;
            while (k < d->para.len && (d->para.p[k] == '\t' || d->para.p[k] == ' '))
                k++;
            if (k < d->para.len)
                buf_add(&line, d->para.p + k, d->para.len - k);
        }
        if (line.len) {
            int head = is_heading_style(d);
            docx_lines(d, line.p, line.len, head ? EXTRACT_HEADING : 0);
            sink_line(d->sink, "", 0, d->page, 0);
            d->text_since_break = 1;
            if (head && !d->title.len && !g_ascii_strcasecmp(d->pstyle, "title"))
                buf_add(&d->title, line.p, line.len < 1024 ? line.len : 1024);
        }
        buf_release(&line);
    } else if (!strcmp(l, "tc") && d->tbl == 1) {
        if (d->ncells++)
            buf_addc(&d->rowb, '\t');
        while (d->cell.len && d->cell.p[d->cell.len - 1] == ' ')
            d->cell.len--;
        for (size_t k = 0; k < d->cell.len; k++)
            buf_addc(&d->rowb, d->cell.p[k] == '\t' || d->cell.p[k] == '\n' || d->cell.p[k] == '\r'
                                   ? ' '
                                   : d->cell.p[k]);
    } else if (!strcmp(l, "tr") && d->tbl == 1) {
        if (d->rowb.len) {
            sink_line(d->sink, d->rowb.p, d->rowb.len, d->page, 0);
            d->text_since_break = 1;
        }
        buf_reset(&d->rowb);
    } else if (!strcmp(l, "tbl")) {
        if (d->tbl && !--d->tbl)
            sink_line(d->sink, "", 0, d->page, 0);
    }
    if (d->sink->rc)
        docx_stop(d, d->sink->rc);
}

static void XMLCALL doc_text(void *data, const XML_Char *s, int len)
{
    struct docx *d = data;
    if (d->in_t && !d->skip && d->in_p) {
        if (d->para.len + (size_t)len > REPORT_MAX_TEXT) {
            docx_stop(d, err_set(d->e, ERR_LIMIT, "%s: more than %zu MiB of text (refused)",
                                 d->display, REPORT_MAX_TEXT >> 20));
            return;
        }
        buf_add(&d->para, s, (size_t)len);
    }
}

/* The main part's name, from _rels/.rels (word/document.xml if it says none). */
static void XMLCALL rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct docx *d = data;
    const char *type, *target;
    if (strcmp(xlocal(name), "Relationship"))
        return;
    type = xattr(atts, "Type");
    target = xattr(atts, "Target");
    if (type && target && strlen(type) >= 14 &&
        !strcmp(type + strlen(type) - 14, "officeDocument") && strlen(target) < 120) {
        buf_reset(&d->para);
        buf_adds(&d->para, target[0] == '/' ? target + 1 : target);
    }
}

int report_read_docx(const void *data, size_t n, const char *display, struct arena *a,
                     struct report_text *out, struct err *e)
{
    struct sink s = {a, display, NULL, 0, 0, 0, 0, e};
    struct docx d;
    zip_error_t ze;
    zip_source_t *src = NULL;
    char main_part[128] = "word/document.xml";
    int rc = 0;

    memset(out, 0, sizeof *out);
    memset(&d, 0, sizeof d);
    out->format = REPORT_DOCX;
    d.display = display;
    d.e = e;
    d.sink = &s;
    d.page = 1;
    d.cur_abs = d.cur_lvl = d.cur_num = -1;
    buf_init(&d.headings, 0);
    buf_init(&d.title, 0);
    buf_init(&d.para, 0);
    buf_init(&d.cell, 0);
    buf_init(&d.rowb, 0);
    zip_error_init(&ze);
    if (n > REPORT_MAX_FILE) {
        rc = err_set(e, ERR_LIMIT, "%s: larger than %zu MiB (refused)", display,
                     REPORT_MAX_FILE >> 20);
        goto out;
    }
    src = zip_source_buffer_create(data, n, 0, &ze);
    if (!src || !(d.zip = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
        rc = err_set(e, ERR_INPUT, "%s: not a readable DOCX (%s)", display,
                     zip_error_strerror(&ze));
        goto out;
    }
    src = NULL; /* the archive owns it now */
    if ((rc = docx_parse(&d, "_rels/.rels", DOCX_AUX_MAX, 1, rels_start, NULL, no_text)))
        goto out;
    if (d.para.len)
        snprintf(main_part, sizeof main_part, "%s", buf_str(&d.para));
    buf_reset(&d.para);
    if ((rc = docx_parse(&d, "word/styles.xml", DOCX_AUX_MAX, 1, styles_start, styles_end,
                         no_text)))
        goto out;
    if ((rc = docx_parse(&d, "word/numbering.xml", DOCX_AUX_MAX, 1, numbering_start,
                         numbering_end, no_text)))
        goto out;
    if ((rc = docx_parse(&d, "docProps/core.xml", DOCX_AUX_MAX, 1, core_start, core_end,
                         core_text)))
        goto out;
    /* (a title in the properties wins over the Title paragraph, read after) */
    if ((rc = docx_parse(&d, main_part, DOCX_PART_MAX, 0, doc_start, doc_end, doc_text)))
        goto out;
    if (s.rc) {
        rc = s.rc;
        goto out;
    }
    out->title = d.title.len ? clean_title(buf_str(&d.title), a) : NULL;
    out->pages = d.page;
    sink_done(&s, out);
out:
    free(s.v);
    if (d.zip)
        zip_discard(d.zip);
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    free(d.abs);
    free(d.nums);
    buf_release(&d.headings);
    buf_release(&d.title);
    buf_release(&d.para);
    buf_release(&d.cell);
    buf_release(&d.rowb);
    return rc;
}

/* ---- any of them ---------------------------------------------------------------- */

static int ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && g_ascii_strcasecmp(s + n - k, suffix) == 0;
}

int report_read_mem(const void *data, size_t n, const char *display, int max_pages,
                    struct arena *a, struct report_text *out, struct err *e)
{
    const unsigned char *p = data;
    size_t head = n < 1024 ? n : 1024;
    static const unsigned char OLE[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

    for (size_t i = 0; i + 5 <= head; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0)
            return report_read_pdf(data, n, display, max_pages, a, out, e);
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4)
        return report_read_docx(data, n, display, a, out, e);
    if (n >= 8 && memcmp(p, OLE, 8) == 0)
        return err_set(e, ERR_INPUT,
                       "%s: an encrypted document or a Word 97-2003 .doc file (save it "
                       "unencrypted as .docx or PDF)",
                       display);
    memset(out, 0, sizeof *out);
    if (ends_with_ci(display, ".pdf"))
        return err_set(e, ERR_INPUT, "%s: not a readable PDF (no PDF header)", display);
    if (ends_with_ci(display, ".docx"))
        return err_set(e, ERR_INPUT, "%s: not a readable DOCX (not a zip archive)", display);
    return report_read_text(data, n, display, a, out, e);
}

int report_read_file(const char *path, struct arena *a, struct report_text *out, struct err *e)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    char chunk[65536];
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (!f)
        return err_set(e, ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    buf_init(&b, REPORT_MAX_FILE);
    for (;;) {
        size_t got = fread(chunk, 1, sizeof chunk, f);
        if (got && buf_add(&b, chunk, got)) {
            rc = err_set(e, ERR_LIMIT, "%s: larger than %zu MiB (refused)", path,
                         REPORT_MAX_FILE >> 20);
            goto out;
        }
        if (got < sizeof chunk)
            break;
    }
    if (ferror(f)) {
        rc = err_set(e, ERR_IO, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    rc = report_read_mem(b.p ? b.p : "", b.len, path, 0, a, out, e);
out:
    fclose(f);
    buf_release(&b);
    return rc;
}
