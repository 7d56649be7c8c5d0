/* doc.h -- a paper as a sequence of blocks (headings, paragraphs, lists,
 * tables, charts), built once by a report and rendered by each format:
 * doc_html.c, doc_md.c, doc_csv.c, doc_xlsx.c, doc_docx.c.
 *
 * So every format of a paper shows the same figures: a report computes its
 * numbers (domain/), builds one struct doc from them, and hands it to the
 * renderer the user asked for. JSON is the exception: each report writes its
 * own JSON contract from its computed structure.
 *
 * Determinism: a renderer's bytes depend only on the doc. No current time is
 * written anywhere; zip entries and document properties carry doc->date.
 *
 * Ownership: the doc and every string in it live in the arena given to
 * doc_init; builder functions copy their strings into it. */
#ifndef OVERSIGHT_DOC_H
#define OVERSIGHT_DOC_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"

/* How a cell is shown. RAG styles colour the cell in HTML, XLSX and DOCX and
 * always carry the status in words too (colour is never the only signal). */
enum doc_style {
    DOC_PLAIN = 0,
    DOC_NUMBER,     /* right-aligned figure */
    DOC_STRONG,     /* bold: totals, sub-totals */
    DOC_GROUP,      /* a row heading a group ("New reports"): spans the table */
    DOC_RAG_RED,
    DOC_RAG_AMBER,
    DOC_RAG_GREEN,
    DOC_RAG_WHITE,
    DOC_RAG_CLOSED,
};

struct doc_cell {
    const char *text;
    enum doc_style style;
    int colspan;    /* >= 1 */
};

struct doc_table {
    const char *name;     /* short, unique in the doc: sheet name, CSV table name */
    const char *caption;  /* shown above the table; the accessible name */
    size_t ncols;         /* columns of the grid */
    size_t nhead;         /* how many of the first rows are header rows */
    size_t nrows;
    struct doc_row {
        size_t ncells;
        struct doc_cell *cells;
    } *rows;
    size_t cap;
    double *widths;       /* relative column widths (ncols), or NULL for even */
};

struct doc_chart {
    const char *name;
    const char *svg;      /* a complete <svg> element, drawn by format/svg.c */
    const char *alt;      /* the text alternative (DOCX descr, HTML figcaption) */
    int width, height;    /* CSS pixels */
};

enum doc_block_kind { DOC_HEADING, DOC_PARA, DOC_LIST, DOC_TABLE, DOC_CHART, DOC_PAGEBREAK };

struct doc_block {
    enum doc_block_kind kind;
    int level;            /* heading level 1-3; list: 1 numbered, 0 bulleted */
    const char *text;     /* heading or paragraph text */
    const char **items;   /* list items */
    size_t nitems;
    struct doc_table *table;
    struct doc_chart *chart;
};

/* The cover block of a committee paper: labelled rows ("Committee(s)",
 * "Dated", "Subject", "Public", "Report of", "Report author"). */
struct doc_field {
    const char *label, *value;
};

struct doc {
    struct arena *a;
    const char *title;    /* the paper's subject */
    const char *date;     /* YYYY-MM-DD: the paper's date, stamped into files */
    const char *org;      /* organisation, for document properties */
    struct doc_field *cover;
    size_t ncover;
    struct doc_block *blocks;
    size_t nblocks, cap;
};

void doc_init(struct doc *d, struct arena *a, const char *title, const char *date,
              const char *org);
void doc_cover(struct doc *d, const char *label, const char *value);
void doc_heading(struct doc *d, int level, const char *text);
void doc_para(struct doc *d, const char *text);
void doc_paraf(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A list of n items (copied); numbered or bulleted. */
void doc_list(struct doc *d, int numbered, const char *const *items, size_t n);
struct doc_table *doc_table(struct doc *d, const char *name, const char *caption, size_t ncols,
                            size_t nhead);
/* Starts a new row; then add its cells. */
void doc_row(struct doc_table *t, struct arena *a);
void doc_cell(struct doc_table *t, struct arena *a, const char *text, enum doc_style style,
              int colspan);
void doc_chart(struct doc *d, const char *name, const char *svg, const char *alt, int width,
               int height);
void doc_pagebreak(struct doc *d);

/* The RAG style for a status word ("red" ...), DOC_PLAIN if none. */
enum doc_style doc_rag_style(const char *status);

/* Whether column col of t's body is a column of figures: at least one, and
 * nothing but figures (number cells, and bold cells holding a figure such
 * as "1,024", "-3", "12.5%" or "£40": totals). The HTML and Markdown
 * renderers right-align it, its heading and its totals. */
int doc_numeric_column(const struct doc_table *t, size_t col);

/* Renderers. html: a complete page for screen and print (fragment: only the
 * body's content, for the web application to wrap). */
int doc_render_html(const struct doc *d, int fragment, struct buf *out, struct err *e);
int doc_render_md(const struct doc *d, struct buf *out, struct err *e);
/* CSV: every table in one file, the first column naming the table. */
int doc_render_csv(const struct doc *d, struct buf *out, struct err *e);
/* XLSX and DOCX are zip files, written into out. */
int doc_render_xlsx(const struct doc *d, struct buf *out, struct err *e);
int doc_render_docx(const struct doc *d, struct buf *out, struct err *e);

#endif
