/* doc_md.c -- a paper as Markdown (GitHub flavour), to read in a terminal
 * and to paste: lines are not wrapped, tables are pipe tables padded into
 * columns, and every text of the doc is escaped so that it reads as the
 * words it is and never as markup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "format/doc.h"

/* Columns are padded to their widest cell up to this width; longer texts
 * run past it, rather than pad every other row of the table out to them. */
#define MD_PAD_MAX 40

enum md_ctx {
    MD_TEXT, /* paragraph, list item: newlines as hard breaks, line starts guarded */
    MD_LINE, /* heading, caption, chart text: one line */
    MD_CELL, /* table cell: one line, | escaped, newline as <br> */
};

/* Appends s escaped for ctx. The characters that would start markup
 * anywhere (\ ` * _ [ ] < >) are escaped everywhere; those that do so only
 * at the start of a line (#, "- ", "+ ") only there. Numbered paragraphs
 * ("12. ...") are left alone: Markdown shows them as the same numbers. */
static int md_escape(struct buf *b, const char *s, enum md_ctx ctx)
{
    int rc = 0, line_start = 1;

    for (const char *p = s ? s : ""; *p && rc == 0; p++) {
        char c = *p;
        if (c == '\r' && p[1] == '\n')
            continue;
        if (c == '\n' || c == '\r') {
            if (!p[1 + strspn(p + 1, " \t\r\n")])
                break; /* nothing follows: no break, no trailing backslash */
            if (ctx == MD_CELL)
                rc = buf_adds(b, "<br>");
            else if (ctx == MD_LINE)
                rc = buf_addc(b, ' ');
            else
                rc = buf_adds(b, "\\\n"); /* a hard line break */
            line_start = ctx == MD_TEXT;
            continue;
        }
        if (line_start && ctx == MD_TEXT && (c == ' ' || c == '\t'))
            continue; /* indented four spaces, a line would become code */
        if (strchr("\\`*_[]<>", c) || (ctx == MD_CELL && c == '|') ||
            (line_start && (c == '#' || ((c == '-' || c == '+') && (p[1] == ' ' || !p[1])))))
            rc = buf_addc(b, '\\');
        rc = rc ? rc : buf_addc(b, c);
        line_start = 0;
    }
    return rc;
}

/* Display width in a terminal: code points (UTF-8 continuation bytes do
 * not count). */
static size_t width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        w += ((unsigned char)s[i] & 0xc0) != 0x80;
    return w;
}

/* The table as a grid of escaped cell texts: one header row (the texts of
 * every header row over a column, joined by ": ", as "previous: national"),
 * then the body, colspans written as empty cells. */
struct grid {
    size_t nrows, ncols;
    struct buf text;
    size_t *start, *len; /* of cell r*ncols+c in text */
};

static int grid_build(struct grid *g, const struct doc_table *t)
{
    size_t nhead = t->nhead < t->nrows ? t->nhead : t->nrows;
    int rc = 0;

    g->ncols = t->ncols;
    g->nrows = 1 + t->nrows - nhead;
    buf_init(&g->text, 0);
    g->start = xcalloc(g->nrows * g->ncols, sizeof *g->start);
    g->len = xcalloc(g->nrows * g->ncols, sizeof *g->len);

    for (size_t col = 0; col < t->ncols && rc == 0; col++) {
        const char *last = NULL;
        g->start[col] = g->text.len;
        for (size_t i = 0; i < nhead && rc == 0; i++) {
            const struct doc_row *r = &t->rows[i];
            const char *txt = NULL;
            for (size_t k = 0, c = 0; k < r->ncells && c <= col; k++) {
                if (col < c + (size_t)r->cells[k].colspan)
                    txt = r->cells[k].text;
                c += (size_t)r->cells[k].colspan;
            }
            if (!txt || !*txt || (last && strcmp(last, txt) == 0))
                continue;
            if (last)
                rc = buf_adds(&g->text, ": ");
            rc = rc ? rc : md_escape(&g->text, txt, MD_CELL);
            last = txt;
        }
        g->len[col] = g->text.len - g->start[col];
    }
    for (size_t i = nhead; i < t->nrows && rc == 0; i++) {
        const struct doc_row *r = &t->rows[i];
        size_t gr = 1 + i - nhead, c = 0;
        for (size_t k = 0; k < r->ncells && c < t->ncols && rc == 0; k++) {
            const struct doc_cell *cell = &r->cells[k];
            int bold = (cell->style == DOC_GROUP || cell->style == DOC_STRONG) && *cell->text;
            size_t at = gr * g->ncols + c;
            g->start[at] = g->text.len;
            if (bold)
                rc = buf_adds(&g->text, "**");
            rc = rc ? rc : md_escape(&g->text, cell->text, MD_CELL);
            if (bold)
                rc = rc ? rc : buf_adds(&g->text, "**");
            g->len[at] = g->text.len - g->start[at];
            c += (size_t)cell->colspan;
        }
    }
    return rc;
}

static void grid_release(struct grid *g)
{
    buf_release(&g->text);
    free(g->start);
    free(g->len);
}

static int pad(struct buf *b, size_t n)
{
    int rc = 0;
    while (n-- && rc == 0)
        rc = buf_addc(b, ' ');
    return rc;
}

static int table(struct buf *b, const struct doc_table *t)
{
    struct grid g;
    size_t *w = NULL;
    int *right = NULL;
    int rc;

    if (t->ncols == 0)
        return 0;
    if ((rc = grid_build(&g, t)))
        goto out;
    w = xcalloc(t->ncols, sizeof *w);
    right = xcalloc(t->ncols, sizeof *right);
    for (size_t c = 0; c < t->ncols; c++) {
        right[c] = doc_numeric_column(t, c);
        w[c] = 3; /* the shortest separator, --- */
        for (size_t r = 0; r < g.nrows; r++) {
            size_t cw = width(buf_str(&g.text) + g.start[r * g.ncols + c], g.len[r * g.ncols + c]);
            w[c] = cw > w[c] ? cw : w[c];
        }
        if (w[c] > MD_PAD_MAX)
            w[c] = MD_PAD_MAX;
    }
    if (t->caption && *t->caption) {
        rc = buf_adds(b, "**");
        rc = rc ? rc : md_escape(b, t->caption, MD_LINE);
        rc = rc ? rc : buf_adds(b, "**\n\n");
    }
    for (size_t r = 0; r < g.nrows && rc == 0; r++) {
        for (size_t c = 0; c < t->ncols && rc == 0; c++) {
            const char *s = buf_str(&g.text) + g.start[r * g.ncols + c];
            size_t n = g.len[r * g.ncols + c], cw = width(s, n);
            size_t fill = w[c] > cw ? w[c] - cw : 0;
            rc = buf_adds(b, c ? " " : "| ");
            if (right[c])
                rc = rc ? rc : pad(b, fill);
            rc = rc ? rc : buf_add(b, s, n);
            if (!right[c])
                rc = rc ? rc : pad(b, fill);
            rc = rc ? rc : buf_adds(b, " |");
        }
        rc = rc ? rc : buf_addc(b, '\n');
        for (size_t c = 0; r == 0 && c < t->ncols && rc == 0; c++) {
            size_t dashes = w[c];
            rc = buf_adds(b, c ? " " : "| ");
            for (size_t k = 0; k < dashes - (size_t)right[c] && rc == 0; k++)
                rc = buf_addc(b, '-');
            if (right[c])
                rc = rc ? rc : buf_addc(b, ':');
            rc = rc ? rc : buf_adds(b, " |");
        }
        if (r == 0)
            rc = rc ? rc : buf_addc(b, '\n');
    }
out:
    grid_release(&g);
    free(w);
    free(right);
    return rc;
}

static int list(struct buf *b, const struct doc_block *blk)
{
    int rc = 0;
    for (size_t k = 0; k < blk->nitems && rc == 0; k++) {
        struct buf item;
        char marker[32];
        size_t mlen;
        if (blk->level)
            snprintf(marker, sizeof marker, "%zu. ", k + 1);
        else
            strcpy(marker, "- ");
        mlen = strlen(marker);
        buf_init(&item, 0);
        rc = md_escape(&item, blk->items[k], MD_TEXT);
        rc = rc ? rc : buf_adds(b, marker);
        /* Continuation lines are indented under the item's text. */
        for (const char *p = buf_str(&item); *p && rc == 0; p++) {
            rc = buf_addc(b, *p);
            if (*p == '\n' && p[1])
                rc = rc ? rc : pad(b, mlen);
        }
        rc = rc ? rc : buf_addc(b, '\n');
        buf_release(&item);
    }
    return rc;
}

static int chart(struct buf *b, const struct doc_chart *c)
{
    const char *alt = c->alt ? c->alt + strspn(c->alt, " \t\r\n") : "";
    size_t n = strlen(alt);
    char *trimmed;
    int rc;

    while (n && strchr(" \t\r\n", alt[n - 1]))
        n--;
    if (!n)
        return buf_adds(b, "(chart)\n");
    trimmed = xstrndup(alt, n);
    rc = buf_addc(b, '*');
    rc = rc ? rc : md_escape(b, trimmed, MD_LINE);
    rc = rc ? rc : buf_adds(b, "* (chart)\n");
    free(trimmed);
    return rc;
}

int doc_render_md(const struct doc *d, struct buf *out, struct err *e)
{
    int rc = 0, first = 1;

    if (!d->ncover) {
        rc = buf_adds(out, "# ");
        rc = rc ? rc : md_escape(out, d->title, MD_LINE);
        rc = rc ? rc : buf_addc(out, '\n');
        first = 0;
    }
    for (size_t i = 0; i < d->ncover && rc == 0; i++) {
        rc = first ? 0 : buf_addc(out, '\n');
        rc = rc ? rc : buf_adds(out, "**");
        rc = rc ? rc : md_escape(out, d->cover[i].label, MD_LINE);
        rc = rc ? rc : buf_adds(out, *d->cover[i].value ? ":** " : "**");
        rc = rc ? rc : md_escape(out, d->cover[i].value, MD_TEXT);
        rc = rc ? rc : buf_addc(out, '\n');
        first = 0;
    }
    for (size_t i = 0; i < d->nblocks && rc == 0; i++) {
        const struct doc_block *b = &d->blocks[i];
        if (b->kind == DOC_PAGEBREAK)
            continue; /* a printed page has no meaning here */
        rc = first ? 0 : buf_addc(out, '\n');
        first = 0;
        switch (b->kind) {
        case DOC_HEADING:
            rc = rc ? rc : buf_add(out, "### ", (size_t)b->level);
            rc = rc ? rc : buf_addc(out, ' ');
            rc = rc ? rc : md_escape(out, b->text, MD_LINE);
            rc = rc ? rc : buf_addc(out, '\n');
            break;
        case DOC_PARA:
            rc = rc ? rc : md_escape(out, b->text, MD_TEXT);
            rc = rc ? rc : buf_addc(out, '\n');
            break;
        case DOC_LIST: rc = rc ? rc : list(out, b); break;
        case DOC_TABLE: rc = rc ? rc : table(out, b->table); break;
        case DOC_CHART: rc = rc ? rc : chart(out, b->chart); break;
        case DOC_PAGEBREAK: break;
        }
    }
    if (rc)
        err_set(e, rc, "the paper is larger than the %zu bytes allowed", out->max);
    return rc;
}
