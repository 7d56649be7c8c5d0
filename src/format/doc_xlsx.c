/* doc_xlsx.c -- a paper as an Excel workbook, written with libxlsxwriter: a
 * first "Paper" sheet with the cover and the text, then one sheet per table.
 *
 * A table's sheet is meant to be worked with: its header rows bold on a fill,
 * frozen, with an autofilter on the last of them; figures written as numbers;
 * columns as wide as their content (up to a cap, then wrapped); RAG cells
 * filled with their colour and keeping their word.
 *
 * libxlsxwriter 1.1.4 (Debian 12) writes only to a named file, so the
 * workbook goes to a private temporary file, read back and removed. Its
 * document properties carry the `created` given here (the paper's date); its
 * zip entries carry a fixed 1980-01-01, which libzip then restamps with the
 * paper's date (the compressed data copied as it is), so the bytes depend
 * only on the doc. */
#include "format/doc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/date.h"
#include "base/xalloc.h"
#include "format/doc_zip.h"
#include "format/xml.h"

#define SHEET_NAME_MAX 31 /* characters, Excel's limit */
#define CELL_TEXT_MAX 32767
#define COL_MIN 6
#define COL_MAX 60
#define PAPER_LABEL_W 18
#define PAPER_TEXT_W 100
#define BREAKS_MAX 1023
#define LINE_HEIGHT 15 /* points: a line of the default 11-point font */

#define FILL_HEAD 0xD9E2F3
#define FILL_GROUP 0xEDEDED
#define FILL_LABEL 0xF2F2F2
#define BORDER 0xA6A6A6

/* The same colours as doc_docx.c. */
static lxw_color_t rag_fill(enum doc_style s)
{
    switch (s) {
    case DOC_RAG_RED: return 0xF28B82;
    case DOC_RAG_AMBER: return 0xFFCC66;
    case DOC_RAG_GREEN: return 0x8FD19E;
    case DOC_RAG_WHITE: return 0xFFFFFF;
    case DOC_RAG_CLOSED: return 0xD0D5DB;
    default: return 0;
    }
}

struct xl {
    lxw_workbook *wb;
    struct buf text; /* scratch: the current cell's text, cleaned */
    lxw_error lerr;  /* the first libxlsxwriter error */
    struct {
        lxw_format *head, *head_number, *text, *number, *strong, *group, *rag[5];
        lxw_format *title, *heading[3], *label, *para, *caption, *link, *marker;
    } f;
};

/* Text as Excel takes it: valid UTF-8 without the controls XML forbids, cut
 * at Excel's cell limit. Valid until the next call. */
static const char *clean(struct xl *x, const char *s)
{
    buf_reset(&x->text);
    if (s && xml_clean(&x->text, s, strlen(s), CELL_TEXT_MAX) != 0)
        buf_reset(&x->text);
    return buf_str(&x->text);
}

static void check(struct xl *x, lxw_error err)
{
    if (err != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR)
        x->lerr = err;
}

/* An integer Excel holds exactly: optional minus, no leading zero, at most
 * 15 digits. "007" and "1.5" stay text, as the paper prints them. */
static int integer_text(const char *s, double *v)
{
    const char *p = s;
    size_t n;

    if (*p == '-')
        p++;
    n = strspn(p, "0123456789");
    if (n == 0 || n > 15 || p[n] != '\0' || (p[0] == '0' && n > 1) || (s[0] == '-' && p[0] == '0'))
        return 0;
    *v = strtod(s, NULL);
    return 1;
}

static lxw_format *format(struct xl *x, int bold, lxw_color_t fill, int border)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (bold)
        format_set_bold(f);
    if (fill)
        format_set_bg_color(f, fill);
    if (border) {
        format_set_border(f, LXW_BORDER_THIN);
        format_set_border_color(f, BORDER);
    }
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f);
    return f;
}

static void formats(struct xl *x)
{
    static const enum doc_style rag[5] = {DOC_RAG_RED, DOC_RAG_AMBER, DOC_RAG_GREEN,
                                          DOC_RAG_WHITE, DOC_RAG_CLOSED};
    static const double heading_size[3] = {14, 12, 11};

    x->f.head = format(x, 1, FILL_HEAD, 1);
    x->f.head_number = format(x, 1, FILL_HEAD, 1);
    format_set_align(x->f.head_number, LXW_ALIGN_RIGHT);
    x->f.text = format(x, 0, 0, 1);
    x->f.number = format(x, 0, 0, 1);
    format_set_align(x->f.number, LXW_ALIGN_RIGHT);
    x->f.strong = format(x, 1, 0, 1);
    x->f.group = format(x, 1, FILL_GROUP, 1);
    for (int i = 0; i < 5; i++)
        x->f.rag[i] = format(x, 0, rag_fill(rag[i]), 1);

    x->f.title = workbook_add_format(x->wb);
    format_set_bold(x->f.title);
    format_set_font_size(x->f.title, 16);
    for (int i = 0; i < 3; i++) {
        x->f.heading[i] = workbook_add_format(x->wb);
        format_set_bold(x->f.heading[i]);
        format_set_font_size(x->f.heading[i], heading_size[i]);
    }
    x->f.caption = workbook_add_format(x->wb);
    format_set_bold(x->f.caption);
    format_set_font_size(x->f.caption, 12);
    x->f.label = format(x, 1, FILL_LABEL, 1);
    x->f.para = format(x, 0, 0, 0);
    x->f.marker = format(x, 0, 0, 0);
    format_set_align(x->f.marker, LXW_ALIGN_RIGHT);
    x->f.link = format(x, 0, 0, 0);
    format_set_underline(x->f.link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(x->f.link, 0x0563C1);
}

static lxw_format *cell_format(struct xl *x, enum doc_style s, int head)
{
    if (head)
        return s == DOC_NUMBER ? x->f.head_number : x->f.head;
    switch (s) {
    case DOC_NUMBER: return x->f.number;
    case DOC_STRONG: return x->f.strong;
    case DOC_GROUP: return x->f.group;
    case DOC_RAG_RED: return x->f.rag[0];
    case DOC_RAG_AMBER: return x->f.rag[1];
    case DOC_RAG_GREEN: return x->f.rag[2];
    case DOC_RAG_WHITE: return x->f.rag[3];
    case DOC_RAG_CLOSED: return x->f.rag[4];
    default: return x->f.text;
    }
}

/* ---- sheet names ----------------------------------------------------------- */

/* Excel's rules: at most 31 characters, none of [ ] : * ? / \, not starting
 * or ending with an apostrophe, not "History", unique ignoring case. The
 * result is written into name (at least 4 * SHEET_NAME_MAX + 1 bytes). */
static void sheet_name(const char *want, char (*used)[4 * SHEET_NAME_MAX + 1], size_t nused,
                       char *name)
{
    struct buf b;
    char base[4 * SHEET_NAME_MAX + 1];
    size_t len = 0, chars = 0;
    const char *p;

    buf_init(&b, BUF_MAX_DEFAULT);
    if (want)
        xml_clean(&b, want, strlen(want), 0);
    for (p = buf_str(&b); *p && chars < SHEET_NAME_MAX; chars++) {
        size_t clen = 1;
        while (((unsigned char)p[clen] & 0xC0) == 0x80)
            clen++;
        if (clen == 1) {
            switch (*p) {
            case '[': base[len++] = '('; break;
            case ']': base[len++] = ')'; break;
            case ':': case '/': case '\\': base[len++] = '-'; break;
            case '*': case '?': base[len++] = '_'; break;
            case '\t': case '\n': case '\r': base[len++] = ' '; break;
            default: base[len++] = *p; break;
            }
        } else {
            memcpy(base + len, p, clen);
            len += clen;
        }
        p += clen;
    }
    base[len] = '\0';
    buf_release(&b);
    /* Apostrophes and spaces at either end are dropped. */
    while (len && (base[len - 1] == '\'' || base[len - 1] == ' '))
        base[--len] = '\0';
    p = base + strspn(base, "' ");
    memmove(base, p, strlen(p) + 1);
    if (!*base)
        strcpy(base, "Table");

    for (int k = 1;; k++) {
        char suffix[16] = "";
        int taken = strcasecmp(base, "History") == 0 && k == 1;

        if (k > 1) {
            size_t keep = 0, kept = 0, slen;
            snprintf(suffix, sizeof suffix, " (%d)", k);
            slen = strlen(suffix);
            /* cut the base to leave room for the suffix, on a character boundary */
            while (base[keep] && kept + slen < SHEET_NAME_MAX) {
                keep++;
                while (((unsigned char)base[keep] & 0xC0) == 0x80)
                    keep++;
                kept++;
            }
            snprintf(name, 4 * SHEET_NAME_MAX + 1, "%.*s%s", (int)keep, base, suffix);
        } else {
            strcpy(name, base);
        }
        for (size_t i = 0; i < nused && !taken; i++)
            taken = strcasecmp(used[i], name) == 0;
        if (!taken)
            return;
    }
}

/* ---- sheets ---------------------------------------------------------------- */

/* Lines the text takes wrapped into a column cap characters wide, wrapping
 * at spaces as a spreadsheet does. Neither Excel nor LibreOffice is relied
 * on to fit a row to wrapped text when it opens the file (LibreOffice does
 * not), so the rows are given heights from this. */
static double wrapped_lines(const char *s, double cap)
{
    double lines = 1, line = 0;

    if (cap < 1)
        cap = 1;
    while (*s) {
        size_t wlen = 0;
        double w;
        if (*s == '\n') {
            lines++;
            line = 0;
            s++;
            continue;
        }
        if (*s == ' ') {
            s++;
            if (line > 0)
                line++;
            continue;
        }
        while (s[wlen] && s[wlen] != ' ' && s[wlen] != '\n')
            wlen++;
        w = 0;
        for (size_t i = 0; i < wlen; i++)
            w += ((unsigned char)s[i] & 0xC0) != 0x80;
        if (line > 0 && line + w > cap) {
            lines++;
            line = 0;
        }
        while (w > cap) { /* a word longer than the column breaks anywhere */
            lines++;
            w -= cap;
        }
        line += w;
        s += wlen;
    }
    return lines;
}

/* The longest line of the text, in characters. */
static double longest_line(const char *s)
{
    double best = 0, n = 0;
    for (; *s; s++) {
        if (*s == '\n')
            n = 0;
        else
            n += ((unsigned char)*s & 0xC0) != 0x80;
        if (n > best)
            best = n;
    }
    return best;
}

static void fit_row(struct xl *x, lxw_worksheet *ws, lxw_row_t r, double lines)
{
    if (lines > 1)
        check(x, worksheet_set_row(ws, r, lines * LINE_HEIGHT, NULL));
}

static void table_sheet(struct xl *x, lxw_worksheet *ws, const struct doc_table *t)
{
    double *width = xcalloc(t->ncols ? t->ncols : 1, sizeof *width);
    lxw_row_t top = 1; /* row 0 holds the caption */

    /* Column widths first, from the cells of one column; row heights follow. */
    for (size_t r = 0; r < t->nrows; r++) {
        const struct doc_row *row = &t->rows[r];
        size_t col = 0;
        for (size_t c = 0; c < row->ncells && col < t->ncols; c++) {
            const struct doc_cell *cl = &row->cells[c];
            if (cl->colspan <= 1) {
                double n = longest_line(clean(x, cl->text)) * (r < t->nhead ? 1.1 : 1.0);
                if (n > width[col])
                    width[col] = n; /* bold is wider */
            }
            col += (size_t)cl->colspan;
        }
    }
    for (size_t c = 0; c < t->ncols; c++) {
        width[c] += 2;
        width[c] = width[c] < COL_MIN ? COL_MIN : width[c] > COL_MAX ? COL_MAX : width[c];
        check(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL));
    }

    worksheet_write_string(ws, 0, 0, clean(x, t->caption), x->f.caption);
    for (size_t r = 0; r < t->nrows; r++) {
        const struct doc_row *row = &t->rows[r];
        lxw_row_t R = top + (lxw_row_t)r;
        int head = r < t->nhead;
        size_t col = 0;
        double lines = 1;

        for (size_t c = 0; c < row->ncells && col < t->ncols; c++) {
            const struct doc_cell *cl = &row->cells[c];
            size_t span = (size_t)cl->colspan;
            lxw_format *f = cell_format(x, cl->style, head);
            const char *text = clean(x, cl->text);
            double v, w = 0, n;
            int number = !head && (cl->style == DOC_NUMBER || cl->style == DOC_STRONG) &&
                         integer_text(text, &v);

            if (span > t->ncols - col)
                span = t->ncols - col;
            for (size_t k = 0; k < span; k++)
                w += width[col + k];
            n = wrapped_lines(text, (w - 1) / (head ? 1.1 : 1.0));
            if (n > lines)
                lines = n;
            if (span > 1) {
                check(x, worksheet_merge_range(ws, R, (lxw_col_t)col, R, (lxw_col_t)(col + span - 1),
                                               number ? "" : text, f));
                if (number)
                    check(x, worksheet_write_number(ws, R, (lxw_col_t)col, v, f));
            } else if (number) {
                check(x, worksheet_write_number(ws, R, (lxw_col_t)col, v, f));
            } else if (*text) {
                check(x, worksheet_write_string(ws, R, (lxw_col_t)col, text, f));
            } else {
                check(x, worksheet_write_blank(ws, R, (lxw_col_t)col, f));
            }
            col += span;
        }
        for (; col < t->ncols; col++)
            check(x, worksheet_write_blank(ws, R, (lxw_col_t)col, cell_format(x, DOC_PLAIN, head)));
        fit_row(x, ws, R, lines);
    }
    if (t->nhead > 0 && t->ncols > 0) {
        lxw_row_t last_head = top + (lxw_row_t)t->nhead - 1;
        worksheet_freeze_panes(ws, last_head + 1, 0);
        check(x, worksheet_repeat_rows(ws, top, last_head));
        if (t->nrows > t->nhead)
            check(x, worksheet_autofilter(ws, last_head, 0, top + (lxw_row_t)t->nrows - 1,
                                          (lxw_col_t)(t->ncols - 1)));
    }
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    free(width);
}

/* An internal link target: 'Sheet name'!A1, apostrophes doubled. */
static char *sheet_link(const char *name)
{
    char *s = xmalloc(strlen(name) * 2 + 32), *q = s;
    q += sprintf(q, "internal:'");
    for (const char *p = name; *p; p++) {
        if (*p == '\'')
            *q++ = '\'';
        *q++ = *p;
    }
    strcpy(q, "'!A1");
    return s;
}

static void paper_sheet(struct xl *x, lxw_worksheet *ws, const struct doc *d,
                        char (*names)[4 * SHEET_NAME_MAX + 1])
{
    lxw_row_t r = 0, breaks[BREAKS_MAX + 1];
    size_t nbreaks = 0, ntable = 0;

    check(x, worksheet_set_column(ws, 0, 0, PAPER_LABEL_W, NULL));
    check(x, worksheet_set_column(ws, 1, 1, PAPER_TEXT_W, NULL));
    check(x, worksheet_write_string(ws, r, 0, clean(x, d->title), x->f.title));
    r += 2;
    for (size_t i = 0; i < d->ncover; i++, r++) {
        check(x, worksheet_write_string(ws, r, 0, clean(x, d->cover[i].label), x->f.label));
        check(x, worksheet_write_string(ws, r, 1, clean(x, d->cover[i].value), x->f.text));
        fit_row(x, ws, r, wrapped_lines(buf_str(&x->text), PAPER_TEXT_W - 1));
    }
    if (d->ncover)
        r++;
    for (size_t i = 0; i < d->nblocks; i++) {
        const struct doc_block *b = &d->blocks[i];

        switch (b->kind) {
        case DOC_HEADING:
            if (r > 0 && b->level == 1)
                r++;
            check(x, worksheet_write_string(ws, r++, 0, clean(x, b->text),
                                            x->f.heading[b->level < 1 || b->level > 3 ? 0 : b->level - 1]));
            break;
        case DOC_PARA:
            check(x, worksheet_write_string(ws, r, 1, clean(x, b->text), x->f.para));
            fit_row(x, ws, r++, wrapped_lines(buf_str(&x->text), PAPER_TEXT_W - 1));
            break;
        case DOC_LIST:
            for (size_t k = 0; k < b->nitems; k++, r++) {
                char mark[32];
                if (b->level)
                    snprintf(mark, sizeof mark, "%zu.", k + 1);
                else
                    strcpy(mark, "\xE2\x80\xA2");
                check(x, worksheet_write_string(ws, r, 0, mark, x->f.marker));
                check(x, worksheet_write_string(ws, r, 1, clean(x, b->items[k]), x->f.para));
                fit_row(x, ws, r, wrapped_lines(buf_str(&x->text), PAPER_TEXT_W - 1));
            }
            break;
        case DOC_TABLE: {
            char *link = sheet_link(names[ntable]);
            char *shown = xmalloc(strlen(b->table->caption ? b->table->caption : "") +
                                  strlen(names[ntable]) + 32);
            sprintf(shown, "%s (sheet %s)", b->table->caption ? b->table->caption : "", names[ntable]);
            check(x, worksheet_write_string(ws, r, 0, "Table", x->f.marker));
            check(x, worksheet_write_url_opt(ws, r++, 1, link, x->f.link, clean(x, shown), NULL));
            free(shown);
            free(link);
            ntable++;
            break;
        }
        case DOC_CHART:
            check(x, worksheet_write_string(ws, r, 0, "Chart", x->f.marker));
            check(x, worksheet_write_string(ws, r, 1, clean(x, b->chart->alt), x->f.para));
            fit_row(x, ws, r++, wrapped_lines(buf_str(&x->text), PAPER_TEXT_W - 1));
            break;
        case DOC_PAGEBREAK:
            if (nbreaks < BREAKS_MAX && r > 0)
                breaks[nbreaks++] = r;
            break;
        }
    }
    if (nbreaks) {
        breaks[nbreaks] = 0;
        check(x, worksheet_set_h_pagebreaks(ws, breaks));
    }
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- the workbook ---------------------------------------------------------- */

static int read_all(int fd, struct buf *out, struct err *e)
{
    char chunk[65536];
    ssize_t n;

    if (lseek(fd, 0, SEEK_SET) < 0)
        return err_set(e, ERR_IO, "workbook: %s", strerror(errno));
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return err_set(e, ERR_IO, "workbook: %s", strerror(errno));
        }
        if (buf_add(out, chunk, (size_t)n) != 0)
            return err_set(e, ERR_LIMIT, "workbook larger than %zu bytes", out->max);
    }
    return 0;
}

/* Appends to out the archive raw with every entry's time set to mtime. */
static int restamp(const struct buf *raw, time_t mtime, struct buf *out, struct err *e)
{
    struct doc_zip zp;
    zip_int64_t n;
    int rc = ERR_IO;

    if (doc_zip_open(&zp, "workbook zip", "workbook", raw->p, raw->len, 0, e) != 0)
        goto out;
    n = zip_get_num_entries(zp.z, 0);
    for (zip_int64_t i = 0; i < n; i++)
        if (zip_file_set_mtime(zp.z, (zip_uint64_t)i, mtime, 0) < 0) {
            err_set(e, ERR_IO, "workbook zip: %s", zip_strerror(zp.z));
            goto out;
        }
    rc = doc_zip_close(&zp, out, e);
out:
    doc_zip_release(&zp);
    return rc;
}

int doc_render_xlsx(const struct doc *d, struct buf *out, struct err *e)
{
    struct xl x;
    struct buf raw; /* the workbook as libxlsxwriter wrote it */
    lxw_doc_properties props;
    lxw_workbook_options opts;
    char (*names)[4 * SHEET_NAME_MAX + 1] = NULL;
    const char *tmp = getenv("TMPDIR");
    char *path = NULL, *title = NULL, *org = NULL;
    size_t ntables = 0, k = 0;
    int32_t day;
    int fd = -1, rc = ERR_IO;
    lxw_error close_err;

    memset(&x, 0, sizeof x);
    buf_init(&x.text, BUF_MAX_DEFAULT);
    buf_init(&raw, out->max);
    if (!d->date || date_parse(d->date, strlen(d->date), &day) != 0) {
        rc = err_set(e, ERR_INPUT, "paper date \"%s\" is not YYYY-MM-DD", d->date ? d->date : "");
        goto out;
    }
    if (!tmp || !*tmp)
        tmp = "/tmp";
    path = xmalloc(strlen(tmp) + 32);
    sprintf(path, "%s/oversight-xlsx-XXXXXX", tmp);
    fd = mkstemp(path);
    if (fd < 0) {
        err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
        free(path);
        path = NULL;
        goto out;
    }

    for (size_t i = 0; i < d->nblocks; i++)
        ntables += d->blocks[i].kind == DOC_TABLE;
    /* names[0] is the Paper sheet; the tables follow. */
    names = xcalloc(ntables + 1, sizeof *names);
    strcpy(names[0], "Paper");
    for (size_t i = 0; i < d->nblocks; i++)
        if (d->blocks[i].kind == DOC_TABLE) {
            k++;
            sheet_name(d->blocks[i].table->name, names, k, names[k]);
        }

    memset(&opts, 0, sizeof opts);
    opts.tmpdir = (char *)tmp;
    x.wb = workbook_new_opt(path, &opts);
    if (!x.wb) {
        err_set(e, ERR_IO, "%s: cannot create the workbook", path);
        goto out;
    }
    memset(&props, 0, sizeof props);
    title = xstrdup(clean(&x, d->title));
    org = xstrdup(clean(&x, d->org));
    props.title = title;
    props.author = org;
    props.company = org;
    props.created = (time_t)day * 86400; /* the paper's date, 00:00 UTC */
    check(&x, workbook_set_properties(x.wb, &props));
    formats(&x);

    {
        lxw_worksheet *paper = workbook_add_worksheet(x.wb, names[0]);
        size_t t = 0;
        if (!paper)
            check(&x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        else
            paper_sheet(&x, paper, d, names + 1);
        for (size_t i = 0; i < d->nblocks && paper; i++) {
            lxw_worksheet *ws;
            if (d->blocks[i].kind != DOC_TABLE)
                continue;
            t++;
            ws = workbook_add_worksheet(x.wb, names[t]);
            if (!ws) {
                err_set(e, ERR_INPUT, "table %s: sheet name \"%s\" refused", d->blocks[i].table->name,
                        names[t]);
                rc = ERR_INPUT;
                break;
            }
            table_sheet(&x, ws, d->blocks[i].table);
        }
    }
    close_err = workbook_close(x.wb); /* writes the file and frees the workbook */
    x.wb = NULL;
    if (rc == ERR_INPUT)
        goto out;
    check(&x, close_err);
    if (x.lerr != LXW_NO_ERROR) {
        err_set(e, ERR_IO, "workbook: %s", lxw_strerror(x.lerr));
        goto out;
    }
    if ((rc = read_all(fd, &raw, e)) == 0)
        rc = restamp(&raw, doc_zip_date(day), out, e);
out:
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }
    free(path);
    free(names);
    free(title);
    free(org);
    buf_release(&x.text);
    buf_release(&raw);
    return rc;
}
