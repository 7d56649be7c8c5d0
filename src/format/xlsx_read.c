/* xlsx_read.c -- reading one sheet of an XLSX workbook: libzip for the
 * archive, expat (namespace-aware, streaming) for its XML parts, each part
 * inflated and parsed a chunk at a time.
 *
 * The sheet is found the way Excel finds it: its name in xl/workbook.xml,
 * through its relationship id to a target in xl/_rels/workbook.xml.rels.
 * Shared strings are loaded whole (bounded); the sheet itself is streamed,
 * one row delivered at a time. A workbook is untrusted input: entries are
 * bounded in size however well they compress, DTDs are refused (no entity
 * expansion), and every cell is checked as UTF-8 like a CSV field. */
#include <errno.h>
#include <expat.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/xalloc.h"
#include "format/table_impl.h"

#define PART_MAX ((zip_uint64_t)256 << 20) /* one entry, uncompressed */
#define SST_MAX_COUNT ((size_t)4000000)
#define SST_MAX_BYTES ((size_t)64 << 20)
#define ROW_NUMBER_MAX 1048576L /* Excel's last row */

struct xlsx_read {
    zip_t *zip;
    char *sheet;      /* the sheet's name, as the workbook spells it */
    char *part;       /* its part, e.g. xl/worksheets/sheet1.xml */
    char *sst_part;   /* the shared strings part, NULL if none */
    int date1904;
    struct buf sst;   /* shared strings, each NUL-terminated */
    size_t *sst_off;  /* where each starts in sst */
    size_t sst_n, sst_cap;
};

/* ---- XML parts ------------------------------------------------------------- */

/* What every part's handlers share; each part's state struct begins with one. */
struct sax {
    XML_Parser xp;
    struct table_reader *t;
    struct xlsx_read *x;
    struct err *e;
    const char *part;
    int rc; /* why a handler stopped the parser: an error, or fn's non-zero */
};

static const char *local(const XML_Char *name)
{
    const char *p = strrchr(name, '|');
    return p ? p + 1 : name;
}

/* An attribute in no namespace. */
static const char *attr(const XML_Char **atts, const char *name)
{
    for (; *atts; atts += 2)
        if (strcmp(atts[0], name) == 0)
            return atts[1];
    return NULL;
}

/* r:id, in the relationships namespace (transitional or strict). */
static const char *attr_rid(const XML_Char **atts)
{
    for (; *atts; atts += 2) {
        const char *bar = strrchr(atts[0], '|');
        size_t ns = bar ? (size_t)(bar - atts[0]) : 0;
        if (bar && strcmp(bar + 1, "id") == 0 && ns >= 13 &&
            memcmp(bar - 13, "relationships", 13) == 0)
            return atts[1];
    }
    return NULL;
}

static void sax_stop(struct sax *s, int rc)
{
    if (!s->rc)
        s->rc = rc;
    XML_StopParser(s->xp, XML_FALSE);
}

/* Stops with "FILE: damaged workbook: WHAT at line N of PART". */
static void sax_damaged(struct sax *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sax_damaged(struct sax *s, const char *fmt, ...)
{
    char what[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    sax_stop(s, err_set(s->e, ERR_INPUT, "%s: damaged workbook: %s at line %lu of %s",
                        s->t->display, what, (unsigned long)XML_GetCurrentLineNumber(s->xp),
                        s->part));
}

static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    /* No part of a workbook has a DTD; refusing them shuts out entity
     * expansion attacks whatever expat's own defences. */
    sax_damaged(data, "a DTD is not allowed");
}

static zip_int64_t locate(struct xlsx_read *x, const char *name)
{
    zip_int64_t i = zip_name_locate(x->zip, name, 0);
    return i >= 0 ? i : zip_name_locate(x->zip, name, ZIP_FL_NOCASE);
}

static int too_big(const struct table_reader *t, const char *name, struct err *e)
{
    return err_set(e, ERR_LIMIT,
                   "%s: %s is larger than %llu MiB uncompressed (refused: a workbook this size "
                   "is more likely a zip bomb)",
                   t->display, name, (unsigned long long)(PART_MAX >> 20));
}

/* Checks that the entry idx (of part name) exists, is not encrypted and
 * claims no more than PART_MAX bytes; fills *st. */
static int check_entry(const struct table_reader *t, const char *name, zip_int64_t idx,
                       zip_stat_t *st, struct err *e)
{
    if (idx < 0)
        return err_set(e, ERR_INPUT, "%s: not an XLSX workbook (it has no %s)", t->display, name);
    if (zip_stat_index(t->xlsx->zip, (zip_uint64_t)idx, 0, st) != 0)
        return err_set(e, ERR_INPUT, "%s: damaged workbook: %s: %s", t->display, name,
                       zip_strerror(t->xlsx->zip));
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE)
        return err_set(e, ERR_INPUT, "%s: not an XLSX workbook (%s is encrypted)", t->display,
                       name);
    if ((st->valid & ZIP_STAT_SIZE) && st->size > PART_MAX)
        return too_big(t, name, e);
    return 0;
}

/* Parses the part name with the handlers, s being their user data. When
 * progress is set, t->done and t->total follow the part's inflated bytes. */
static int parse_part(struct table_reader *t, const char *name, struct sax *s,
                      XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler text, int progress, struct err *e)
{
    struct xlsx_read *x = t->xlsx;
    zip_int64_t idx = locate(x, name);
    zip_stat_t st;
    zip_file_t *zf = NULL;
    XML_Parser xp = NULL;
    char *chunk = NULL;
    zip_uint64_t total = 0;
    int rc;

    rc = check_entry(t, name, idx, &st, e);
    if (rc)
        goto out;
    if (progress) {
        t->done = 0;
        t->total = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size : 0;
    }
    zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        rc = err_set(e, ERR_INPUT, "%s: damaged workbook: cannot read %s: %s", t->display, name,
                     zip_strerror(x->zip));
        goto out;
    }
    xp = XML_ParserCreateNS(NULL, '|');
    if (!xp) {
        rc = err_set(e, ERR_INPUT, "%s: cannot start the XML parser", t->display);
        goto out;
    }
    s->xp = xp;
    s->t = t;
    s->x = x;
    s->e = e;
    s->part = name;
    s->rc = 0;
    XML_SetUserData(xp, s);
    XML_SetElementHandler(xp, start, end);
    XML_SetCharacterDataHandler(xp, text);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);
    chunk = xmalloc(TABLE_CHUNK);
    for (;;) {
        zip_int64_t got = zip_fread(zf, chunk, TABLE_CHUNK);
        if (got < 0) {
            rc = err_set(e, ERR_INPUT, "%s: damaged workbook: cannot read %s: %s", t->display,
                         name, zip_file_strerror(zf));
            goto out;
        }
        /* The size in the directory may lie; what inflates is what counts. */
        total += (zip_uint64_t)got;
        if (total > PART_MAX) {
            rc = too_big(t, name, e);
            goto out;
        }
        if (progress)
            t->done = (size_t)total;
        if (XML_Parse(xp, chunk, (int)got, got == 0) != XML_STATUS_OK) {
            if (s->rc)
                rc = s->rc;
            else
                rc = err_set(e, ERR_INPUT, "%s: damaged workbook: %s at line %lu of %s",
                             t->display, XML_ErrorString(XML_GetErrorCode(xp)),
                             (unsigned long)XML_GetCurrentLineNumber(xp), name);
            goto out;
        }
        if (got == 0)
            break;
    }
    rc = 0;
out:
    free(chunk);
    if (xp)
        XML_ParserFree(xp);
    if (zf)
        zip_fclose(zf);
    return rc;
}

/* OOXML writes characters XML cannot carry as _xHHHH_ (a CR in a cell is
 * _x000D_, a literal "_x" is escaped as _x005F_x). Decodes them in place;
 * returns the new length, never more than n. */
static size_t unescape_x(char *s, size_t n)
{
    size_t i = 0, o = 0;

    if (!memchr(s, '_', n))
        return n;
    while (i < n) {
        unsigned v = 0;
        int ok = s[i] == '_' && n - i >= 7 && s[i + 1] == 'x' && s[i + 6] == '_';
        size_t k;

        for (k = 2; ok && k < 6; k++) {
            char c = s[i + k];
            if (c >= '0' && c <= '9')
                v = v * 16 + (unsigned)(c - '0');
            else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
                v = v * 16 + (unsigned)((c | 0x20) - 'a' + 10);
            else
                ok = 0;
        }
        if (!ok || (v >= 0xD800 && v <= 0xDFFF)) {
            s[o++] = s[i++];
            continue;
        }
        if (v < 0x80) {
            s[o++] = (char)v;
        } else if (v < 0x800) {
            s[o++] = (char)(0xC0 | (v >> 6));
            s[o++] = (char)(0x80 | (v & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | (v >> 12));
            s[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (v & 0x3F));
        }
        i += 7;
    }
    return o;
}

/* ---- xl/workbook.xml and its relationships ----------------------------------- */

struct sheet_entry {
    char *name, *rid;
};

struct wb_sax {
    struct sax s;
    struct sheet_entry *sheets;
    size_t n, cap;
    int in_sheets;
};

static void XMLCALL wb_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct wb_sax *w = data;
    const char *l = local(name);

    if (w->s.rc)
        return;
    if (strcmp(l, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        w->s.x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(l, "sheets") == 0) {
        w->in_sheets = 1;
    } else if (w->in_sheets && strcmp(l, "sheet") == 0) {
        const char *n = attr(atts, "name"), *rid = attr_rid(atts);
        if (!n || !rid) {
            sax_damaged(&w->s, "a sheet without a name or r:id");
            return;
        }
        xgrow((void **)&w->sheets, &w->cap, w->n + 1, sizeof *w->sheets);
        w->sheets[w->n].name = xstrdup(n);
        w->sheets[w->n].rid = xstrdup(rid);
        w->n++;
    }
}

static void XMLCALL wb_end(void *data, const XML_Char *name)
{
    struct wb_sax *w = data;
    if (strcmp(local(name), "sheets") == 0)
        w->in_sheets = 0;
}

struct rel_entry {
    char *id, *target, *type;
    int external;
};

struct rels_sax {
    struct sax s;
    struct rel_entry *rels;
    size_t n, cap;
};

static void XMLCALL rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct rels_sax *r = data;
    const char *id, *target, *type, *mode;

    if (r->s.rc || strcmp(local(name), "Relationship") != 0)
        return;
    id = attr(atts, "Id");
    target = attr(atts, "Target");
    type = attr(atts, "Type");
    mode = attr(atts, "TargetMode");
    if (!id || !target)
        return;
    xgrow((void **)&r->rels, &r->cap, r->n + 1, sizeof *r->rels);
    r->rels[r->n].id = xstrdup(id);
    r->rels[r->n].target = xstrdup(target);
    r->rels[r->n].type = xstrdup(type ? type : "");
    r->rels[r->n].external = mode && strcmp(mode, "External") == 0;
    r->n++;
}

static void XMLCALL no_end(void *data, const XML_Char *name)
{
}

static void XMLCALL no_text(void *data, const XML_Char *s, int len)
{
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* A relationship target, relative to xl/ or absolute ("/xl/..."), as the
 * part name in the archive, with "." and ".." resolved. */
static char *resolve_target(const char *target)
{
    size_t n = strlen(target) + 4, o = 0;
    char *in = xmalloc(n), *out = xmalloc(n), *seg, *save = NULL;

    snprintf(in, n, "%s%s", target[0] == '/' ? "" : "xl/", target);
    for (seg = strtok_r(in, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
        size_t k = strlen(seg);
        if (strcmp(seg, ".") == 0)
            continue;
        if (strcmp(seg, "..") == 0) {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            continue;
        }
        if (o)
            out[o++] = '/';
        memcpy(out + o, seg, k);
        o += k;
    }
    out[o] = '\0';
    free(in);
    return out;
}

/* Fills x->sheet, x->part and x->sst_part. */
static int find_sheet(struct table_reader *t, const char *want, struct wb_sax *w,
                      struct rels_sax *r, struct err *e)
{
    struct xlsx_read *x = t->xlsx;
    const struct sheet_entry *s = NULL;
    const struct rel_entry *rel = NULL;
    size_t i;

    if (w->n == 0)
        return err_set(e, ERR_INPUT, "%s: not an XLSX workbook (it has no sheets)", t->display);
    if (!want)
        s = &w->sheets[0];
    for (i = 0; !s && i < w->n; i++)
        if (strcmp(w->sheets[i].name, want) == 0)
            s = &w->sheets[i];
    /* Excel's sheet names are unique regardless of case. */
    for (i = 0; !s && i < w->n; i++)
        if (strcasecmp(w->sheets[i].name, want) == 0)
            s = &w->sheets[i];
    if (!s) {
        struct buf names;
        int rc;
        buf_init(&names, sizeof e->msg);
        for (i = 0; i < w->n; i++)
            if (buf_addf(&names, "%s\"%s\"", i ? ", " : "", w->sheets[i].name))
                break;
        rc = err_set(e, ERR_NOTFOUND, "%s: no sheet named \"%s\" (the workbook has %s)",
                     t->display, want, buf_str(&names));
        buf_release(&names);
        return rc;
    }
    for (i = 0; i < r->n; i++) {
        if (!rel && strcmp(r->rels[i].id, s->rid) == 0)
            rel = &r->rels[i];
        if (!x->sst_part && !r->rels[i].external && ends_with(r->rels[i].type, "/sharedStrings"))
            x->sst_part = resolve_target(r->rels[i].target);
    }
    if (!rel || rel->external)
        return err_set(e, ERR_INPUT, "%s: damaged workbook: sheet \"%s\" has no part",
                       t->display, s->name);
    if (*rel->type && !ends_with(rel->type, "/worksheet"))
        return err_set(e, ERR_INPUT, "%s: sheet \"%s\" is not a worksheet (a chart?)",
                       t->display, s->name);
    x->sheet = xstrdup(s->name);
    x->part = resolve_target(rel->target);
    if (!x->sst_part && locate(x, "xl/sharedStrings.xml") >= 0)
        x->sst_part = xstrdup("xl/sharedStrings.xml");
    return 0;
}

/* ---- shared strings ------------------------------------------------------- */

struct sst_sax {
    struct sax s;
    int in_si, in_t, rph; /* rph: inside <rPh>, phonetic runs, which are not the text */
    struct buf cur;
};

static void XMLCALL sst_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct sst_sax *p = data;
    const char *l = local(name);

    if (p->s.rc)
        return;
    if (strcmp(l, "si") == 0) {
        p->in_si = 1;
        p->rph = 0;
        buf_reset(&p->cur);
    } else if (p->in_si && strcmp(l, "rPh") == 0) {
        p->rph++;
    } else if (p->in_si && !p->rph && strcmp(l, "t") == 0) {
        p->in_t = 1;
    }
}

static void XMLCALL sst_end(void *data, const XML_Char *name)
{
    struct sst_sax *p = data;
    struct xlsx_read *x = p->s.x;
    const char *l = local(name);
    size_t off, len;

    if (p->s.rc)
        return;
    if (strcmp(l, "t") == 0) {
        p->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        if (p->rph)
            p->rph--;
    } else if (p->in_si && strcmp(l, "si") == 0) {
        p->in_si = 0;
        if (x->sst_n >= SST_MAX_COUNT) {
            sax_stop(&p->s, err_set(p->s.e, ERR_LIMIT, "%s: more than %zu shared strings",
                                    p->s.t->display, SST_MAX_COUNT));
            return;
        }
        len = p->cur.len ? unescape_x(p->cur.p, p->cur.len) : 0;
        off = x->sst.len;
        if (buf_add(&x->sst, p->cur.p, len) || buf_addc(&x->sst, '\0')) {
            sax_stop(&p->s, err_set(p->s.e, ERR_LIMIT,
                                    "%s: shared strings larger than %zu MiB in all",
                                    p->s.t->display, SST_MAX_BYTES >> 20));
            return;
        }
        xgrow((void **)&x->sst_off, &x->sst_cap, x->sst_n + 1, sizeof *x->sst_off);
        x->sst_off[x->sst_n++] = off;
    }
}

static void XMLCALL sst_text(void *data, const XML_Char *s, int len)
{
    struct sst_sax *p = data;

    if (p->s.rc || !p->in_t)
        return;
    if (buf_add(&p->cur, s, (size_t)len))
        sax_stop(&p->s, err_set(p->s.e, ERR_LIMIT,
                                "%s: shared string %zu is longer than %zu MiB",
                                p->s.t->display, p->s.x->sst_n, TABLE_FIELD_MAX >> 20));
}

static void sst_get(const struct xlsx_read *x, size_t i, const char **s, size_t *len)
{
    size_t end = i + 1 < x->sst_n ? x->sst_off[i + 1] : x->sst.len;
    *s = x->sst.p + x->sst_off[i];
    *len = end - x->sst_off[i] - 1;
}

/* ---- the sheet ----------------------------------------------------------- */

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_STR, CELL_BOOL, CELL_OTHER };

struct sheet_sax {
    struct sax s;
    int (*fn)(void *ctx, const struct table_row *row);
    void *ctx;
    int in_data, in_row, in_c, in_v, in_is, in_t, rph;
    long row_no, last_row;
    size_t col, next_col; /* this cell's column; where a cell without r goes */
    enum cell_type type;
    struct buf text;      /* this cell's <v> or <is> text */
    struct table_rowbuf row;
    size_t width;         /* 1 + this row's last non-empty column */
    size_t widest;
};

static void col_letters(size_t col, char out[8])
{
    char tmp[8];
    int k = 0, i;

    col++;
    while (col && k < 7) {
        col--;
        tmp[k++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (i = 0; i < k; i++)
        out[i] = tmp[k - 1 - i];
    out[k] = '\0';
}

/* Parses a row number (1..1048576); -1 if it is not one. */
static long parse_row_number(const char *s)
{
    long v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (*s - '0');
        if (v > ROW_NUMBER_MAX)
            return -1;
    }
    return v >= 1 ? v : -1;
}

/* "B5" to column 1; -1 if it is not a cell reference within XFD. */
static int parse_ref(const char *r, size_t *col)
{
    size_t c = 0;
    int k = 0;

    for (; *r >= 'A' && *r <= 'Z'; r++, k++) {
        if (k == 3)
            return -1;
        c = c * 26 + (size_t)(*r - 'A' + 1);
    }
    if (k == 0 || c > TABLE_COLS_MAX || parse_row_number(r) < 0)
        return -1;
    *col = c - 1;
    return 0;
}

static void sheet_where(const struct sheet_sax *p, size_t col, char *buf, size_t n)
{
    char letters[8];
    col_letters(col, letters);
    snprintf(buf, n, "%s:%s!%s%ld", p->s.t->display, p->s.x->sheet, letters, p->row_no);
}

static void XMLCALL sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
    struct sheet_sax *p = data;
    const char *l = local(name), *v;

    if (p->s.rc)
        return;
    if (p->in_c) {
        if (strcmp(l, "v") == 0) {
            p->in_v = 1;
            buf_reset(&p->text);
        } else if (strcmp(l, "is") == 0) {
            p->in_is = 1;
            p->type = CELL_INLINE;
            buf_reset(&p->text);
        } else if (p->in_is && strcmp(l, "rPh") == 0) {
            p->rph++;
        } else if (p->in_is && !p->rph && strcmp(l, "t") == 0) {
            p->in_t = 1;
        }
    } else if (p->in_row && strcmp(l, "c") == 0) {
        v = attr(atts, "r");
        if (v) {
            if (parse_ref(v, &p->col) != 0) {
                sax_damaged(&p->s, "bad cell reference \"%.20s\"", v);
                return;
            }
        } else {
            p->col = p->next_col;
            if (p->col >= TABLE_COLS_MAX) {
                sax_damaged(&p->s, "more than %d cells in row %ld", TABLE_COLS_MAX, p->row_no);
                return;
            }
        }
        v = attr(atts, "t");
        if (!v || strcmp(v, "n") == 0)
            p->type = CELL_NUMBER;
        else if (strcmp(v, "s") == 0)
            p->type = CELL_SHARED;
        else if (strcmp(v, "inlineStr") == 0)
            p->type = CELL_INLINE;
        else if (strcmp(v, "str") == 0)
            p->type = CELL_STR;
        else if (strcmp(v, "b") == 0)
            p->type = CELL_BOOL;
        else
            p->type = CELL_OTHER; /* e (an error such as #N/A), d (an ISO date) */
        p->in_c = 1;
        p->in_v = p->in_is = p->in_t = p->rph = 0;
        buf_reset(&p->text);
    } else if (p->in_data && strcmp(l, "row") == 0) {
        v = attr(atts, "r");
        p->row_no = v ? parse_row_number(v) : p->last_row + 1;
        if (p->row_no < 0 || p->row_no > ROW_NUMBER_MAX) {
            sax_damaged(&p->s, "bad row number \"%.20s\"", v ? v : "");
            return;
        }
        p->in_row = 1;
        p->next_col = 0;
        p->width = 0;
        table_rowbuf_reset(&p->row);
    } else if (strcmp(l, "sheetData") == 0) {
        p->in_data = 1;
    }
}

static void end_cell(struct sheet_sax *p)
{
    char where[512];
    const char *s = p->text.p ? p->text.p : "";
    size_t len = p->text.len;
    int numeric = 0;

    p->next_col = p->col + 1;
    switch (p->type) {
    case CELL_SHARED: {
        size_t i = 0, k;
        if (len == 0)
            break;
        for (k = 0; k < len; k++) {
            if (s[k] < '0' || s[k] > '9' || i > SST_MAX_COUNT) {
                i = SIZE_MAX;
                break;
            }
            i = i * 10 + (size_t)(s[k] - '0');
        }
        if (i >= p->s.x->sst_n) {
            col_letters(p->col, where);
            sax_damaged(&p->s, "cell %s%ld refers to shared string \"%.20s\", which does not exist",
                        where, p->row_no, s);
            return;
        }
        sst_get(p->s.x, i, &s, &len);
        break;
    }
    case CELL_BOOL:
        if (len == 1 && s[0] == '1')
            s = "TRUE", len = 4;
        else if (len == 1 && s[0] == '0')
            s = "FALSE", len = 5;
        break;
    case CELL_INLINE:
    case CELL_STR:
        len = len ? unescape_x(p->text.p, len) : 0;
        break;
    case CELL_NUMBER:
        numeric = 1;
        break;
    case CELL_OTHER:
        break;
    }
    if (len == 0)
        return; /* an empty (perhaps only formatted) cell */
    if (table_rowbuf_set(&p->row, p->col, s, len, numeric)) {
        sheet_where(p, p->col, where, sizeof where);
        sax_stop(&p->s, err_set(p->s.e, ERR_LIMIT, "%s: row %ld is longer than %zu MiB", where,
                                p->row_no, TABLE_ROW_MAX >> 20));
        return;
    }
    if (p->col + 1 > p->width)
        p->width = p->col + 1;
}

static void end_row(struct sheet_sax *p)
{
    struct table_row row;
    int r;

    p->last_row = p->row_no;
    if (p->width == 0)
        return; /* empty rows are skipped */
    if (p->width > p->widest)
        p->widest = p->width;
    table_rowbuf_finish(&p->row, &row, p->widest);
    row.line = p->row_no;
    r = p->fn(p->ctx, &row);
    table_rowbuf_reset(&p->row);
    if (r)
        sax_stop(&p->s, r);
}

static void XMLCALL sheet_end(void *data, const XML_Char *name)
{
    struct sheet_sax *p = data;
    const char *l = local(name);

    if (p->s.rc)
        return;
    if (p->in_c) {
        if (strcmp(l, "v") == 0) {
            p->in_v = 0;
        } else if (strcmp(l, "t") == 0) {
            p->in_t = 0;
        } else if (strcmp(l, "rPh") == 0) {
            if (p->rph)
                p->rph--;
        } else if (strcmp(l, "is") == 0) {
            p->in_is = 0;
        } else if (strcmp(l, "c") == 0) {
            p->in_c = 0;
            end_cell(p);
        }
    } else if (p->in_row && strcmp(l, "row") == 0) {
        p->in_row = 0;
        end_row(p);
    } else if (strcmp(l, "sheetData") == 0) {
        p->in_data = 0;
    }
}

static void XMLCALL sheet_text(void *data, const XML_Char *s, int len)
{
    struct sheet_sax *p = data;
    char where[512];

    if (p->s.rc || !(p->in_v || p->in_t))
        return;
    if (buf_add(&p->text, s, (size_t)len)) {
        sheet_where(p, p->col, where, sizeof where);
        sax_stop(&p->s, err_set(p->s.e, ERR_LIMIT, "%s: a cell is longer than %zu MiB", where,
                                TABLE_FIELD_MAX >> 20));
    }
}

/* ---- the reader ------------------------------------------------------------- */

static void lowercase_first(char *s)
{
    if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
        s[0] = (char)(s[0] - 'A' + 'a');
}

static int open_zip(struct table_reader *t, const char *path, const void *data, size_t len,
                    struct err *e)
{
    struct xlsx_read *x = t->xlsx;
    zip_error_t ze;
    char msg[256];
    int code = 0;

    zip_error_init(&ze);
    if (path) {
        x->zip = zip_open(path, ZIP_RDONLY, &code);
        if (!x->zip)
            zip_error_set(&ze, code, errno);
    } else {
        zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
        if (src) {
            x->zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
            if (!x->zip)
                zip_source_free(src);
        }
    }
    if (!x->zip) {
        snprintf(msg, sizeof msg, "%s", zip_error_strerror(&ze));
        lowercase_first(msg);
        zip_error_fini(&ze);
        return err_set(e, ERR_INPUT, "%s: not an XLSX workbook (%s)", t->display, msg);
    }
    zip_error_fini(&ze);
    return 0;
}

int xlsx_read_open(struct table_reader *t, const char *path, const void *data, size_t len,
                   const char *sheet, struct err *e)
{
    struct xlsx_read *x = xcalloc(1, sizeof *x);
    struct wb_sax w;
    struct rels_sax r;
    struct sst_sax p;
    zip_stat_t st;
    zip_int64_t idx;
    size_t i;
    int rc;

    memset(&w, 0, sizeof w);
    memset(&r, 0, sizeof r);
    memset(&p, 0, sizeof p);
    buf_init(&p.cur, TABLE_FIELD_MAX);
    buf_init(&x->sst, SST_MAX_BYTES);
    t->xlsx = x;
    rc = open_zip(t, path, data, len, e);
    if (rc)
        goto out;
    rc = parse_part(t, "xl/workbook.xml", &w.s, wb_start, wb_end, no_text, 0, e);
    if (rc)
        goto out;
    rc = parse_part(t, "xl/_rels/workbook.xml.rels", &r.s, rels_start, no_end, no_text, 0, e);
    if (rc)
        goto out;
    rc = find_sheet(t, sheet, &w, &r, e);
    if (rc)
        goto out;
    idx = locate(x, x->part);
    if (idx < 0) {
        rc = err_set(e, ERR_INPUT, "%s: damaged workbook: sheet \"%s\" is missing (%s)",
                     t->display, x->sheet, x->part);
        goto out;
    }
    rc = check_entry(t, x->part, idx, &st, e);
    if (rc)
        goto out;
    t->done = 0;
    t->total = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size : 0;
    /* A shared strings part that the relationships name but the archive
     * lacks only matters if a cell refers to it, which then says so. */
    if (x->sst_part && locate(x, x->sst_part) >= 0) {
        rc = parse_part(t, x->sst_part, &p.s, sst_start, sst_end, sst_text, 0, e);
        if (rc)
            goto out;
    }
    rc = 0;
out:
    for (i = 0; i < w.n; i++) {
        free(w.sheets[i].name);
        free(w.sheets[i].rid);
    }
    free(w.sheets);
    for (i = 0; i < r.n; i++) {
        free(r.rels[i].id);
        free(r.rels[i].target);
        free(r.rels[i].type);
    }
    free(r.rels);
    buf_release(&p.cur);
    return rc;
}

int xlsx_read_each(struct table_reader *t, int (*fn)(void *ctx, const struct table_row *row),
                   void *ctx, struct err *e)
{
    struct sheet_sax p;
    int rc;

    memset(&p, 0, sizeof p);
    p.fn = fn;
    p.ctx = ctx;
    buf_init(&p.text, TABLE_FIELD_MAX);
    table_rowbuf_init(&p.row);
    rc = parse_part(t, t->xlsx->part, &p.s, sheet_start, sheet_end, sheet_text, 1, e);
    buf_release(&p.text);
    table_rowbuf_release(&p.row);
    return rc;
}

void xlsx_read_where(const struct table_reader *t, const struct table_row *row, size_t col,
                     char *buf, size_t n)
{
    char letters[8];
    col_letters(col, letters);
    snprintf(buf, n, "%s:%s!%s%ld", t->display, t->xlsx->sheet, letters, row->line);
}

int xlsx_read_date1904(const struct table_reader *t)
{
    return t->xlsx->date1904;
}

void xlsx_read_close(struct table_reader *t)
{
    struct xlsx_read *x = t->xlsx;

    if (x->zip)
        zip_discard(x->zip);
    free(x->sheet);
    free(x->part);
    free(x->sst_part);
    buf_release(&x->sst);
    free(x->sst_off);
    free(x);
    t->xlsx = NULL;
}
