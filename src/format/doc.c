/* doc.c -- building a struct doc, and the questions its renderers (doc_*.c)
 * ask of it alike. */
#include "format/doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct doc_block *add(struct doc *d, enum doc_block_kind kind)
{
    struct doc_block *b;
    if (d->nblocks == d->cap) {
        struct doc_block *nb;
        d->cap = d->cap ? d->cap * 2 : 32;
        nb = arena_alloc(d->a, d->cap * sizeof *nb);
        if (d->nblocks)
            memcpy(nb, d->blocks, d->nblocks * sizeof *nb);
        d->blocks = nb;
    }
    b = &d->blocks[d->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void doc_init(struct doc *d, struct arena *a, const char *title, const char *date,
              const char *org)
{
    memset(d, 0, sizeof *d);
    d->a = a;
    d->title = arena_strdup(a, title);
    d->date = arena_strdup(a, date);
    d->org = arena_strdup(a, org ? org : "");
}

void doc_cover(struct doc *d, const char *label, const char *value)
{
    struct doc_field *n = arena_alloc(d->a, (d->ncover + 1) * sizeof *n);
    if (d->ncover)
        memcpy(n, d->cover, d->ncover * sizeof *n);
    n[d->ncover].label = arena_strdup(d->a, label);
    n[d->ncover].value = arena_strdup(d->a, value ? value : "");
    d->cover = n;
    d->ncover++;
}

void doc_heading(struct doc *d, int level, const char *text)
{
    struct doc_block *b = add(d, DOC_HEADING);
    b->level = level < 1 ? 1 : level > 3 ? 3 : level;
    b->text = arena_strdup(d->a, text);
}

void doc_para(struct doc *d, const char *text)
{
    add(d, DOC_PARA)->text = arena_strdup(d->a, text);
}

void doc_paraf(struct doc *d, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    s = arena_alloc(d->a, (size_t)(n > 0 ? n : 0) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    add(d, DOC_PARA)->text = s;
}

void doc_list(struct doc *d, int numbered, const char *const *items, size_t n)
{
    struct doc_block *b = add(d, DOC_LIST);
    b->level = numbered;
    b->items = arena_alloc(d->a, (n ? n : 1) * sizeof *b->items);
    for (size_t i = 0; i < n; i++)
        b->items[i] = arena_strdup(d->a, items[i]);
    b->nitems = n;
}

struct doc_table *doc_table(struct doc *d, const char *name, const char *caption, size_t ncols,
                            size_t nhead)
{
    struct doc_table *t = arena_alloc(d->a, sizeof *t);
    t->name = arena_strdup(d->a, name);
    t->caption = arena_strdup(d->a, caption);
    t->ncols = ncols;
    t->nhead = nhead;
    add(d, DOC_TABLE)->table = t;
    return t;
}

void doc_row(struct doc_table *t, struct arena *a)
{
    if (t->nrows == t->cap) {
        struct doc_row *n;
        t->cap = t->cap ? t->cap * 2 : 16;
        n = arena_alloc(a, t->cap * sizeof *n);
        if (t->nrows)
            memcpy(n, t->rows, t->nrows * sizeof *n);
        t->rows = n;
    }
    t->rows[t->nrows].ncells = 0;
    t->rows[t->nrows].cells = arena_alloc(a, t->ncols * sizeof(struct doc_cell));
    t->nrows++;
}

void doc_cell(struct doc_table *t, struct arena *a, const char *text, enum doc_style style,
              int colspan)
{
    struct doc_row *r = &t->rows[t->nrows - 1];
    if (r->ncells >= t->ncols)
        return; /* a report bug; the renderers rely on ncells <= ncols */
    r->cells[r->ncells].text = arena_strdup(a, text ? text : "");
    r->cells[r->ncells].style = style;
    r->cells[r->ncells].colspan = colspan < 1 ? 1 : colspan;
    r->ncells++;
}

void doc_chart(struct doc *d, const char *name, const char *svg, const char *alt, int width,
               int height)
{
    struct doc_chart *c = arena_alloc(d->a, sizeof *c);
    c->name = arena_strdup(d->a, name);
    c->svg = arena_strdup(d->a, svg);
    c->alt = arena_strdup(d->a, alt);
    c->width = width;
    c->height = height;
    add(d, DOC_CHART)->chart = c;
}

void doc_pagebreak(struct doc *d)
{
    add(d, DOC_PAGEBREAK);
}

enum doc_style doc_rag_style(const char *s)
{
    if (!s)
        return DOC_PLAIN;
    if (strcmp(s, "red") == 0)
        return DOC_RAG_RED;
    if (strcmp(s, "amber") == 0)
        return DOC_RAG_AMBER;
    if (strcmp(s, "green") == 0)
        return DOC_RAG_GREEN;
    if (strcmp(s, "white") == 0)
        return DOC_RAG_WHITE;
    if (strcmp(s, "closed") == 0)
        return DOC_RAG_CLOSED;
    return DOC_PLAIN;
}

/* A bold cell holding a figure ("1,024", "-3", "12.5%", "£40"): a total,
 * which lines up with the number cells above it. */
static int figure(const char *s)
{
    int digits = 0;
    if (strncmp(s, "\xc2\xa3", 2) == 0) /* £ */
        s += 2;
    if (*s == '-' || *s == '+')
        s++;
    for (; (*s >= '0' && *s <= '9') || *s == ',' || *s == '.'; s++)
        digits += *s >= '0' && *s <= '9';
    if (*s == '%')
        s++;
    return digits && !*s;
}

int doc_numeric_column(const struct doc_table *t, size_t col)
{
    int numbers = 0;
    for (size_t i = t->nhead; i < t->nrows; i++) {
        const struct doc_row *r = &t->rows[i];
        size_t c = 0;
        for (size_t k = 0; k < r->ncells && c <= col; k++) {
            const struct doc_cell *cell = &r->cells[k];
            if (c == col && cell->colspan == 1) {
                if (cell->style == DOC_NUMBER || (cell->style == DOC_STRONG && figure(cell->text)))
                    numbers++;
                else if (*cell->text && !(cell->style == DOC_STRONG && figure(cell->text)))
                    return 0;
            }
            c += (size_t)cell->colspan;
        }
    }
    return numbers > 0;
}
